"""What the public sees is the same for every visitor of a language until an editor changes
something: public pages and the anonymous portfolio API are kept in the shared cache under a
*content version*, and any save or delete of a content model moves the version on, so the next
request renders afresh in every process (the version lives in the shared cache, Redis in
production). Entries also expire after CONTENT_CACHE_SECONDS, which bounds what a bulk
`QuerySet.update()` (no signals) or a deploy with new templates could leave stale.

Content models are those listed in settings.CONTENT_CACHE_MODELS; a service that changes content
with `QuerySet.update()` calls `bump_content_version()` itself."""

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "content:version"


def _start_version() -> int:
    # Time-based, so a version started after a cache flush never repeats an old one.
    version = int(time.time() * 1000)
    cache.add(VERSION_KEY, version, timeout=None)
    return cache.get(VERSION_KEY) or version


def content_version() -> int:
    """The current version; a fresh one is started when the cache has none (or is down)."""
    version = cache.get(VERSION_KEY)
    return _start_version() if version is None else version


def content_get(key: str):
    """(value, version): the value kept under `key` if it was made at the current version, else
    None; one round trip to the cache. Pass the version on to `content_set` after rendering, so
    that an edit made meanwhile is not hidden under the new version."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return None, _start_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1], version
    return None, version


def content_set(key: str, value, version: int, timeout: int | None = None) -> None:
    cache.set(key, (version, value), settings.CONTENT_CACHE_SECONDS if timeout is None else timeout)


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, max(int(time.time() * 1000), (cache.get(VERSION_KEY) or 0) + 1), timeout=None)
    except Exception:  # a cache outage: entries expire on their own
        logger.exception("Content version not moved on")


def bump_content_version() -> None:
    """Moves the version on now and again after the current transaction commits, so that a request
    rendering between the write and its commit cannot cache the old content under the new version."""
    _bump()
    transaction.on_commit(_bump)


def request_key(prefix: str, request) -> str:
    """A key for what `request` asks in its language: scheme, host, path and sorted query (absolute
    links in the answer depend on the first two). Raises DisallowedHost for a bad Host."""
    from django.utils import translation

    query = sorted(request.GET.lists())
    where = hashlib.md5(
        f"{request.scheme}|{request.get_host()}|{request.path}|{query}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"{prefix}:{translation.get_language()}:{where}"


def _changed(sender, instance=None, **kwargs) -> None:
    model = instance if kwargs.get("signal") is m2m_changed and instance is not None else sender
    if model._meta.label_lower in settings.CONTENT_CACHE_MODELS:
        bump_content_version()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"core.content_cache.{id(signal)}")
