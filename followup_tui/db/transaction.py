"""Transactions: all or nothing (`atomic`), and a write lock taken with patience."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


@contextlib.contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: a transaction, or a savepoint when one is already open."""
    if conn.in_transaction:
        import secrets  # only here: importing it costs more than the rest of opening a file

        name = f"sp_{secrets.token_hex(8)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    begin_immediate(conn)
    try:
        yield conn
        # A COMMIT that fails (a deferred foreign key, a full disk) leaves the transaction
        # open: it is rolled back here like any other failure, never left holding the lock.
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def begin_immediate(conn: sqlite3.Connection, attempts: int = 3, wait: float = 0.1) -> None:
    """Take the write lock, retrying with a growing pause when the busy timeout runs out
    (another program's long write); the last failure is raised."""
    import time

    for attempt in range(attempts):
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            busy = getattr(error, "sqlite_errorname", "").startswith("SQLITE_BUSY")
            if not busy or attempt == attempts - 1:
                raise
        time.sleep(wait * 2**attempt)
