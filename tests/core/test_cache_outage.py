"""With Redis configured but down, the API keeps answering: rate limiting fails open and health says so."""

import pytest

# As baimuras/settings/base.py configures Redis, pointing at a port where nothing listens.
UNREACHABLE = {"LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}
DOWN = {
    "default": {"BACKEND": "apps.core.cache.ResilientRedisCache", **UNREACHABLE},
    "ratelimit": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **UNREACHABLE},
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DOWN
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    settings.REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Overrides the root fixture: clearing an unreachable cache would fail."""
    yield


def test_api_health_answers_degraded_when_redis_is_down(client, db, redis_down):
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["redis"] == "disconnected"
    assert "X-RateLimit-Limit" not in response


def test_login_still_works_when_redis_is_down(client, db, redis_down, client_user):
    response = client.post(
        "/api/v1/auth/login",
        {"email": client_user.email, "password": "Str0ng-pass-for-tests"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["token_type"] == "Bearer"


def test_sessions_do_not_depend_on_the_cache():
    from django.conf import settings

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_admin_login_works_when_redis_is_down(client, db, redis_down, admin_user):
    assert client.get("/admin/login/").status_code == 200
    response = client.post(
        "/admin/login/?next=/admin/", {"username": admin_user.email, "password": "Str0ng-pass-for-tests"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_site_login_works_when_redis_is_down(client, db, redis_down, client_user):
    response = client.post(
        "/login", {"email": client_user.email, "password": "Str0ng-pass-for-tests"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert client.get("/dashboard").status_code == 200


def test_an_inquiry_is_kept_and_answered_at_once_when_redis_is_down(
    client, db, redis_down, settings, django_capture_on_commit_callbacks
):
    from apps.core.models import Event, EventStatus
    from apps.leads.models import Lead

    settings.OUTBOX_RELAY = "celery"  # the broker is down too (the timing is in tests/webhooks/test_outage.py)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/leads", {"name": "Айдана", "email": "aidana@example.com"}, content_type="application/json"
        )
    assert response.status_code == 201, response.content
    lead = Lead.objects.get()
    assert Event.objects.get(type="lead.created", payload__id=lead.pk).status == EventStatus.PENDING


def test_public_pages_render_from_the_database_when_redis_is_down(client, db, redis_down):
    for path in ("/", "/contact", "/services/kitchens", "/portfolio"):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)


def test_the_resilient_cache_reads_as_a_miss_and_skips_writes(redis_down):
    from django.core.cache import cache

    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.get_many(["a", "b"]) == {}
