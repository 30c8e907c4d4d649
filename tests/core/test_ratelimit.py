"""Rate limits (contract §1): X-RateLimit-* on every /api/ answer, per-role limits from settings,
counted per client IP or per user in the shared cache."""

import time

import pytest
from rest_framework.test import APIClient

from tests.conftest import assert_error

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def assert_rate_headers(response, *, limit: int, remaining: int):
    assert response["X-RateLimit-Limit"] == str(limit)
    assert response["X-RateLimit-Remaining"] == str(remaining)
    reset = int(response["X-RateLimit-Reset"])
    assert time.time() - 1 <= reset <= time.time() + 3600 + 1  # Unix seconds, within the window


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/health",
        "/api/v1/system/version",
        "/api/v1/does-not-exist",
        "/api/v1/users",  # 401
        "/api/changelog",
        "/api/changelog.rss",
        "/api/postman-collection.json",
        "/api/postman-environment.json",
        "/api/schema/",
    ],
)
def test_every_api_response_carries_rate_limit_headers(api_client, db, settings, path):
    settings.RATELIMIT_ANON = "50/h"
    first = api_client.get(path)
    second = api_client.get(path)
    assert_rate_headers(first, limit=50, remaining=49)
    assert_rate_headers(second, limit=50, remaining=48)


