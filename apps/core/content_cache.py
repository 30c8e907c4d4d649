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
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

CONTENT = "content"  # the public site's content: settings.CONTENT_CACHE_MODELS
LEAD_LIST = "lead-list"  # what the API's lead list shows: settings.LEAD_LIST_CACHE_MODELS


def _groups() -> dict[str, set[str]]:
    return {CONTENT: settings.CONTENT_CACHE_MODELS, LEAD_LIST: settings.LEAD_LIST_CACHE_MODELS}


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


def content_get(key: str, group: str = CONTENT):
    """(value, version): the value kept under `key` if it was made at the current version, else
    None; one round trip to the cache. Pass the version on to `content_set` after rendering, so
    that an edit made meanwhile is not hidden under the new version."""
    found = cache.get_many([_version_key(group), key])
    version = found.get(_version_key(group))
    if version is None:
        return None, _start_version(group)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1], version
    return None, version


def content_set(key: str, value, version: int, timeout: int | None = None) -> None:
    cache.set(key, (version, value), settings.CONTENT_CACHE_SECONDS if timeout is None else timeout)


def _bump(group: str) -> None:
    # Entries are valid only at the very version they were made at, so any new value will do: a
    # random one is a single write (no read), from any process on any host.
    try:
        cache.set(_version_key(group), secrets.randbits(62), timeout=None)
    except Exception:  # a cache outage: entries expire on their own
        logger.exception("Cache version of %s not moved on", group)


def bump_content_version(group: str = CONTENT) -> None:
    """Moves the version on now and again after the current transaction commits, so that a request
    rendering between the write and its commit cannot cache the old content under the new version."""
    _bump(group)
    transaction.on_commit(lambda: _bump(group))


def request_key(prefix: str, request, *, ignore: tuple[str, ...] = ()) -> str:
    """A key for what `request` asks in its language: scheme, host, path and sorted query (absolute
    links in the answer depend on the first two), without the `ignore`d parameters (ones that do
    not change the answer). Raises DisallowedHost for a bad Host."""
    from django.utils import translation

    query = sorted((name, values) for name, values in request.GET.lists() if name not in ignore)
    where = hashlib.md5(
        f"{request.scheme}|{request.get_host()}|{request.path}|{query}".encode(), usedforsecurity=False
    ).hexdigest()
    return f"{prefix}:{translation.get_language()}:{where}"


def _changed(sender, instance=None, **kwargs) -> None:
    model = instance if kwargs.get("signal") is m2m_changed and instance is not None else sender
    label = model._meta.label_lower
    for group, models in _groups().items():
        if label in models:
            bump_content_version(group)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"core.content_cache.{id(signal)}")
