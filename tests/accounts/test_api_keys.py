"""API keys (contract §1): `X-API-Key` acts with its owner's role; revoked, expired and unknown
keys are 401 INVALID_TOKEN; only the hash is stored; use is recorded."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts import services
from apps.accounts.models import APIKey, Role
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error

PROTECTED = [
    ("get", "/api/v1/auth/profile"),
    ("get", "/api/v1/users"),
    ("get", "/api/v1/users/profile"),
    ("post", "/api/v1/auth/logout"),
]


def key_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw)
    return client


@pytest.fixture
def admin_key(admin_user):
    return services.api_key_create(user=admin_user, name="n8n")


def test_api_key_authenticates_as_its_owner(admin_key, admin_user):
    _key, raw = admin_key

    response = key_client(raw).get("/api/v1/auth/profile")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["email"], body["role"]) == (admin_user.pk, "admin@example.com", "admin")


def test_admin_api_key_lists_users(admin_key, admin_user):
    response = key_client(admin_key[1]).get("/api/v1/users")

    assert response.status_code == 200, response.content
    body = response.json()
    assert [u["email"] for u in body["users"]] == ["admin@example.com"]
    assert body["pagination"]["total"] == 1


def test_user_api_key_cannot_list_users(client_user):
    _key, raw = services.api_key_create(user=client_user, name="partner")

    assert_error(key_client(raw).get("/api/v1/users"), 403, "PERMISSION_DENIED")


def test_api_key_is_stored_hashed(admin_key):
    key, raw = admin_key

    stored = APIKey.objects.get(pk=key.pk)
    assert raw.startswith(f"bm_{stored.prefix}_")
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.key_hash, stored.prefix, stored.name}


def test_api_key_records_last_used_at(admin_key):
    key, raw = admin_key
    assert key.last_used_at is None
    before = timezone.now()

    assert key_client(raw).get("/api/v1/auth/profile").status_code == 200

    key.refresh_from_db()
    assert key.last_used_at is not None
    assert before <= key.last_used_at <= timezone.now()


def test_api_key_use_is_recorded_again_after_a_minute(admin_key):
    key, raw = admin_key
    long_ago = timezone.now() - timedelta(minutes=5)
    APIKey.objects.filter(pk=key.pk).update(last_used_at=long_ago)

    assert key_client(raw).get("/api/v1/auth/profile").status_code == 200

    key.refresh_from_db()
    assert key.last_used_at > long_ago + timedelta(minutes=4)


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_revoked_api_key_is_invalid_token(admin_key, method, path):
    key, raw = admin_key
    services.api_key_revoke(key=key)

    response = getattr(key_client(raw), method)(path)

    assert_error(response, 401, "INVALID_TOKEN")
    key.refresh_from_db()
    assert key.last_used_at is None


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_expired_api_key_is_invalid_token(admin_user, method, path):
    _key, raw = services.api_key_create(user=admin_user, name="old", expires_at=timezone.now() - timedelta(seconds=1))

    assert_error(getattr(key_client(raw), method)(path), 401, "INVALID_TOKEN")


def test_api_key_with_future_expiry_works(admin_user):
    _key, raw = services.api_key_create(user=admin_user, name="temp", expires_at=timezone.now() + timedelta(days=1))

    response = key_client(raw).get("/api/v1/auth/profile")

    assert response.status_code == 200
    assert response.json()["email"] == admin_user.email


@pytest.mark.parametrize(
    "garbage",
    ["garbage", "bm_", "bm_nope_nope", "bm_a_b_c", "sk_live_0123456789", "   "],
)
@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_garbage_api_key_is_invalid_token(db, garbage, method, path):
    response = getattr(key_client(garbage), method)(path)

    if garbage.strip():
        assert_error(response, 401, "INVALID_TOKEN")
    else:  # a blank header is no credential at all
        assert_error(response, 401, "AUTHENTICATION_REQUIRED")


def test_api_key_with_right_prefix_but_wrong_secret_is_invalid_token(admin_key):
    key, raw = admin_key
    forged = f"bm_{key.prefix}_{'x' * 43}"
    assert forged != raw

    assert_error(key_client(forged).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_api_key_of_deactivated_user_is_invalid_token(admin_user, client_user):
    _key, raw = services.api_key_create(user=client_user, name="partner")
    client_user.is_active = False
    client_user.save()

    assert_error(key_client(raw).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_api_key_of_deleted_user_is_invalid_token(client_user):
    _key, raw = services.api_key_create(user=client_user, name="partner")
    client_user.delete()

    assert_error(key_client(raw).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_bad_api_key_answer_names_the_bearer_scheme(db):
    """The 401 for a bad key names the Bearer scheme, so clients know what else to send."""
    response = key_client("garbage").get("/api/v1/users")

    assert_error(response, 401, "INVALID_TOKEN")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_key_does_not_need_csrf_for_writes(db):
    owner = UserFactory(role=Role.ADMIN)
    _key, raw = services.api_key_create(user=owner, name="n8n")
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_X_API_KEY=raw)

    response = client.post(
        "/api/v1/users", {"email": "bot@example.com", "name": "Bot", "password": "securepassword123"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["email"] == "bot@example.com"


def test_revoking_a_key_keeps_the_owners_other_keys(admin_user):
    first, first_raw = services.api_key_create(user=admin_user, name="one")
    _second, second_raw = services.api_key_create(user=admin_user, name="two")

    services.api_key_revoke(key=first)

    assert_error(key_client(first_raw).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
    assert key_client(second_raw).get("/api/v1/auth/profile").status_code == 200
