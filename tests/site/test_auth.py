"""/register, /login, /logout (contract §12): HTML forms and the v2.1.0 JSON bodies; the login
limit of 10 attempts a minute per IP, counted together with the API's logins."""

import json

import pytest
from django.core import mail
from django.test import Client

from apps.accounts.models import User
from apps.site.models import EmailConfirmation
from tests.conftest import PASSWORD, assert_error

from .conftest import csrf_token_of, parse, translated

REGISTER_SEED = {"name": "Новый пользователь", "email": "newuser@example.com", "password": "securepassword123"}
USER_KEYS = {"id", "email", "name", "role", "is_active", "avatar", "created_at", "last_login", "preferences"}


def post_json(client, path, body, **extra):
    return client.post(path, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **extra)


# --- Register ------------------------------------------------------------------------------------


def test_register_with_the_seed_body_creates_a_client_and_sends_the_link(
    csrf_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(csrf_client, "/register", REGISTER_SEED)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["success"] is True
    assert set(body["data"]) >= USER_KEYS
    assert body["data"]["email"] == "newuser@example.com"
    assert body["data"]["role"] == "user"
    assert body["data"]["preferences"]["language"] == "ru"
    assert "newuser@example.com" in body["message"]
    assert "password" not in body["data"]
    assert User.objects.get(email="newuser@example.com").check_password("securepassword123")
    assert len(mail.outbox) == 1
    assert "/dashboard/email/confirm/" in mail.outbox[0].body
    # The new client signs in with the password they chose.
    assert (
        post_json(csrf_client, "/login", {"email": "newuser@example.com", "password": "securepassword123"}).status_code
        == 200
    )


def test_a_taken_email_gets_the_same_answer_and_its_owner_a_letter(
    client, client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = post_json(client, "/register", REGISTER_SEED)
        taken = post_json(client, "/register", {**REGISTER_SEED, "email": "Client@Example.com"})

    assert (new.status_code, taken.status_code) == (201, 201), taken.content
    new_body, taken_body = new.json(), taken.json()
    for body in (new_body, taken_body):
        body.pop("timestamp")
        body["message"] = body["message"].replace(body["data"].pop("email"), "EMAIL")
    assert new_body == taken_body
    assert taken_body["data"]["id"] is None
    assert "sessionid" not in new.cookies and "sessionid" not in taken.cookies
    client_user.refresh_from_db()
    assert client_user.name == "Client User"  # nothing about the account changed
    assert not client_user.check_password("securepassword123")
    [confirm, notice] = mail.outbox
    assert confirm.to == ["newuser@example.com"]
    assert notice.to == ["client@example.com"]
    assert "/login" in notice.body


def test_the_register_form_goes_to_the_login_page_with_a_message(csrf_client, django_capture_on_commit_callbacks):
    csrf_client.cookies["django_language"] = "kk"
    token = csrf_token_of(csrf_client, "/register")
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_client.post("/register", {**REGISTER_SEED, "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/login"
    user = User.objects.get(email="newuser@example.com")
    assert user.language == "kk" and user.role == "user"
    assert mail.outbox[0].subject == "BaiMuras үшін email-ді растаңыз"
    assert "newuser@example.com" in csrf_client.get("/login").content.decode()


def test_a_weak_password_or_a_missing_name_is_a_422_naming_the_field(client, client_user):
    weak = assert_error(post_json(client, "/register", {**REGISTER_SEED, "password": "12345678"}),
                        422, "VALIDATION_ERROR")  # fmt: skip
    weak_taken = assert_error(
        post_json(client, "/register", {**REGISTER_SEED, "email": "client@example.com", "password": "12345678"}),
        422, "VALIDATION_ERROR")  # fmt: skip
    missing = assert_error(post_json(client, "/register", {"email": "x@example.com"}), 422, "VALIDATION_ERROR")

    assert set(weak["error"]["details"]) == set(weak_taken["error"]["details"]) == {"password"}
    assert {"name", "password"} <= set(missing["error"]["details"])


def test_the_register_form_shows_errors_inline(client):
    response = client.post("/register?lang=ky", {"name": "А", "email": "bad", "password": "1"})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_email_error"' in html
    assert parse(response).html_lang == "ru"  # ?lang= applies to GET pages; the POST keeps the cookie's


def test_the_register_form_needs_the_token(csrf_client):
    assert csrf_client.post("/register", REGISTER_SEED).status_code == 403
    assert not User.objects.filter(email="newuser@example.com").exists()


# --- Login ---------------------------------------------------------------------------------------


def test_login_with_the_seed_body_opens_a_session(csrf_client, client_user):
    response = post_json(csrf_client, "/login", {"email": "client@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert response.json()["success"] is True
    assert response.json()["data"]["email"] == "client@example.com"
    assert "sessionid" in response.cookies
    assert csrf_client.get("/dashboard").status_code == 200


def test_a_wrong_pair_is_401_invalid_credentials(client, client_user):
    body = assert_error(
        post_json(client, "/login", {"email": "client@example.com", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="kk"),
        401,
        "INVALID_CREDENTIALS",
    )
    assert body["error"]["message"] == translated("Invalid email or password", "kk")
    assert "sessionid" not in client.cookies


def test_an_inactive_user_cannot_sign_in(client, client_user):
    client_user.is_active = False
    client_user.save()
    assert_error(post_json(client, "/login", {"email": "client@example.com", "password": PASSWORD}),
                 401, "INVALID_CREDENTIALS")  # fmt: skip


def test_the_login_form_goes_to_next(csrf_client, client_user):
    token = csrf_token_of(csrf_client, "/login?next=/dashboard/analytics")
    response = csrf_client.post(
        "/login",
        {
            "email": "CLIENT@example.com",
            "password": PASSWORD,
            "next": "/dashboard/analytics",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/analytics"


def test_the_login_form_never_sends_to_another_site(client, client_user):
    response = client.post(
        "/login", {"email": "client@example.com", "password": PASSWORD, "next": "https://evil.example"}
    )
    assert response["Location"] == "/dashboard"


def test_a_wrong_pair_in_the_form_is_explained_in_the_visitors_language(client, client_user):
    client.cookies["django_language"] = "ky"
    response = client.post("/login", {"email": "client@example.com", "password": "wrong"})
    assert response.status_code == 422
    assert translated("Invalid email or password", "ky") in response.content.decode()


def test_the_login_form_needs_the_token(csrf_client, client_user):
    assert csrf_client.post("/login", {"email": "client@example.com", "password": PASSWORD}).status_code == 403


def test_a_signed_in_user_is_sent_on_from_the_login_page(client, client_user):
    client.force_login(client_user)
    assert client.get("/login")["Location"] == "/dashboard"
    assert client.get("/register")["Location"] == "/dashboard"


def test_the_11th_login_attempt_in_a_minute_is_429(client, client_user):
    for _ in range(10):
        response = post_json(client, "/login", {"email": "client@example.com", "password": "wrong"})
        assert response.status_code == 401

    limited = post_json(client, "/login", {"email": "client@example.com", "password": PASSWORD})
    html = client.post("/login", {"email": "client@example.com", "password": PASSWORD})

    assert_error(limited, 429, "RATE_LIMIT_EXCEEDED")
    assert int(limited["Retry-After"]) >= 1
    assert limited["X-RateLimit-Remaining"] == "0"
    assert html.status_code == 429
    assert (
        Client().post("/login", {"email": "x@example.com", "password": "y"}, REMOTE_ADDR="10.9.9.9").status_code == 422
    )


def test_api_and_site_logins_share_the_counter(client, api_client, client_user):
    for _ in range(10):
        api_client.post("/api/v1/auth/login", {"email": "client@example.com", "password": "wrong"}, format="json")

    response = post_json(client, "/login", {"email": "client@example.com", "password": PASSWORD})

    assert_error(response, 429, "RATE_LIMIT_EXCEEDED")


# --- Logout --------------------------------------------------------------------------------------


def test_json_logout_answers_200(csrf_client, client_user):
    csrf_client.force_login(client_user)
    response = csrf_client.post("/logout", data="{}", content_type="application/json")
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert csrf_client.get("/dashboard").status_code == 302


def test_the_logout_form_goes_home(csrf_client, client_user):
    csrf_client.force_login(client_user)
    token = csrf_token_of(csrf_client, "/logout")
    response = csrf_client.post("/logout", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert csrf_client.get("/dashboard").status_code == 302


def test_a_cross_site_form_cannot_sign_you_out(csrf_client, client_user):
    csrf_client.force_login(client_user)
    assert csrf_client.post("/logout").status_code == 403
    assert csrf_client.get("/dashboard").status_code == 200


def test_get_logout_asks_to_confirm(client, client_user):
    assert client.get("/logout")["Location"] == "/"
    client.force_login(client_user)
    page = client.get("/logout")
    assert page.status_code == 200
    assert 'action="/logout"' in page.content.decode()


# --- Email confirmation --------------------------------------------------------------------------


def test_the_emailed_link_confirms_the_address(client, client_user):
    from apps.site.services import email_confirmation_token

    response = client.get(f"/dashboard/email/confirm/{email_confirmation_token(user=client_user)}")

    assert response.status_code == 302
    assert EmailConfirmation.objects.get(user=client_user).email == "client@example.com"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoxfQ:1abc:def"])
def test_a_bad_link_is_explained(client, token):
    response = client.get(f"/dashboard/email/confirm/{token}?lang=kk")
    assert response.status_code == 400
    assert "Сілтеме жұмыс істемейді" in response.content.decode()


def test_a_link_for_an_old_address_does_not_confirm_the_new_one(client, client_user):
    from apps.site.services import email_confirmation_token

    token = email_confirmation_token(user=client_user)
    client_user.email = "someone.else@example.com"
    client_user.save()

    assert client.get(f"/dashboard/email/confirm/{token}").status_code == 400
    assert not EmailConfirmation.objects.exists()


def test_the_link_can_be_sent_again(client, client_user, django_capture_on_commit_callbacks):
    client.force_login(client_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboard/email/confirm")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["client@example.com"]
