"""Cache writes a transaction owes once it commits, sent together: one round trip to Redis.

A write request moves cache versions on and rings the outbox doorbell only after its commit (before
it, nobody else can see what it wrote). Each is a small write to Redis, and a round trip costs a
request more than the write itself, so the writes a transaction owes are gathered and sent in one
pipeline by a single after-commit hook. Outside a transaction a write is sent at once."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass
class CacheWrite:
    kind: str  # "set" or "add"
    key: str
    value: object
    timeout: int | None
    tag: str = ""  # what `owed()` asks for
    then: Callable[[bool | None], None] | None = None  # with what the write answered
    failed: Callable[[Exception], None] | None = None  # the cache could not be written


class _Writes:
    """The after-commit hook of one transaction: its writes, in the order they were asked for."""

    def __init__(self):
        self.writes: list[CacheWrite] = []
        self.done = False

    def __call__(self) -> None:
        self.done = True
        send(self.writes)


def _pending(connection) -> _Writes | None:
    """The current transaction's writes while they are still owed: not once the commit has sent
    them, nor once a rollback (of the transaction or of the savepoint that asked first) dropped them."""
    writes = getattr(connection, "aftercommit_writes", None)
    if writes is None or writes.done or not connection.in_atomic_block:
        return None
    if not any(hook is writes for _sids, hook, _robust in connection.run_on_commit):
        return None
    return writes


def write_after_commit(write: CacheWrite) -> None:
    """Send `write` once the current transaction commits, with the others it owes (at once outside
    a transaction; never if it rolls back)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        send([write])
        return
    writes = _pending(connection)
    if writes is None:
        writes = connection.aftercommit_writes = _Writes()
        transaction.on_commit(writes, robust=True)
    writes.writes.append(write)


def owed(tag: str) -> bool:
    """Whether the current transaction owes a write tagged `tag` (it has not committed yet)."""
    connection = transaction.get_connection()
    writes = _pending(connection) if connection.in_atomic_block else None
    return writes is not None and any(write.tag == tag for write in writes.writes)


def send(writes: list[CacheWrite]) -> None:
    """Write each to the shared cache, in one round trip on Redis; then tell each one's `then` what
    it answered, or its `failed` why it could not be written. Never raises."""
    try:
        write_many = getattr(cache, "write_many", None)
        if write_many is not None:
            answers = write_many([(w.kind, w.key, w.value, w.timeout) for w in writes])
        else:  # another backend (the tests' memory): one at a time
            answers = [getattr(cache, w.kind)(w.key, w.value, w.timeout) for w in writes]
    except Exception as exc:
        logger.warning("Cache writes after commit not made: %s", exc)
        for write in writes:
            _call(write.failed, exc)
        return
    for write, answer in zip(writes, answers, strict=True):
        _call(write.then, answer)


def _call(callback, argument) -> None:
    if callback is None:
        return
    try:
        callback(argument)
    except Exception:
        logger.exception("After-commit callback %r failed", callback)
