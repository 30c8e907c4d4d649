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


@pytest.mark.redis
def test_a_count_carries_reads_of_the_default_cache_in_its_round_trip(redis_caches):
    default, limits = redis_caches
    default.set_many({"kept:a": {"rows": [1, 2]}, "kept:b": "два"})
    assert limits.same_redis(default)
    assert limits.count_hits([("rl:carry", 65)], ["kept:a", "kept:b", "kept:none"], default) == (
        [1],
        {"kept:a": {"rows": [1, 2]}, "kept:b": "два"},
    )
    # Redis forgot the script (a restart, SCRIPT FLUSH): the hit is still counted, once.
    limits._cache.get_client(write=True).script_flush()
    assert limits.count_hits([("rl:carry", 65)], ["kept:b"], default) == ([2], {"kept:b": "два"})
    assert limits.get("rl:carry") == 2


@pytest.mark.redis
@pytest.mark.django_db
def test_the_lead_list_is_read_in_the_rate_limits_round_trip(redis_caches, manager):
    from unittest import mock

    from tests.conftest import bearer_client
    from tests.leads.factories import LeadFactory

    default, _limits = redis_caches
    LeadFactory.create_batch(2)
    client = bearer_client(manager)
    first = client.get("/api/v1/leads")
    with mock.patch.object(type(default), "get_many", side_effect=AssertionError("a second round trip")):
        second = client.get("/api/v1/leads")
    assert second.status_code == 200 and second.content == first.content
    assert int(second["X-RateLimit-Remaining"]) == int(first["X-RateLimit-Remaining"]) - 1


@pytest.mark.redis
@pytest.mark.django_db
def test_an_inquiry_counts_both_of_its_limits_in_one_round_trip(redis_caches, manager, settings):
    """POST /api/v1/leads is under the caller's role limit and the creation limit: both hits are
    counted in one pipeline, each against django-ratelimit's own key, and the tighter one answers."""
    from unittest import mock

    from redis.client import Pipeline

    from tests.conftest import bearer_client

    settings.RATELIMIT_USER, settings.RATELIMIT_CREATE = "50/h", "3/h"
    client = bearer_client(manager)
    real_execute = Pipeline.execute
    round_trips = []

    def execute(pipe, *args, **kwargs):
        round_trips.append(len(pipe.command_stack))
        return real_execute(pipe, *args, **kwargs)

    remaining = []
    with mock.patch.object(Pipeline, "execute", execute):
        for number in range(4):
            response = client.post(
                "/api/v1/leads", {"name": f"Айгүл {number}", "email": f"one-trip-{number}@example.com"}, format="json"
            )
            remaining.append((response.status_code, response["X-RateLimit-Remaining"]))
    assert round_trips == [2, 2, 2, 2]  # one pipeline of two counts per request
    assert remaining == [(201, "2"), (201, "1"), (201, "0"), (429, "0")]
    request = RequestFactory().post("/api/v1/leads")
    request.user = manager
    for group, rate, hits in (("api-user", "50/h", 4), ("create", "3/h", 4)):
        seen = get_usage(request, group=group, key=ratelimit._user_key, rate=rate, increment=False)
        assert seen["count"] == hits
