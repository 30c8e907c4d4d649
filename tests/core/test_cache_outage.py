"""With Redis configured but down, the API keeps answering: rate limiting fails open and health says so."""

import pytest

DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = DOWN
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


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
