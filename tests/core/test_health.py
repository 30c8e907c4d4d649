"""Health and system endpoints (contract §10)."""

import platform
import re

import django
import pytest
from django.db import DatabaseError

import baimuras
from apps.core import health
from tests.conftest import assert_error

ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def database_down(monkeypatch):
    monkeypatch.setattr(health, "database_ok", lambda: False)


@pytest.mark.parametrize("path", ["/health", "/api/v1/health", "/api/v1/health/"])
def test_health_is_healthy(client, db, settings, path):
    settings.REDIS_URL = ""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"status", "timestamp", "version", "database", "redis"}
    assert body["status"] == "healthy"
    assert ISO_Z.match(body["timestamp"])
    assert body["version"] == baimuras.__version__ == "2.1.0"
    assert body["database"] == "connected"
    assert body["redis"] == "not_configured"


@pytest.mark.parametrize("path", ["/health", "/api/v1/health"])
def test_health_is_503_when_the_database_is_down(client, db, database_down, path):
    response = client.get(path)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["database"] == "disconnected"
    assert ISO_Z.match(body["timestamp"])


@pytest.mark.parametrize("path", ["/health", "/api/v1/health"])
def test_health_is_degraded_when_redis_is_unreachable(client, db, settings, path):
    settings.REDIS_URL = CLOSED_PORT_REDIS
    response = client.get(path)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "connected"
    assert body["redis"] == "disconnected"


def test_database_check_really_queries(db, monkeypatch):
    assert health.database_ok() is True

    class Broken:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(health, "connection", Broken())
    assert health.database_ok() is False


def test_health_ignores_a_stale_token(client, db):
    response = client.get("/api/v1/health", HTTP_AUTHORIZATION="Bearer expired-or-forged")
    assert response.status_code == 200


# --- /api/v1/system/health ----------------------------------------------------------------------


def system_health(client):
    response = client.get("/api/v1/system/health")
    body = response.json()
    assert body["success"] is (response.status_code == 200)
    assert ISO_Z.match(body["timestamp"])
    return response, body["data"]


def test_system_health_for_anonymous_callers_has_no_metrics(api_client, db, settings):
    settings.REDIS_URL = ""
    response, data = system_health(api_client)
    assert response.status_code == 200
    assert data["status"] == "healthy"
    assert data["version"] == baimuras.__version__
    assert isinstance(data["uptime"], int) and data["uptime"] >= 0
    assert data["services"] == {
        "database": "healthy",
        "redis": "not_configured",
        "email": "healthy",
        "storage": "healthy",
    }
    assert "metrics" not in data


def test_system_health_for_a_client_user_has_no_metrics(as_role):
    response, data = system_health(as_role("user"))
    assert response.status_code == 200
    assert "metrics" not in data


@pytest.mark.parametrize("role", ["manager", "admin", "api_key:admin"])
def test_system_health_for_staff_has_metrics(as_role, role):
    response, data = system_health(as_role(role))
    assert response.status_code == 200
    metrics = data["metrics"]
    assert set(metrics) == {"memory_usage", "cpu_usage", "disk_usage"}
    for value in metrics.values():
        assert isinstance(value, float)
        assert 0.0 <= value <= 100.0


def test_system_health_is_503_when_the_database_is_down(api_client, db, database_down):
    response, data = system_health(api_client)
    assert response.status_code == 503
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert body["success"] is False
    assert data["status"] == "unhealthy"
    assert data["services"]["database"] == "unhealthy"


def test_system_health_is_degraded_when_redis_is_unreachable(api_client, db, settings):
    settings.REDIS_URL = CLOSED_PORT_REDIS
    response, data = system_health(api_client)
    assert response.status_code == 200
    assert data["status"] == "degraded"
    assert data["services"]["redis"] == "unhealthy"


def test_system_health_checks_smtp(api_client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1
    _response, data = system_health(api_client)
    assert data["services"]["email"] == "unhealthy"
    assert data["status"] == "degraded"


def test_system_health_checks_storage(api_client, db, settings, tmp_path):
    not_a_directory = tmp_path / "media"
    not_a_directory.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = not_a_directory
    _response, data = system_health(api_client)
    assert data["services"]["storage"] == "unhealthy"
    assert data["status"] == "degraded"


# --- /api/v1/system/version ---------------------------------------------------------------------


def test_system_version(api_client, db, settings):
    settings.BUILD = "abc1234"
    response = api_client.get("/api/v1/system/version")
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert ISO_Z.match(body["timestamp"])
    assert body["data"] == {
        "version": "2.1.0",
        "build": "abc1234",
        "environment": "test",
        "python_version": platform.python_version(),
        "django_version": django.get_version(),
    }
