"""What the public sees is the same for every visitor of a language until an editor changes
something: public pages and the anonymous portfolio API are kept in the shared cache under a
*content version*, and any save or delete of a content model moves the version on, so the next
request renders afresh in every process (the version lives in the shared cache, Redis in
production). Entries also expire after CONTENT_CACHE_SECONDS, which bounds what a bulk
`QuerySet.update()` (no signals) or a deploy with new templates could leave stale.

Content models are those listed in settings.CONTENT_CACHE_MODELS; a service that changes content
with `QuerySet.update()` calls `bump_content_version()` itself.

What the public sees may also be kept in the process (`local=True`): the process then trusts its
copy of the version for CONTENT_CACHE_LOCAL_SECONDS (1 s) and answers from its own bounded copy of
the entries (CONTENT_CACHE_LOCAL_ENTRIES) without asking the shared cache at all. An edit shows at
once in the process that made it (moving the version on drops the process's copy) and within that
second in every other process. Staff data (the lead list) is never kept in the process: an API
client must read what it has just written, whichever process answers."""

import hashlib
import logging
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from .aftercommit import CacheWrite, owed, write_after_commit
from .ratelimit import carried

logger = logging.getLogger(__name__)

CONTENT = "content"  # the public site's content: settings.CONTENT_CACHE_MODELS
LEAD_LIST = "lead-list"  # what the API's lead list shows: settings.LEAD_LIST_CACHE_MODELS


def _groups() -> dict[str, set[str]]:
    return {CONTENT: settings.CONTENT_CACHE_MODELS, LEAD_LIST: settings.LEAD_LIST_CACHE_MODELS}


def _seconds(group: str) -> int:
    """How long the group's entries live at most: the bound on what a write without signals
    (`QuerySet.update()`, a deleted manager's leads set to NULL) could leave; 0 keeps nothing."""
    return {CONTENT: settings.CONTENT_CACHE_SECONDS, LEAD_LIST: settings.LEAD_LIST_CACHE_SECONDS}[group]


def _version_key(group: str) -> str:
    return f"{group}:version"


def _start_version(group: str = CONTENT) -> int:
    version = secrets.randbits(62)
    cache.add(_version_key(group), version, timeout=None)
    return cache.get(_version_key(group)) or version


def content_version(group: str = CONTENT) -> int:
    """The current version; a fresh one is started when the cache has none (or is down)."""
    version = cache.get(_version_key(group))
    return _start_version(group) if version is None else version


class _LocalCopy:
    """This process's copy: each group's version (with when it was read) and the latest entries."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions: dict[str, tuple[int, float]] = {}
        self.entries: OrderedDict[str, tuple[int, object]] = OrderedDict()

    def version(self, group: str) -> int | None:
        seen = self.versions.get(group)
        if seen is None or time.monotonic() - seen[1] >= settings.CONTENT_CACHE_LOCAL_SECONDS:
            return None
        return seen[0]

    def get(self, key: str, version: int):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self.entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, version: int, value) -> None:
        with self.lock:
            self.entries[key] = (version, value)
            self.entries.move_to_end(key)
            while len(self.entries) > settings.CONTENT_CACHE_LOCAL_ENTRIES:
                self.entries.popitem(last=False)

    def forget(self, group: str | None = None) -> None:
        with self.lock:
            if group is None:
                self.versions.clear()
                self.entries.clear()
            else:
                self.versions.pop(group, None)


_local = _LocalCopy()


def forget_local() -> None:
    """Drops this process's copy (the tests, between cases)."""
    _local.forget()


def content_keys(key: str, group: str = CONTENT) -> list[str]:
    """The cache keys `content_get(key, group)` reads (for `ratelimit.carry_reads`)."""
    return [_version_key(group), key]


def content_get(key: str, group: str = CONTENT, *, local: bool = False, request=None):
    """(value, version): the value kept under `key` if it was made at the current version, else
    None; one round trip to the cache (none with `local` while the process's copy is fresh). Pass
    the version on to `content_set` after rendering, so that an edit made meanwhile is not hidden
    under the new version. Inside a transaction that has written to the group: (None, None), and
    `content_set` keeps nothing (see `bump_content_version`)."""
    if _written_in_this_transaction(group):
        return None, None
    if local and settings.CONTENT_CACHE_LOCAL_SECONDS > 0:
        version = _local.version(group)
        if version is not None:
            value = _local.get(key, version)
            if value is not None:
                return value, version
    found = carried(request, content_keys(key, group)) if request is not None else None
    if found is None:
        found = cache.get_many(content_keys(key, group))
    version = found.get(_version_key(group))
    if version is None:
        version = _start_version(group)
        entry = None
    else:
        entry = found.get(key)
    if local:
        _local.versions[group] = (version, time.monotonic())
    if entry is not None and entry[0] == version:
        if local:
            _local.put(key, version, entry[1])
        return entry[1], version
    return None, version


