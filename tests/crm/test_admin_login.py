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
