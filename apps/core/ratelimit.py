"""Rate limits of the contract, counted by django-ratelimit in the shared cache.

Each check records its usage on the request, so the middleware can answer with the
X-RateLimit-* headers of the tightest limit that applied."""

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django_ratelimit import core as ratelimit_core
from django_ratelimit.core import EXPIRATION_FUDGE, _get_window, _make_cache_key, _split_rate, get_usage
from rest_framework.throttling import BaseThrottle

from .metrics import RATE_LIMITED
from .net import client_ip

logger = logging.getLogger(__name__)


def _ip_key(group, request):
    return client_ip(request)


def _user_key(group, request):
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def check(request, *, group: str, rate: str, key=_ip_key) -> dict | None:
    """Count one hit; returns django-ratelimit's usage (or None when rate limiting is off)."""
    http_request = getattr(request, "_request", request)
    try:
        usage = _count(http_request, group=group, key=key, rate=rate)
    except Exception:  # the cache (Redis) is down: fail open; limits must not take the API down
        logger.warning("Rate limiting skipped: the cache is unreachable", exc_info=True)
        return None
    if usage is None:
        return None
    usage["reset"] = int(time.time()) + int(usage["time_left"])
    usage["group"] = group
    records = getattr(http_request, "ratelimit_usages", None)
    if records is None:
        records = http_request.ratelimit_usages = []
    records.append(usage)
    if usage["should_limit"]:
        RATE_LIMITED.labels(group=group).inc()
    return usage


def _count(request, *, group: str, rate: str, key) -> dict | None:
    """django-ratelimit's `get_usage(..., increment=True)`, with the same keys, windows and usage;
    on Redis the hit is counted in one round trip (`FastRedisCache.count_hit`) instead of three."""
    cache = caches[settings.RATELIMIT_USE_CACHE]
    count_hit = getattr(cache, "count_hit", None)
    if count_hit is None or not settings.RATELIMIT_ENABLE:
        return get_usage(request, group=group, key=key, rate=rate, increment=True)
    limit, period = _split_rate(rate)
    value = key(group, request)
    window = _get_window(value, period)
    counter = _make_cache_key(group, window, rate, value, get_usage.ALL)
    reads = _reads_to_carry(request, cache)
    if reads:
        count, found = cache.count_hit_and_read(counter, period + EXPIRATION_FUDGE, reads, caches["default"])
        request.cache_carried = (frozenset(reads), found)
    else:
        count = count_hit(counter, period + EXPIRATION_FUDGE)
    # The window's end and the time left by the same clock as django-ratelimit's own arithmetic.
    time_left = window - int(ratelimit_core.time.time())
    return {"count": count, "limit": limit, "should_limit": count > limit, "time_left": time_left}


def carry_reads(request, reads) -> None:
    """Asks the request's first rate-limit count to read `reads()` (keys of the default cache) in
    its round trip (on Redis); `carried` then has what it read. `reads` is called when the count is
    made: after DRF's content negotiation and authentication."""
    getattr(request, "_request", request).cache_reads = reads


def carried(request, keys: list[str]) -> dict | None:
    """What the rate-limit count read of `keys` for this request ({key: value}, a key missing when it
    has no value), or None when it read none of them (rate limits off, not on Redis, no count)."""
    seen = getattr(getattr(request, "_request", request), "cache_carried", None)
    if seen is None or not seen[0].issuperset(keys):
        return None
    return {key: value for key, value in seen[1].items() if key in keys}


def _reads_to_carry(request, cache) -> list[str]:
    reads = getattr(request, "cache_reads", None)
    if reads is None or not hasattr(cache, "count_hit_and_read") or not cache.same_redis(caches["default"]):
        return []
    request.cache_reads = None  # the first count carries them
    return list(reads())


def tightest(usages: list[dict]) -> dict:
    limited = [u for u in usages if u["should_limit"]]
    if limited:
        return max(limited, key=lambda u: u["time_left"])
    return min(usages, key=lambda u: u["limit"] - u["count"])


def headers_for(usage: dict) -> dict[str, str]:
    headers = {
        "X-RateLimit-Limit": str(usage["limit"]),
        "X-RateLimit-Remaining": str(max(usage["limit"] - usage["count"], 0)),
        "X-RateLimit-Reset": str(usage["reset"]),
    }
    if usage["should_limit"]:
        headers["Retry-After"] = str(max(int(usage["time_left"]), 1))
    return headers


class _UsageThrottle(BaseThrottle):
    def __init__(self):
        self.usage = None

    def allow_request(self, request, view):
        if not self.applies(request, view):
            return True
        group, rate, key = self.limit(request)
        self.usage = check(request, group=group, rate=rate, key=key)
        return not (self.usage and self.usage["should_limit"])

    def wait(self):
        return max(int(self.usage["time_left"]), 1) if self.usage else None

    def applies(self, request, view) -> bool:
        return True

    def limit(self, request):
        raise NotImplementedError


def role_limit(user) -> tuple[str, str, object]:
    """(group, rate, key) of the caller's role: per IP when anonymous, per user otherwise."""
    if user is not None and user.is_authenticated:
        if getattr(user, "role", None) == "admin":
            return "api-admin", settings.RATELIMIT_ADMIN, _user_key
        return "api-user", settings.RATELIMIT_USER, _user_key
    return "api-anon", settings.RATELIMIT_ANON, _ip_key


def check_role(request) -> dict | None:
    """Count one hit against the limit of the caller's role (for requests no DRF throttle saw)."""
    group, rate, key = role_limit(getattr(request, "user", None))
    return check(request, group=group, rate=rate, key=key)


class RoleRateThrottle(_UsageThrottle):
    """1000/h per IP for anonymous callers, 1000/h per user, 5000/h for admins."""

    def limit(self, request):
        return role_limit(request.user)


class LoginRateThrottle(_UsageThrottle):
    """10 login attempts per minute per IP (API login, token and the site's /login)."""

    def limit(self, request):
        return "login", settings.RATELIMIT_LOGIN, _ip_key


class CreateRateThrottle(_UsageThrottle):
    """100 creations per hour per user (per IP for anonymous creators)."""

    def applies(self, request, view) -> bool:
        return request.method == "POST"

    def limit(self, request):
        return "create", settings.RATELIMIT_CREATE, _user_key