def content_set(key: str, value, version: int | None, timeout: int | None = None, *, local: bool = False) -> None:
    if version is None:  # made inside a transaction that wrote to the group: never kept
        return
    cache.set(key, (version, value), settings.CONTENT_CACHE_SECONDS if timeout is None else timeout)
    if local:
        _local.put(key, version, value)


def kept(key: str, make, group: str = CONTENT):
    """`make()` (not None), made once per version of `group` and kept in the shared cache: a count
    or a list derived from the group's rows, read on every page, stays right after any write."""
    value, version = content_get(key, group)
    if value is None:
        value = make()
        content_set(key, value, version, _seconds(group))
    return value


def _bump(group: str) -> None:
    # Entries are valid only at the very version they were made at, so any new value will do: a
    # random one is a single write (no read), from any process on any host.
    write_after_commit(
        CacheWrite(
            "set",
            _version_key(group),
            secrets.randbits(62),
            None,
            tag=_version_key(group),
            then=lambda _answer: _local.forget(group),
            failed=lambda exc: _version_not_moved(group, exc),
        )
    )


def _version_not_moved(group: str, exc: Exception) -> None:
    # A cache outage: entries expire on their own.
    _local.forget(group)
    logger.warning("Cache version of %s not moved on: %s", group, exc)


def bump_content_version(group: str = CONTENT) -> None:
    """Moves the version on once the current transaction commits (at once outside one), with the
    other cache writes the commit owes (apps/core/aftercommit.py). Until then the writing
    transaction reads and keeps nothing of the group (`content_get`): it sees rows nobody else
    sees yet, and keeping them would show them to all even were it to roll back. Other requests
    meanwhile render what is committed, under the version that commit will end."""
    if not _written_in_this_transaction(group):  # once per transaction and group
        _bump(group)


def _written_in_this_transaction(group: str) -> bool:
    """Whether the current transaction has written to `group` and not committed yet: it owes the
    version move `_bump` asked for."""
    return owed(_version_key(group))


# Headers a kept answer never carries: made again for each answer it is replayed as.
PER_ANSWER_HEADERS = frozenset({"content-length", "date", "set-cookie"})


def kept_headers(response, *, also_drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The headers of a finished answer worth keeping with it: all but PER_ANSWER_HEADERS and the
    lower-case names or prefixes in `also_drop` (headers made per caller)."""
    return [
        (name, value)
        for name, value in response.items()
        if name.lower() not in PER_ANSWER_HEADERS and not name.lower().startswith(also_drop)
    ]


def replay(content: bytes, headers: list[tuple[str, str]]) -> HttpResponse:
    """A kept answer, answered again: its bytes and headers, with its own Content-Length."""
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["Content-Length"] = str(len(content))
    return response


def request_key(prefix: str, request, *, ignore: tuple[str, ...] = (), language: str | None = None) -> str:
    """A key for what `request` asks in its language (the active one unless given): scheme, host,
    path and sorted query (absolute links in the answer depend on the first two), without the
    `ignore`d parameters (ones that do not change the answer). Raises DisallowedHost for a bad Host."""
    from django.utils import translation

    query = (  # most requests have none: no QueryDict to parse
        sorted((name, values) for name, values in request.GET.lists() if name not in ignore)
        if request.META.get("QUERY_STRING")
        else []
    )
    where = hashlib.md5(
        f"{request.scheme}|{request.get_host()}|{request.path}|{query}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"{prefix}:{language or translation.get_language()}:{where}"


def _changed(sender, instance=None, **kwargs) -> None:
    model = instance if kwargs.get("signal") is m2m_changed and instance is not None else sender
    label = model._meta.label_lower
    for group, models in _groups().items():
        if label in models:
            bump_content_version(group)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"core.content_cache.{id(signal)}")
