"""An email provider stand-in for the reliability tests: records every call in a SQLite file.

It lives in another process (the Celery worker) from the test that reads it, and
survives that process being killed: each call is committed before it returns.
Like providers that honour an idempotency key, it delivers a message whose key it
has already accepted only once, and it counts every call, so a test sees both how
often the provider was asked and what reached the recipients.
``RECORDING_FAIL_RATE`` makes that share of calls fail as a provider outage would.
"""

import os
import random
import sqlite3
from collections.abc import Sequence
from functools import cache

from anymail.exceptions import AnymailAPIError
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

SCHEMA = """
create table if not exists calls (key text not null, ok integer not null, pid integer not null);
create table if not exists deliveries (key text primary key, message_id text not null);
"""


class ProviderUnavailable(AnymailAPIError):
    """A 503 from the provider: sending again later will do."""

    def __str__(self) -> str:
        return "503 Service Unavailable (recording backend)"


@cache
def _database(path: str, pid: int) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    connection.execute("pragma journal_mode=wal")
    # Committed writes survive the process being killed (the OS has them) without an fsync each.
    connection.execute("pragma synchronous=normal")
    connection.executescript(SCHEMA)
    return connection


def recording(path: str) -> sqlite3.Connection:
    return _database(path, os.getpid())


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        database = recording(os.environ["RECORDING_DB"])
        fail_rate = float(os.environ.get("RECORDING_FAIL_RATE", "0"))
        for message in email_messages:
            key = message.extra_headers["Idempotency-Key"]
            if random.random() < fail_rate:
                database.execute("insert into calls values (?, 0, ?)", (key, os.getpid()))
                raise ProviderUnavailable("provider unavailable", status_code=503)
            with database:
                database.execute("insert into calls values (?, 1, ?)", (key, os.getpid()))
                database.execute(
                    "insert or ignore into deliveries values (?, ?)",
                    (key, message.extra_headers["Message-ID"]),
                )
        return len(email_messages)
