import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_admin_login_without_next_lands_on_the_admin(client, manager):
    login = reverse("admin:login")
    page = client.get(login).content.decode()
    assert 'name="next" value="/admin/" form="login-form"' in page

    response = client.post(login, {"username": manager.email, "password": PASSWORD, "next": "/admin/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_admin_login_keeps_a_given_next(client):
    page = client.get(reverse("admin:login"), {"next": "/admin/crm/board/leads/"}).content.decode()
    assert 'value="/admin/crm/board/leads/" form="login-form"' in page


def test_a_login_posted_without_next_lands_on_the_admin(client, manager):
    response = client.post(reverse("admin:login"), {"username": manager.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("next_url", ["", "https://evil.example/steal", "//evil.example/", "javascript:alert(1)"])
def test_an_empty_or_unsafe_next_lands_on_the_admin(client, manager, next_url):
    response = client.post(reverse("admin:login"), {"username": manager.email, "password": PASSWORD, "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_a_safe_next_is_followed(client, manager):
    target = reverse("crm-board", args=["leads"])
    login = reverse("admin:login")

    posted = client.post(login, {"username": manager.email, "password": PASSWORD, "next": target})
    assert posted["Location"] == target

    client.logout()
    in_the_address = client.post(f"{login}?next={target}", {"username": manager.email, "password": PASSWORD})
    assert in_the_address["Location"] == target


def test_a_wrong_password_still_shows_the_form(client, manager):
    response = client.post(reverse("admin:login"), {"username": manager.email, "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
