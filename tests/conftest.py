"""Fixtures every test may use: an API client, a user of each role, and ways to authenticate
as them (JWT login, API key, session)."""

import time
from functools import partial

import pytest
from django.core.cache import cache, caches
from rest_framework.test import APIClient

from apps.accounts import services as account_services
from apps.accounts.models import Role
from tests.accounts.factories import UserFactory

PASSWORD = "Str0ng-pass-for-tests"


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters live in the cache: every test starts with none (nor a day's salt that
    a rolled-back test made, nor a process's copy of the public content)."""
    from apps.analytics import services as analytics_services
    from apps.core.content_cache import forget_local

    cache.clear()
    analytics_services._salts.clear()
    forget_local()
    yield
    cache.clear()
    analytics_services._salts.clear()
    forget_local()


@pytest.fixture(autouse=True)
def fixed_ratelimit_clock(monkeypatch):
    """Every test's rate-limit counts fall in one window. django-ratelimit's windows end at a
    moment of each minute set by the key, so a test whose attempts straddled that moment began
    counting again (the eleventh login answered 200, not 429). The clock is pinned at the test's
    start; a test that needs the window to move patches it further."""
    from types import SimpleNamespace

    from django_ratelimit import core

    now = core.time.time()
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: now))
    return now


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the block's writes do once they commit (a test's own
    transaction never commits): after-commit hooks such as moving a cache version on. Without it,
    a test reads its own writes as the writing transaction does: past every shared cache."""
    return partial(django_capture_on_commit_callbacks, execute=True)


@pytest.fixture
def redis_caches(settings):
    """The default cache and the rate limits' on one Redis, as production has them (tests marked redis)."""
    prefix = f"redis-test-{time.monotonic_ns()}"
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        "ratelimit": {
            "BACKEND": "apps.core.cache.FastRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    yield caches["default"], caches["ratelimit"]
    caches["default"].clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, email="admin@example.com", name="Admin User")


@pytest.fixture
def manager(db):
    return UserFactory(role=Role.MANAGER, email="manager@example.com", name="Manager User")


@pytest.fixture
def client_user(db):
    return UserFactory(role=Role.USER, email="client@example.com", name="Client User")


def login_tokens(user, password: str = PASSWORD) -> dict:
    return account_services.auth_login(email=user.email, password=password)


def bearer_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login_tokens(user)['access_token']}")
    return client


def api_key_client(user) -> APIClient:
    _key, raw = account_services.api_key_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw)
    return client


@pytest.fixture
def as_role(db):
    """`as_role("manager")` -> an APIClient authenticated (JWT) as a fresh user of that role;
    `as_role("anonymous")` -> no credentials; `as_role("api_key:admin")` -> an admin's API key."""

    def make(role: str) -> APIClient:
        if role == "anonymous":
            return APIClient()
        via_key = role.startswith("api_key:")
        role = role.removeprefix("api_key:")
        user = UserFactory(role=role)
        client = api_key_client(user) if via_key else bearer_client(user)
        client.user = user
        return client

    return make


# Who may use a staff-only endpoint (admin, manager): (role for `as_role`, status, error code).
STAFF_MATRIX = [
    ("anonymous", 401, "AUTHENTICATION_REQUIRED"),
    ("user", 403, "PERMISSION_DENIED"),
    ("api_key:user", 403, "PERMISSION_DENIED"),
    ("manager", 200, None),
    ("admin", 200, None),
    ("api_key:manager", 200, None),
]


def assert_error(response, status: int, code: str):
    """The contract's one error shape, with the expected status and code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], dict)
    assert body["timestamp"].endswith("Z")
    return body


def pytest_collection_modifyitems(config, items):
    """Tests that need a service run only where it is: CI's second pass provides them."""
    import os

    from django.conf import settings

    have = {
        "redis": bool(settings.REDIS_URL),
        "celery_worker": os.environ.get("RUN_WORKER_TESTS") == "1",
        "postgres": settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "browser": os.environ.get("RUN_BROWSER_TESTS") == "1",
        "newman": os.environ.get("RUN_NEWMAN_TESTS") == "1",
        "schemathesis": os.environ.get("RUN_SCHEMATHESIS") == "1",
    }
    for item in items:
        for marker, available in have.items():
            if marker in item.keywords and not available:
                item.add_marker(pytest.mark.skip(reason=f"needs {marker} (run by .ci/run)"))
