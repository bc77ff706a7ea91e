"""Settings for ``make bench``: the service's own, with the benchmark's two views added.

The bare and hello-world views exist only in this URLconf, never in the service's.
"""

import os

# Before the service's settings read it: the benchmark has a database of its own.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/byggebro_bench")

from config.settings import *  # noqa: F403  (the service as configured, plus what follows)

ROOT_URLCONF = "tests.bench.urls"
# Measured as served: no debug pages, no query log.
DEBUG = False
