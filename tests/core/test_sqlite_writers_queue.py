"""SQLite's writers queued in the kernel (apps/core/backends/sqlite3): a writer waits for the other's
commit on a `flock` and no longer than the database's timeout; the lock goes with every end of a
transaction."""

import fcntl
import os
import threading
import time

import pytest
from django.db import OperationalError, connection, connections, transaction

from apps.core.backends.sqlite3 import base as queued

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backend")


def open_database(path, timeout=5.0):
    """A connection of the queued backend to the file `path` (for the calling thread)."""
    settings = {
        **connection.settings_dict,
        "NAME": str(path),
        "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }
    database = queued.DatabaseWrapper(settings, alias=f"queue-{threading.get_ident()}")
    database.ensure_connection()
    return database


def rows(path) -> list:
    database = open_database(path)
    with database.cursor() as cursor:
        cursor.execute("SELECT who FROM inquiry ORDER BY id")
        found = [row[0] for row in cursor.fetchall()]
    database.close()
    return found


def write(database, who: str) -> None:
    with database.cursor() as cursor:
        cursor.execute("INSERT INTO inquiry (who) VALUES (%s)", [who])


def lock_is_free(path) -> bool:
    fd = os.open(f"{path}-writers.lock", os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@pytest.fixture(autouse=True)
def files_of_our_own(request, django_db_blocker):
    """These tests open databases of their own, in files; not the test database."""
    if "db" in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "queue.sqlite3"
    database = open_database(path)
    with database.cursor() as cursor:
        cursor.execute("CREATE TABLE inquiry (id INTEGER PRIMARY KEY, who TEXT)")
    database.close()
    return path


@pytest.fixture
def tickets(monkeypatch):
    made = []

    class Recorded(queued._Ticket):
        def __init__(self, fd):
            super().__init__(fd)
            made.append(self)

    monkeypatch.setattr(queued, "_Ticket", Recorded)
    return made


def in_thread(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_a_writer_waits_in_the_queue_until_the_other_commits(path, tickets):
    holding, release, events = threading.Event(), threading.Event(), []

    def first():
        database = open_database(path)
        database._start_transaction_under_autocommit()
        write(database, "first")
        holding.set()
        release.wait(10)
        events.append("first commits")
        database.commit()
        database.close()

    def second():
        holding.wait(10)
        database = open_database(path)
        database._start_transaction_under_autocommit()
        events.append(("second begins", database._queued))
        write(database, "second")
        database.commit()
        database.close()

    threads = [in_thread(first), in_thread(second)]
    holding.wait(10)
    time.sleep(0.3)  # the second is waiting by now
    assert events == []
    release.set()
    for thread in threads:
        thread.join(10)
    assert events == ["first commits", ("second begins", True)]
    assert len(tickets) == 1 and tickets[0].granted.is_set()  # it waited in the queue, not in SQLite
    assert rows(path) == ["first", "second"]
    assert lock_is_free(path)


def test_a_writer_waits_no_longer_than_the_timeout_and_the_queue_is_not_left_locked(path, tickets):
    holding, release = threading.Event(), threading.Event()

    def first():
        database = open_database(path)
        database._start_transaction_under_autocommit()
        write(database, "first")
        holding.set()
        release.wait(30)
        database.commit()
        database.close()

    thread = in_thread(first)
    holding.wait(10)
    second = open_database(path, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="locked"):  # SQLite's own answer, as without the queue
        second._start_transaction_under_autocommit()
    assert time.monotonic() - started < 5
    assert second._queued is False and tickets[0].abandoned
    release.set()
    thread.join(10)
    deadline = time.monotonic() + 5
    while not tickets[0].served and time.monotonic() < deadline:  # the queue thread lets it go
        time.sleep(0.01)
    assert tickets[0].served and lock_is_free(path)
    second._start_transaction_under_autocommit()  # and the next transaction queues as before
    assert second._queued
    write(second, "second")
    second.commit()
    second.close()
    assert rows(path) == ["first", "second"]


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_every_end_of_a_transaction_lets_the_lock_go(path, end):
    database = open_database(path)
    database._start_transaction_under_autocommit()
    write(database, end)
    assert not lock_is_free(path)
    getattr(database, end)()
    assert lock_is_free(path)
    database.close()
    assert rows(path) == (["commit"] if end == "commit" else [])


def test_the_test_database_in_memory_has_no_queue(db):
    assert connection.is_in_memory_db()
    with transaction.atomic():
        pass
    assert isinstance(connections["default"], queued.DatabaseWrapper)
    assert connections["default"]._queue_fd is None
