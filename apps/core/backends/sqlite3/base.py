"""Django's SQLite backend, with writers queued in the kernel instead of SQLite's busy sleeps.

A transaction here starts with BEGIN IMMEDIATE (settings: one writer at a time, readers beside it
in WAL mode). A writer that finds another in its transaction is put to sleep by SQLite's busy
handler for 1, 2, 5, 10, ... ms, however soon the other commits: with two web processes writing an
inquiry each (a transaction of about a millisecond), a writer often slept two or three times longer
than the other held the lock, and the processor stood idle meanwhile (issue 13).

So a transaction first takes an exclusive `flock` on a file beside the database
(`<name>-writers.lock`) and lets it go when it commits, rolls back or closes: a waiting writer is
woken by the kernel the moment the lock is free. A `flock` wait has no timeout, so a writer that
finds the lock taken hands the wait to the process's queue thread and waits for it at most the
database's `timeout` option; past that it goes on to BEGIN IMMEDIATE anyway, where SQLite's busy
handler and its "database is locked" answer take over, as without the queue (the queue thread lets
the lock go again as soon as it gets it for a writer that gave up).

The queue is only a courtesy: SQLite's own lock still decides. A writer outside a transaction (one
autocommitted statement) or in another program waits on that lock as before. An in-memory database
has no file and no queue."""

import fcntl
import os
import queue
import threading

from django.db.backends.sqlite3 import base


class _Ticket:
    """One writer's wait for the lock of `fd`, done by the queue thread."""

    def __init__(self, fd: int):
        self.fd = fd
        self.granted = threading.Event()
        self.abandoned = False
        self.served = False  # the queue thread is done with it
        self.close_after = False  # the connection closed while this ticket waited: the thread closes the file
        self.lock = threading.Lock()


class _Waiter:
    """The queue thread of one process: takes the lock for each ticket in turn, blocking."""

    def __init__(self):
        self.tickets: queue.SimpleQueue[_Ticket] = queue.SimpleQueue()
        self.pid = os.getpid()
        threading.Thread(target=self._run, name="sqlite-writers-queue", daemon=True).start()

    def _run(self) -> None:
        while True:
            ticket = self.tickets.get()
            fcntl.flock(ticket.fd, fcntl.LOCK_EX)
            with ticket.lock:
                ticket.served = True
                if not ticket.abandoned:
                    ticket.granted.set()
                    continue
                fcntl.flock(ticket.fd, fcntl.LOCK_UN)  # its writer gave up waiting
                if ticket.close_after:
                    os.close(ticket.fd)


_waiter: _Waiter | None = None
_waiter_lock = threading.Lock()


def _queue_thread() -> _Waiter:
    global _waiter
    with _waiter_lock:
        if _waiter is None or _waiter.pid != os.getpid():  # threads do not survive a fork
            _waiter = _Waiter()
        return _waiter


class DatabaseWrapper(base.DatabaseWrapper):
    _queue_fd = None  # the lock file, opened by this connection in this process
    _queue_pid = None
    _queued = False  # this connection holds the queue's lock
    _waiting: _Ticket | None = None  # a ticket this connection gave up on, not yet served

    def _start_transaction_under_autocommit(self):
        if not self.is_in_memory_db():
            self._enter_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()
            self._close_queue_file()

    def _enter_queue(self) -> None:
        if self._queue_fd is None or self._queue_pid != os.getpid():  # never a descriptor shared by a fork
            self._queue_fd = os.open(f"{self.settings_dict['NAME']}-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
            self._queue_pid = os.getpid()
            self._waiting = None
        if self._waiting is not None:
            with self._waiting.lock:
                if not self._waiting.served:
                    return  # a wait given up is still queued: SQLite's busy handler decides this time
            self._waiting = None
        try:
            fcntl.flock(self._queue_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            ticket = _Ticket(self._queue_fd)
            _queue_thread().tickets.put(ticket)
            if not ticket.granted.wait(float(self.settings_dict["OPTIONS"].get("timeout", 5))):
                with ticket.lock:
                    if not ticket.granted.is_set():
                        ticket.abandoned = True
                        self._waiting = ticket
                        return
        self._queued = True

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            fcntl.flock(self._queue_fd, fcntl.LOCK_UN)

    def _close_queue_file(self) -> None:
        if self._queue_fd is None or self._queue_pid != os.getpid():
            return
        ticket, fd = self._waiting, self._queue_fd
        self._queue_fd = self._waiting = None
        if ticket is not None:
            with ticket.lock:
                if not ticket.served:
                    ticket.close_after = True  # still waited for: the queue thread closes it when served
                    return
        os.close(fd)
