"""/admin/login/ is limited like the site's /login: per IP (the shared `login` counter) and per
account from any IP, with a localized page, 429 and Retry-After; the right password is refused too."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD


def attempt(client: Client, email: str, password: str, **extra):
    return client.post("/admin/login/", {"username": email, "password": password, "next": "/admin/"}, **extra)


def test_the_eleventh_attempt_from_one_ip_is_refused_even_with_the_right_password(admin_user, settings):
    settings.RATELIMIT_LOGIN = "10/m"
    client = Client()
    for index in range(10):
        response = attempt(client, admin_user.email, f"wrong-{index}")
        assert response.status_code == 200  # the admin's own "wrong password" page

    refused = attempt(client, admin_user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="kk")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["X-RateLimit-Remaining"] == "0"
    assert "_auth_user_id" not in client.session
    assert "Кіру әрекеттері тым көп" in refused.content.decode()


def test_one_account_is_limited_across_ips(admin_user, settings):
    settings.RATELIMIT_LOGIN = "100/m"
    settings.RATELIMIT_LOGIN_ACCOUNT = "3/h"
    for index in range(3):
        assert attempt(Client(REMOTE_ADDR=f"10.0.0.{index + 1}"), admin_user.email, "wrong").status_code == 200

    refused = attempt(Client(REMOTE_ADDR="10.0.0.99"), admin_user.email.upper(), PASSWORD)

    assert refused.status_code == 429
    assert "Слишком много попыток входа" in refused.content.decode()
    # Another account from the same addresses is not affected.
    other = attempt(Client(REMOTE_ADDR="10.0.0.99"), "someone@example.com", "wrong")
    assert other.status_code == 200


@pytest.mark.django_db
def test_the_login_page_itself_is_not_counted(settings):
    settings.RATELIMIT_LOGIN = "1/m"
    client = Client()
    for _ in range(3):
        assert client.get("/admin/login/").status_code == 200


def test_the_right_password_within_the_limit_signs_in(admin_user):
    client = Client()
    response = attempt(client, admin_user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(admin_user.pk)
