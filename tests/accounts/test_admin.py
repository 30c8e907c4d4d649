"""Admin smoke tests for accounts: changelist, search, add, change, actions."""

import pytest
from django.urls import reverse
from django.utils import translation

from apps.accounts import services
from apps.accounts.models import APIKey, AuthSession, Role, User
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, login_tokens


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["user", "apikey", "authsession"])
def test_changelist_and_search_render(admin_client, model):
    UserFactory.create_batch(3)
    url = reverse(f"admin:accounts_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "example"}).status_code == 200


def test_user_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    url = reverse("admin:accounts_user_changelist")
    UserFactory.create_batch(2)
    with django_assert_max_num_queries(12):
        admin_client.get(url)
    UserFactory.create_batch(60)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200


def test_add_user_through_admin_sets_role_flags(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Manager@Example.com",
            "name": "Новый менеджер",
            "role": Role.MANAGER,
            "password1": "Another-str0ng-pass",
            "password2": "Another-str0ng-pass",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content
    user = User.objects.get(email="new.manager@example.com")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("Another-str0ng-pass")


def test_change_user_page_renders_and_deactivation_revokes_logins(admin_client):
    user = UserFactory(role=Role.USER)
    login_tokens(user)
    url = reverse("admin:accounts_user_change", args=[user.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "email": user.email,
            "name": user.name,
            "role": Role.USER,
            "language": "kk",
            "notifications": "on",
            "is_active": "",
        },
    )
    assert response.status_code == 302, response.content
    user.refresh_from_db()
    assert not user.is_active
    assert not AuthSession.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_admin_password_change_revokes_logins(admin_client):
    user = UserFactory()
    login_tokens(user)
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": "Brand-new-pass-42", "password2": "Brand-new-pass-42", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    assert not AuthSession.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_creating_api_key_in_admin_shows_it_once_and_it_works(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:accounts_apikey_add"), {"name": "n8n", "user": admin_user.pk, "expires_at": ""}, follow=True
    )
    assert response.status_code == 200
    key = APIKey.objects.get(name="n8n")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m for m in shown if key.prefix in m).split("<code>")[1].split("</code>")[0]
    assert services.api_key_authenticate(raw=raw).pk == key.pk
    assert key.key_hash not in response.content.decode()


def test_revoke_api_key_action(admin_client, admin_user):
    key, raw = services.api_key_create(user=admin_user, name="partner")
    response = admin_client.post(
        reverse("admin:accounts_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}
    )
    assert response.status_code == 302
    assert services.api_key_authenticate(raw=raw) is None


def test_revoke_logins_action(admin_client):
    user = UserFactory()
    login_tokens(user, PASSWORD)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"), {"action": "revoke_logins", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    assert not AuthSession.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_client_role_cannot_open_admin(client, client_user):
    client.force_login(client_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_user_list_shows_roles_by_name(admin_client):
    UserFactory(role=Role.MANAGER, name="Роль Менеджер")
    page = admin_client.get(reverse("admin:accounts_user_changelist"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    compact = page.replace(" ", "").replace("\n", "")
    with translation.override("ru"):
        label = str(Role.MANAGER.label)
    assert label != "manager"
    assert f">{label}<" in compact
    assert ">manager<" not in compact