def test_site_pages_do_not_carry_rate_limit_headers(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert not any(header in response for header in RATE_HEADERS)


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/does-not-exist", "/api/changelog"])
def test_anonymous_limit_comes_from_settings(api_client, db, settings, path):
    settings.RATELIMIT_ANON = "3/m"
    for remaining in (2, 1, 0):
        response = api_client.get(path)
        assert response.status_code != 429
        assert_rate_headers(response, limit=3, remaining=remaining)
    refused = api_client.get(path)
    assert_error(refused, 429, "RATE_LIMIT_EXCEEDED")
    assert_rate_headers(refused, limit=3, remaining=0)
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_default_limits_are_the_contracts():
    from django.conf import settings

    assert (settings.RATELIMIT_ANON, settings.RATELIMIT_USER, settings.RATELIMIT_ADMIN) == (
        "1000/h",
        "1000/h",
        "5000/h",
    )
    assert (settings.RATELIMIT_LOGIN, settings.RATELIMIT_CREATE) == ("10/m", "100/h")


def test_admin_and_user_limits_differ(as_role, settings):
    settings.RATELIMIT_USER = "5/h"
    settings.RATELIMIT_ADMIN = "8/h"
    user_response = as_role("user").get("/api/v1/auth/profile")
    admin_response = as_role("admin").get("/api/v1/auth/profile")
    assert user_response.status_code == admin_response.status_code == 200
    assert_rate_headers(user_response, limit=5, remaining=4)
    assert_rate_headers(admin_response, limit=8, remaining=7)


def test_user_limit_is_per_user_not_per_ip(as_role, settings):
    settings.RATELIMIT_USER = "2/h"
    first, second = as_role("user"), as_role("user")
    for _ in range(2):
        assert first.get("/api/v1/auth/profile").status_code == 200
    assert_error(first.get("/api/v1/auth/profile"), 429, "RATE_LIMIT_EXCEEDED")
    response = second.get("/api/v1/auth/profile")  # same 127.0.0.1, another user
    assert response.status_code == 200
    assert_rate_headers(response, limit=2, remaining=1)


def test_api_key_callers_get_their_users_limit(as_role, settings):
    settings.RATELIMIT_ADMIN = "4/h"
    response = as_role("api_key:admin").get("/api/v1/auth/profile")
    assert response.status_code == 200
    assert_rate_headers(response, limit=4, remaining=3)


def test_refused_staff_request_counts_against_the_user_not_the_ip(as_role, settings):
    settings.RATELIMIT_USER = "5/h"
    settings.RATELIMIT_ANON = "50/h"
    response = as_role("user").get("/api/v1/users")  # 403 before the view's throttles run
    assert_error(response, 403, "PERMISSION_DENIED")
    assert_rate_headers(response, limit=5, remaining=4)


def test_counters_are_per_remote_addr(api_client, db, settings):
    settings.RATELIMIT_ANON = "2/m"
    for _ in range(2):
        assert api_client.get("/api/v1/health", REMOTE_ADDR="203.0.113.5").status_code == 200
    assert_error(api_client.get("/api/v1/health", REMOTE_ADDR="203.0.113.5"), 429, "RATE_LIMIT_EXCEEDED")
    other = api_client.get("/api/v1/health", REMOTE_ADDR="203.0.113.6")
    assert other.status_code == 200
    assert_rate_headers(other, limit=2, remaining=1)


def test_forwarded_for_is_ignored_without_trusted_proxies(api_client, db, settings):
    settings.RATELIMIT_ANON = "2/m"
    settings.TRUSTED_PROXY_COUNT = 0
    for forged in ("198.51.100.1", "198.51.100.2"):
        assert api_client.get("/api/v1/health", HTTP_X_FORWARDED_FOR=forged).status_code == 200
    refused = api_client.get("/api/v1/health", HTTP_X_FORWARDED_FOR="198.51.100.3")
    assert_error(refused, 429, "RATE_LIMIT_EXCEEDED")


def test_forwarded_for_names_the_client_behind_trusted_proxies(api_client, db, settings):
    settings.RATELIMIT_ANON = "2/m"
    settings.TRUSTED_PROXY_COUNT = 1
    # The client may prepend anything; the one trusted proxy appends the address it saw.
    for _ in range(2):
        response = api_client.get("/api/v1/health", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1")
        assert response.status_code == 200
    assert_error(
        api_client.get("/api/v1/health", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.1"), 429, "RATE_LIMIT_EXCEEDED"
    )
    response = api_client.get("/api/v1/health", HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2")
    assert response.status_code == 200
    assert_rate_headers(response, limit=2, remaining=1)


def test_create_limit_applies_to_creations(as_role, settings):
    settings.RATELIMIT_CREATE = "2/h"
    admin = as_role("admin")
    for n in range(2):
        response = admin.post(
            "/api/v1/users",
            {"email": f"new{n}@example.com", "name": "Новый", "password": "Str0ng-pass-9x", "role": "user"},
            format="json",
        )
        assert response.status_code == 201, response.content
    assert response["X-RateLimit-Limit"] == "2"
    assert response["X-RateLimit-Remaining"] == "0"
    refused = admin.post(
        "/api/v1/users",
        {"email": "new9@example.com", "name": "Новый", "password": "Str0ng-pass-9x", "role": "user"},
        format="json",
    )
    assert_error(refused, 429, "RATE_LIMIT_EXCEEDED")
    assert int(refused["Retry-After"]) >= 1
    # Reading is not creating: the list still answers, under the admin limit.
    listing = admin.get("/api/v1/users")
    assert listing.status_code == 200
    assert listing["X-RateLimit-Limit"] == "5000"


def test_login_limit_counts_attempts_per_ip(api_client, db, settings):
    settings.RATELIMIT_LOGIN = "2/m"
    for _ in range(2):
        assert_error(
            api_client.post("/api/v1/auth/login", {"email": "x@example.com", "password": "nope"}, format="json"),
            401,
            "INVALID_CREDENTIALS",
        )
    refused = api_client.post("/api/v1/auth/token", {"email": "x@example.com", "password": "nope"}, format="json")
    assert_error(refused, 429, "RATE_LIMIT_EXCEEDED")
    assert refused["X-RateLimit-Remaining"] == "0"
    assert "Retry-After" in refused


def test_rate_limited_requests_are_counted_in_metrics(api_client, db, settings):
    from apps.core.metrics import RATE_LIMITED

    settings.RATELIMIT_ANON = "1/m"
    before = RATE_LIMITED.labels(group="api-anon")._value.get()
    api_client.get("/api/v1/health")
    api_client.get("/api/v1/health")
    assert RATE_LIMITED.labels(group="api-anon")._value.get() == before + 1


def test_limits_can_be_switched_off(api_client, db, settings):
    settings.RATELIMIT_ENABLE = False
    settings.RATELIMIT_ANON = "1/m"
    for _ in range(3):
        assert api_client.get("/api/v1/health").status_code == 200


def test_fresh_client_fixture_gets_fresh_counters(db, settings):
    # The autouse cache-clearing fixture: limits do not leak from earlier tests.
    settings.RATELIMIT_ANON = "3/m"
    assert APIClient().get("/api/v1/health")["X-RateLimit-Remaining"] == "2"


def test_plain_view_over_the_limit_is_refused_before_it_runs(api_client, db, settings, monkeypatch):
    from apps.core import changelog

    calls = []
    releases = changelog.releases
    monkeypatch.setattr(changelog, "releases", lambda: calls.append(1) or releases())
    settings.RATELIMIT_ANON = "1/m"
    assert api_client.get("/api/changelog").status_code == 200
    assert_error(api_client.get("/api/changelog"), 429, "RATE_LIMIT_EXCEEDED")
    assert len(calls) == 1


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/does-not-exist"])
def test_a_refused_client_that_waits_retry_after_seconds_is_let_in(api_client, db, settings, monkeypatch, path):
    """django-ratelimit's window `w` counts the hits of seconds w-59 .. w: the counter starts again
    at w + 1. Refused in the window's last second, the client is told to wait one second (not
    zero) and that the counter resets at w + 1 (not w), and at w + 1 it is let in."""
    from types import SimpleNamespace

    from django_ratelimit import core

    settings.RATELIMIT_ANON = "2/m"
    window = core._get_window("127.0.0.1", 60)  # anonymous callers are counted per IP
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: window + 0.5))
    for _ in range(2):
        assert api_client.get(path).status_code != 429

    refused = api_client.get(path)

    assert_error(refused, 429, "RATE_LIMIT_EXCEEDED")
    assert refused["Retry-After"] == "1"
    assert refused["X-RateLimit-Reset"] == str(window + 1)

    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: window + 1.0))
    again = api_client.get(path)

    assert again.status_code != 429
    assert again["X-RateLimit-Remaining"] == "1"


def test_retry_after_counts_to_the_second_after_the_window(api_client, db, settings, monkeypatch):
    from types import SimpleNamespace

    from django_ratelimit import core

    settings.RATELIMIT_ANON = "1/m"
    window = core._get_window("127.0.0.1", 60)
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: window - 30.25))
    api_client.get("/api/v1/health")

    refused = api_client.get("/api/v1/health")

    assert refused["Retry-After"] == "32"  # 31.25 s to w + 1, in whole seconds: not one too few
    assert refused["X-RateLimit-Reset"] == str(window + 1)
