"""Page views are written in batches: one INSERT of many rows instead of one transaction per view.

A view is added to this process's buffer when its response is closed; the buffer is written when it
holds ANALYTICS_BUFFER_SIZE views, or by a background thread at most ANALYTICS_BUFFER_SECONDS after
its first view, and at exit. A process killed outright loses at most that many seconds of counts,
never a visitor's page or an inquiry (an inquiry's attribution reads the open visit from the shared
cache, which is written at once). With ANALYTICS_BUFFER_SIZE = 1 every view is written as it comes
(the tests). Failures are logged, never raised."""

import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection

from .models import PageView

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending: list[PageView] = []
_timer_pid: int | None = None


def add(view: PageView) -> None:
    with _lock:
        _pending.append(view)
        due = len(_pending) >= max(1, settings.ANALYTICS_BUFFER_SIZE)
    if due:
        flush()
    else:
        _ensure_timer()


def flush() -> int:
    with _lock:
        batch = _pending[:]
        _pending.clear()
    if not batch:
        return 0
    try:
        PageView.objects.bulk_create(batch, batch_size=500)
    except Exception:
        logger.exception("%d page views not recorded", len(batch))
        return 0
    return len(batch)


def pending() -> int:
    return len(_pending)


def _run() -> None:
    while True:
        time.sleep(max(0.1, settings.ANALYTICS_BUFFER_SECONDS))
        if _pending:
            flush()
            connection.close()  # this thread's own connection; a new one next time


def _ensure_timer() -> None:
    """One flushing thread per process, started with the first buffered view (after a fork too)."""
    global _timer_pid
    if _timer_pid == os.getpid():
        return
    with _lock:
        if _timer_pid == os.getpid():
            return
        _timer_pid = os.getpid()
    threading.Thread(target=_run, name="analytics-buffer", daemon=True).start()


atexit.register(flush)
