"""The shared cache, kept from taking the site down with it: with Redis unreachable every read is a
miss and every write is skipped (logged once in a while), so pages, logins and inquiries go on from
the database. Rate limits use the plain backend under another alias: they detect the outage
themselves and fail open (apps/core/ratelimit.py)."""

import hashlib
import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, skip Redis for this long instead of paying a connect timeout on every call.
RETRY_AFTER_SECONDS = 5.0


def _resilient(default=None):
    def decorate(method):
        @wraps(method)
        def call(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                if time.monotonic() - self._last_warning > 60:
                    logger.warning("Cache unreachable: serving without it for now")
                    self._last_warning = time.monotonic()
                self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
                return default() if callable(default) else default

        return call

    return decorate


class _ReusedClientCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` for every operation (its constructor fills a
    dict of ~200 response callbacks: about a third of a millisecond each time). A `redis.Redis` is
    safe to share between threads, so one per connection pool is kept and reused."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


# INCR, and the window's expiry on the first hit (EVALSHA: the script is sent once per connection pool).
COUNT_HIT_LUA = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
COUNT_HIT_SHA = hashlib.sha1(COUNT_HIT_LUA.encode(), usedforsecurity=False).hexdigest()


class FastRedisCache(RedisCache):
    """Django's Redis cache, reusing its client objects (the rate limits' alias)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClientCacheClient
        self._count_scripts = {}

    def count_hit(self, key: str, timeout: int, version=None) -> int:
        """Adds one to the counter `key` (made with `timeout` if missing) and returns it: one command
        (a Lua script, atomic in Redis), where Django's `add` + `incr` (which checks EXISTS first)
        take three round trips. Stored as Django stores an int, so `get` reads it back."""
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        script = self._count_scripts.get(id(client))
        if script is None:
            script = self._count_scripts[id(client)] = client.register_script(COUNT_HIT_LUA)
        return int(script(keys=[key], args=[int(timeout)]))

    def count_hits(self, counters: list[tuple[str, int]], reads: list[str] = (), reader=None) -> tuple[list[int], dict]:
        """`count_hit` of each (key, timeout) in `counters` (a request under several limits), and
        what `reader.get_many(reads)` would return (`reader`: a cache on the same Redis), all in one
        round trip (a pipeline). The script is sent by its SHA; were Redis to have forgotten it, each
        hit is counted again by `count_hit`, which sends it."""
        if len(counters) == 1 and not reads:  # one command: no pipeline to build
            return [self.count_hit(*counters[0])], {}
        counter_keys = [(self.make_and_validate_key(key), int(timeout)) for key, timeout in counters]
        made = {reader.make_and_validate_key(name): name for name in reads} if reads else {}
        client = self._cache.get_client(counter_keys[0][0], write=True)
        pipe = client.pipeline(transaction=False)
        for counter_key, timeout in counter_keys:
            pipe.evalsha(COUNT_HIT_SHA, 1, counter_key, timeout)
        if made:
            pipe.mget(list(made))
        results = pipe.execute(raise_on_error=False)
        found = {}
        if made:
            values = results.pop()
            if isinstance(values, Exception):
                raise values
            loads = reader._cache._serializer.loads
            found = {name: loads(value) for name, value in zip(made.values(), values, strict=True) if value is not None}
        counts = []
        for (key, timeout), count in zip(counters, results, strict=True):
            if isinstance(count, NoScriptError):
                count = self.count_hit(key, timeout)
            elif isinstance(count, Exception):
                raise count
            counts.append(int(count))
        return counts, found

    def write_many(self, writes: list[tuple[str, str, object, int | None]]) -> list[bool | None]:
        """Each ("set" | "add", key, value, timeout) as `set` and `add` would do it, in one round trip
        (a pipeline, in order); answers what each would answer (None for a set). Raises when Redis is
        unreachable: the caller chooses what to do without it."""
        pipe = None
        for kind, key, value, timeout in writes:
            if kind not in ("set", "add"):
                raise ValueError(f"not a cache write: {kind}")
            made = self.make_and_validate_key(key)
            timeout = self.get_backend_timeout(timeout)
            if timeout == 0:
                raise ValueError("write_many keeps what it writes: give a timeout, or None for ever")
            if pipe is None:
                pipe = self._cache.get_client(made, write=True).pipeline(transaction=False)
            pipe.set(made, self._cache._serializer.dumps(value), ex=timeout, nx=kind == "add")
        if pipe is None:
            return []
        results = pipe.execute(raise_on_error=True)
        return [bool(result) if kind == "add" else None for (kind, *_), result in zip(writes, results, strict=True)]

    def same_redis(self, other) -> bool:
        """Whether `other` is a Redis cache on the same servers and database (its keys, made by its
        own key function, can be read on this cache's connections)."""
        return isinstance(other, RedisCache) and other._servers == self._servers


class ResilientRedisCache(FastRedisCache):
    _down_until = 0.0
    _last_warning = 0.0

    def write_many(self, writes):
        """`FastRedisCache.write_many`; raises at once while Redis is known to be down."""
        if time.monotonic() < self._down_until:
            raise RedisConnectionError("the cache was unreachable a moment ago")
        try:
            return super().write_many(writes)
        except UNREACHABLE:
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
            raise

    def get(self, key, default=None, version=None):
        return _resilient(default)(RedisCache.get)(self, key, default, version)

    add = _resilient(False)(RedisCache.add)
    set = _resilient(None)(RedisCache.set)
    touch = _resilient(False)(RedisCache.touch)
    delete = _resilient(False)(RedisCache.delete)
    get_many = _resilient(dict)(RedisCache.get_many)
    set_many = _resilient(list)(RedisCache.set_many)
    delete_many = _resilient(None)(RedisCache.delete_many)
    has_key = _resilient(False)(RedisCache.has_key)
    clear = _resilient(False)(RedisCache.clear)
