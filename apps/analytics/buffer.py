"""Page views are recorded in batches: one read and one write of the open visits in the shared
cache and one INSERT for many views, instead of two cache round trips and a transaction per view.

A request's view goes into this process's buffer when its response is closed, as the request told
it (path, User-Agent, IP, host, source, time); the visitor's hash, the device and the visit are
worked out when the buffer is written: when it holds ANALYTICS_BUFFER_SIZE views, or by a
background thread at most ANALYTICS_BUFFER_SECONDS after its first view, at exit, and before an
inquiry's attribution reads the visitor's visit. A view that can start a visit with a source (a
campaign's tags, another site's link) has its visit worked out at once, so that the visitor's next
views, in any process, find the visit it opened. A process killed outright loses at most those
seconds of counts, never a visitor's page or an inquiry. With ANALYTICS_BUFFER_SIZE = 1 every view
is written as it comes (the tests). Failures are logged, never raised."""

import atexit
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection

from . import services
from .models import PageView

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RawView:
    path: str
    user_agent: str
    ip: str
    host: str
    source: services.VisitSource
    at: datetime


_lock = threading.Lock()
_pending: list[RawView | PageView] = []
_timer_pid: int | None = None


def _sessionize(views: list[RawView]) -> list[PageView]:
    from .tracking import identity_of

    seen = []
    for view in views:
        identity = identity_of(user_agent=view.user_agent, ip=view.ip, host=view.host, at=view.at)
        if identity is not None:  # a bot: not counted
            seen.append(services.ViewSeen(view.path, identity[0], identity[1], view.source, view.at))
    return services.pageviews_sessionize(seen)


def add(view: RawView, *, at_once: bool = False) -> None:
    """Buffers a view; with `at_once` its visit is worked out now (only the INSERT waits)."""
    if at_once:
        try:
            rows = _sessionize([view])
        except Exception:
            logger.exception("Page view not recorded for %s", view.path)
            return
    with _lock:
        _pending.extend(rows if at_once else [view])
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
        raw = [view for view in batch if isinstance(view, RawView)]
        rows = [view for view in batch if not isinstance(view, RawView)] + _sessionize(raw)
        PageView.objects.bulk_create(rows, batch_size=500)
    except Exception:
        logger.exception("%d page views not recorded (%s)", len(batch), ", ".join(sorted({v.path for v in batch})[:5]))
        return 0
    return len(rows)


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
