"""Set-based writes for the planner: many rows in a few statements.

On PostgreSQL the rows are streamed with ``COPY`` into a temporary table and
moved into their table with one ``INSERT ... SELECT ... ON CONFLICT DO
NOTHING``: no model instance per row, one round trip for the lot, and a row that
a concurrent planner wrote first is skipped by its unique constraint. Other
databases (SQLite, for the demo) have no ``COPY``: the callers keep an ORM path
for them, and ``copy_supported`` says which to take.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper


def copy_supported() -> bool:
    """Whether ``staged`` can be used: PostgreSQL (psycopg 3) only."""
    return connection.vendor == "postgresql"


@contextmanager
def staged(
    name: str, columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]]
) -> Iterator[CursorWrapper]:
    """A temporary table ``name`` (``columns``: name and SQL type) holding ``rows``.

    Yields a cursor to read it with; the table is dropped on leaving, so the same
    name can be staged again in the transaction. Call it inside ``transaction.atomic``.
    """
    definition = ", ".join(f"{column} {sql_type}" for column, sql_type in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({definition}) ON COMMIT DROP")
        names = ", ".join(column for column, _ in columns)
        with cursor.cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        yield cursor
        # On an error the transaction's rollback removes the table with everything else.
        cursor.execute(f"DROP TABLE {name}")
