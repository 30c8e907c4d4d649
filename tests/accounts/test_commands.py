"""Management commands of accounts: `create_api_key` and `createsuperuser --noinput` from the
environment (contract §1, §13)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from apps.accounts.models import APIKey, Role, User
from tests.conftest import PASSWORD, assert_error


def run_create_api_key(*args) -> list[str]:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().splitlines()


def test_create_api_key_prints_a_working_key_alone_on_its_last_line(admin_user):
    lines = run_create_api_key("--name", "n8n", "--user", "admin@example.com")

    raw = lines[-1]
    assert raw == raw.strip() and " " not in raw
    assert raw.startswith("bm_")
    key = APIKey.objects.get(user=admin_user)
    assert key.name == "n8n"
    assert key.expires_at is None
    response = APIClient().get("/api/v1/users", HTTP_X_API_KEY=raw)
    assert response.status_code == 200, response.content
    assert [u["email"] for u in response.json()["users"]] == ["admin@example.com"]


def test_create_api_key_finds_user_by_email_in_any_case(manager):
    raw = run_create_api_key("--name", "crm", "--user", "MANAGER@Example.com")[-1]

    response = APIClient().get("/api/v1/auth/profile", HTTP_X_API_KEY=raw)
    assert response.status_code == 200
    assert response.json()["email"] == "manager@example.com"


def test_create_api_key_does_not_store_the_key(admin_user):
    raw = run_create_api_key("--name", "n8n", "--user", admin_user.email)[-1]

    key = APIKey.objects.get(user=admin_user)
    assert raw not in (key.key_hash, key.prefix)


def test_create_api_key_with_expiry(admin_user):
    raw = run_create_api_key("--name", "old", "--user", admin_user.email, "--expires", "2020-01-01T00:00:00Z")[-1]

    assert APIKey.objects.get(user=admin_user).expires_at.year == 2020
    assert_error(APIClient().get("/api/v1/auth/profile", HTTP_X_API_KEY=raw), 401, "INVALID_TOKEN")


def test_create_api_key_for_unknown_user_is_command_error(db):
    with pytest.raises(CommandError):
        run_create_api_key("--name", "n8n", "--user", "nobody@example.com")

    assert not APIKey.objects.exists()


def test_create_api_key_with_bad_expiry_is_command_error(admin_user):
    with pytest.raises(CommandError):
        run_create_api_key("--name", "n8n", "--user", admin_user.email, "--expires", "tomorrow")

    assert not APIKey.objects.exists()


def test_createsuperuser_noinput_from_environment(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Boss@BaiMuras.space")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_NAME", "Бай Мурас")

    call_command("createsuperuser", "--noinput", stdout=StringIO())

    user = User.objects.get()
    assert user.email == "boss@baimuras.space"
    assert user.name == "Бай Мурас"
    assert user.role == Role.ADMIN
    assert user.is_staff is True
    assert user.is_superuser is True
    assert user.is_active is True
    assert user.check_password(PASSWORD)
    response = APIClient().post(
        "/api/v1/auth/login", {"email": "boss@baimuras.space", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["user"]["role"] == "admin"


def test_createsuperuser_noinput_refuses_an_existing_email(admin_user, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "ADMIN@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_NAME", "Second")

    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", stdout=StringIO())

    assert User.objects.count() == 1


def test_createsuperuser_noinput_needs_a_name(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "boss@baimuras.space")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.delenv("DJANGO_SUPERUSER_NAME", raising=False)

    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", stdout=StringIO())

    assert not User.objects.exists()
