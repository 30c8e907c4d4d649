"""Rate limits of the contract, counted by django-ratelimit in the shared cache.

Each check records its usage on the request, so the middleware can answer with the
X-RateLimit-* headers of the tightest limit that applied."""

import logging

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
    return check_many(request, [(group, rate, key)])[0]


def check_many(request, limits: list[tuple[str, str, object]]) -> list[dict | None]:
    """Count one hit against each (group, rate, key) in `limits` (on Redis in one round trip);
    returns each one's usage, as `check` does."""
    http_request = getattr(request, "_request", request)
    try:
        usages = _count(http_request, limits)
    except Exception:  # the cache (Redis) is down: fail open; limits must not take the API down
        logger.warning("Rate limiting skipped: the cache is unreachable", exc_info=True)
        return [None] * len(limits)
    # django-ratelimit's window `w` holds the hits of seconds w-period+1 .. w, and `time_left` is
    # w - now: the counter starts again at w + 1, so that is when a refused client may come back.
    now = int(ratelimit_core.time.time())
    for usage, (group, _rate, _key) in zip(usages, limits, strict=True):
        if usage is None:
            continue
        usage["reset"] = now + int(usage["time_left"]) + 1
        usage["group"] = group
        records = getattr(http_request, "ratelimit_usages", None)
        if records is None:
            records = http_request.ratelimit_usages = []
        records.append(usage)
        if usage["should_limit"]:
            RATE_LIMITED.labels(group=group).inc()
    return usages


def _count(request, limits: list[tuple[str, str, object]]) -> list[dict | None]:
    """django-ratelimit's `get_usage(..., increment=True)` for each limit, with the same keys,
    windows and usage; on Redis every hit is counted in one round trip (`FastRedisCache.count_hits`)
    where django-ratelimit takes three per hit."""
    cache = caches[settings.RATELIMIT_USE_CACHE]
    if not hasattr(cache, "count_hits") or not settings.RATELIMIT_ENABLE:
        return [get_usage(request, group=group, key=key, rate=rate, increment=True) for group, rate, key in limits]
    counters, windows = [], []
    for group, rate, key in limits:
        limit, period = _split_rate(rate)
        value = key(group, request)
        window = _get_window(value, period)
        counters.append((_make_cache_key(group, window, rate, value, get_usage.ALL), period + EXPIRATION_FUDGE))
        windows.append((limit, window))
    reads = _reads_to_carry(request, cache)
    counts, found = cache.count_hits(counters, reads, caches["default"])
    if reads:
        request.cache_carried = (frozenset(reads), found)
    # The window's end and the time left by the same clock as django-ratelimit's own arithmetic.
    now = int(ratelimit_core.time.time())
    return [
        {"count": count, "limit": limit, "should_limit": count > limit, "time_left": window - now}
        for count, (limit, window) in zip(counts, windows, strict=True)
    ]


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
    if reads is None or not hasattr(cache, "count_hits") or not cache.same_redis(caches["default"]):
        return []
    request.cache_reads = None  # the first count carries them
    return list(reads())


def tightest(usages: list[dict]) -> dict:
    limited = [u for u in usages if u["should_limit"]]
    if limited:
        return max(limited, key=lambda u: u["time_left"])
    return min(usages, key=lambda u: u["limit"] - u["count"])


def retry_after(usage: dict) -> int:
    """Seconds until the counter of `usage` starts again: the second after its window's end."""
    return int(usage["time_left"]) + 1


def headers_for(usage: dict) -> dict[str, str]:
    headers = {
        "X-RateLimit-Limit": str(usage["limit"]),
        "X-RateLimit-Remaining": str(max(usage["limit"] - usage["count"], 0)),
        "X-RateLimit-Reset": str(usage["reset"]),
    }
    if usage["should_limit"]:
        headers["Retry-After"] = str(retry_after(usage))
    return headers


class _UsageThrottle(BaseThrottle):
    def __init__(self):
        self.usage = None

    def allow_request(self, request, view):
        if not self.applies(request, view):
            return True
        self.usage = _counted(request, view, self)
        return not (self.usage and self.usage["should_limit"])

    def wait(self):
        return retry_after(self.usage) if self.usage else None

    def applies(self, request, view) -> bool:
        return True

    def limit(self, request):
        raise NotImplementedError


def _counted(request, view, throttle: _UsageThrottle) -> dict | None:
    """`throttle`'s usage. DRF asks each throttle of the view in turn; the first to ask counts the
    hits of every one that applies in one round trip, and each of the others takes its own."""
    http_request = getattr(request, "_request", request)
    pending = getattr(http_request, "throttle_usages", None)
    if not pending or type(throttle) not in pending:
        throttles = [t for t in view.get_throttles() if isinstance(t, _UsageThrottle) and t.applies(request, view)]
        if not any(type(t) is type(throttle) for t in throttles):
            throttles = [throttle]
        usages = check_many(request, [t.limit(request) for t in throttles])
        pending = http_request.throttle_usages = dict(zip((type(t) for t in throttles), usages, strict=True))
    return pending.pop(type(throttle))


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
