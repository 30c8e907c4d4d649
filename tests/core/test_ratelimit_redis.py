"""On Redis a rate-limit hit is one round trip (FastRedisCache.count_hit) that keeps
django-ratelimit's keys, windows and expiry: what one counts, the other reads."""

import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django_ratelimit.core import get_usage

from apps.core import ratelimit


@pytest.fixture
def redis_limits(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-test"},
        "ratelimit": {
            "BACKEND": "apps.core.cache.FastRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": f"rl-test-{time.monotonic_ns()}",
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    yield caches["ratelimit"]
    caches["ratelimit"].clear()


def _request(ip="203.0.113.7"):
    return RequestFactory().get("/api/v1/health", REMOTE_ADDR=ip)


@pytest.mark.redis
def test_count_hit_counts_in_one_round_trip_with_an_expiry(redis_limits):
    assert redis_limits.count_hit("rl:probe", 65) == 1
    assert redis_limits.count_hit("rl:probe", 65) == 2
    assert redis_limits.get("rl:probe") == 2  # Django reads the counter back as an int
    client = redis_limits._cache.get_client(write=True)
    ttl = client.ttl(redis_limits.make_and_validate_key("rl:probe"))
    assert 60 <= ttl <= 65  # set once, by the first hit: the window still ends


@pytest.mark.redis
def test_counts_are_django_ratelimits_counts(redis_limits):
    request = _request()
    for expected in (1, 2, 3):
        usage = ratelimit.check(request, group="api-anon", rate="3/m")
        assert usage["count"] == expected and usage["limit"] == 3
    assert usage["should_limit"] is False
    # django-ratelimit itself, not counting, sees the same counter under the same key and window.
    seen = get_usage(request, group="api-anon", key=ratelimit._ip_key, rate="3/m", increment=False)
    assert seen["count"] == 3
    refused = ratelimit.check(request, group="api-anon", rate="3/m")
    assert refused["should_limit"] is True and refused["count"] == 4
    assert 0 <= refused["time_left"] <= 60  # the window may end this very second (django-ratelimit)
    # Another client, another counter.
    assert ratelimit.check(_request("203.0.113.8"), group="api-anon", rate="3/m")["count"] == 1


@pytest.mark.redis
def test_api_headers_count_down_on_redis(redis_limits, api_client, db, settings):
    settings.RATELIMIT_ANON = "5/h"
    remaining = [api_client.get("/api/v1/health")["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["4", "3", "2"]


def test_unreachable_redis_fails_open(settings, api_client, db):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl-down"},
        "ratelimit": {
            "BACKEND": "apps.core.cache.FastRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    assert ratelimit.check(_request(), group="api-anon", rate="3/m") is None
    response = api_client.get("/api/v1/health")
    assert response.status_code == 200
    assert "X-RateLimit-Limit" not in response
