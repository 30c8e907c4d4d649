"""Hands background work to whoever runs it, without ever making a request wait on it.

`OUTBOX_RELAY` chooses how:
- `celery` (REDIS_URL set): publish the task by name; the publish fails fast (short socket
  timeouts, no retries) and, once the broker has failed, is skipped for a while: the outbox row
  is already committed and beat's sweep hands it on when the broker is back. New events share
  publishes (`announce_event`): the first commit rings a doorbell and publishes one drain; the
  commits that follow while it rings publish nothing, and the drain hands all of them on.
- `thread` (the embedded default): a small pool of threads in this process, started on first
  use, plus a sweeper thread, so a slow subscriber never slows a visitor and nothing needs a
  second terminal.
- `inline` (tests): run at once, in the caller's thread.
"""

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.db import close_old_connections, connections, transaction

from .aftercommit import CacheWrite, write_after_commit

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_import_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_sweeper: threading.Thread | None = None
_broker_down_until = 0.0


def mode() -> str:
    return settings.OUTBOX_RELAY


def dispatch_event(event_id: int) -> None:
    dispatch("core.process_event", event_id)


DOORBELL_KEY = "outbox:doorbell"


def announce_event(event_id: int) -> None:
    """A new event: have it processed once the current transaction commits (at once outside one);
    never raises. With Celery, a publish costs a request more than everything else it does, so
    under load many events share one: the commit that finds the doorbell silent rings it (a key
    set only if absent, expiring after OUTBOX_DOORBELL_SECONDS, written with the commit's other
    cache writes in one round trip) and publishes `core.drain_events`; a commit that finds it
    ringing publishes nothing. The drain silences the doorbell before it reads the new events, so
    an event is either read by a drain already on its way or rings for a new one."""
    if mode() != "celery" or settings.OUTBOX_DOORBELL_SECONDS <= 0:
        transaction.on_commit(partial(dispatch_event, event_id), robust=True)
        return
    write_after_commit(
        CacheWrite(
            "add",
            DOORBELL_KEY,
            1,
            settings.OUTBOX_DOORBELL_SECONDS,
            then=partial(_rang, event_id),
            failed=partial(_doorbell_unreachable, event_id),
        )
    )


def _rang(event_id: int, rang: bool) -> None:
    if not rang:
        return  # a drain is on its way: it reads this event
    if _broker_marked_down():
        silence_doorbell()  # the sweep hands it on; the next commit rings again
        return
    try:
        _publish("core.drain_events", ())
    except Exception:
        logger.exception("Relay: drain not published; the outbox sweep hands event %s on", event_id)
        silence_doorbell()  # the next commit rings (and publishes) again


def _doorbell_unreachable(event_id: int, exc: Exception) -> None:
    logger.warning("Relay: doorbell unreachable (%s); event %s published alone", exc, event_id)
    dispatch_event(event_id)


def silence_doorbell() -> None:
    """The drain's first step: from now on a commit rings (and publishes) again. Never raises."""
    from django.core.cache import cache

    try:
        cache.delete(DOORBELL_KEY)
    except Exception:  # it expires on its own
        logger.warning("Relay: doorbell not silenced; it expires in %ss", settings.OUTBOX_DOORBELL_SECONDS)


def dispatch(task_name: str, *args) -> None:
    """Run task `task_name` with `args` in the background; never raises."""
    how = mode()
    try:
        if how == "inline":
            _run(task_name, args)
        elif how == "thread":
            _pool().submit(_run_in_thread, task_name, args)
            _ensure_sweeper()
        else:
            _publish(task_name, args)
    except Exception:
        logger.exception("Relay: %s%r not dispatched; the outbox sweep retries it", task_name, args)


def _run(task_name: str, args: tuple) -> None:
    from celery import current_app

    if task_name not in current_app.tasks:
        # Celery's autodiscovery returns at once, empty-handed, to a second thread while a first
        # one imports: import under a lock, then look again.
        with _import_lock:
            if task_name not in current_app.tasks:
                current_app.loader.import_default_modules()
    current_app.tasks[task_name].run(*args)


def _run_in_thread(task_name: str, args: tuple) -> None:
    close_old_connections()
    try:
        _run(task_name, args)
    except Exception:
        logger.exception("Relay thread: %s%r failed", task_name, args)
    finally:
        connections.close_all()


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=settings.OUTBOX_THREADS, thread_name_prefix="outbox")
        return _executor


def _ensure_sweeper() -> None:
    """The embedded default has no beat: one daemon thread sweeps the outbox every
    OUTBOX_SWEEP_SECONDS (started on first use, never at import or in `ready()`)."""
    global _sweeper
    with _lock:
        if _sweeper is not None and _sweeper.is_alive():
            return
        _sweeper = threading.Thread(target=_sweep_forever, name="outbox-sweeper", daemon=True)
        _sweeper.start()


def _sweep_forever() -> None:
    from . import events

    while mode() == "thread":
        close_old_connections()
        try:
            events.sweep()
        except Exception:
            logger.exception("Outbox sweep failed")
        finally:
            connections.close_all()
        time.sleep(settings.OUTBOX_SWEEP_SECONDS)


def start() -> None:
    """Start the in-process relay now (the first request does this in the embedded default, so
    events left over from before a restart are swept without waiting for a new one)."""
    if mode() == "thread":
        _ensure_sweeper()


def _broker_marked_down() -> bool:
    return time.monotonic() < _broker_down_until


def _publish(task_name: str, args: tuple) -> None:
    global _broker_down_until
    if _broker_marked_down():
        logger.warning("Relay: broker marked down; %s%r left to the outbox sweep", task_name, args)
        return
    from celery import current_app

    try:
        current_app.send_task(task_name, args=args, retry=False, ignore_result=True)
    except Exception:
        _broker_down_until = time.monotonic() + settings.OUTBOX_BROKER_BACKOFF_SECONDS
        raise
