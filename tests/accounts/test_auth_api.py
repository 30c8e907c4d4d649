"""Auth API (contract §2): login and its v2.0.0 name `token`, refresh, logout, profile."""

from datetime import UTC, timedelta

import jwt
import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from apps.accounts.models import AuthSession, Role
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, assert_error, login_tokens

LOGIN_PATHS = ["/api/v1/auth/login", "/api/v1/auth/token"]


@pytest.fixture
def user(db):
    return UserFactory(email="ivan@example.com", name="Иван Иванов", role=Role.MANAGER)


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def profile_status(token: str) -> int:
    return bearer(token).get("/api/v1/auth/profile").status_code


def assert_token_pair(body: dict, user) -> None:
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in", "user"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert isinstance(body["access_token"], str) and body["access_token"].count(".") == 2
    assert isinstance(body["refresh_token"], str) and body["refresh_token"].count(".") == 2
    assert body["access_token"] != body["refresh_token"]
    assert body["user"] == {"id": user.pk, "email": user.email, "name": user.name, "role": user.role}


# --- Login -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_returns_token_pair_and_brief_user(api_client, user, path):
    response = api_client.post(path, {"email": "ivan@example.com", "password": PASSWORD}, format="json")

    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert_token_pair(body, user)
    assert "Иван Иванов".encode() in response.content  # Cyrillic is not escaped
    assert profile_status(body["access_token"]) == 200


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_with_trailing_slash_answers_without_redirect(api_client, user, path):
    response = api_client.post(f"{path}/", {"email": user.email, "password": PASSWORD}, format="json")

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


def test_login_records_last_login_and_one_api_login(api_client, user):
    assert user.last_login is None

    response = api_client.post(
        "/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json", HTTP_USER_AGENT="n8n/1.0"
    )

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.last_login is not None
    session = AuthSession.objects.get(user=user)
    assert session.revoked_at is None
    assert session.ip == "127.0.0.1"
    assert session.user_agent == "n8n/1.0"


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_with_wrong_password_is_invalid_credentials(api_client, user, path):
    response = api_client.post(path, {"email": user.email, "password": "Wrong-pass-123"}, format="json")

    body = assert_error(response, 401, "INVALID_CREDENTIALS")
    assert body["error"]["details"] == {}
    assert "access_token" not in body
    assert not AuthSession.objects.exists()


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_with_unknown_email_is_invalid_credentials(api_client, user, path):
    response = api_client.post(path, {"email": "nobody@example.com", "password": PASSWORD}, format="json")

    assert_error(response, 401, "INVALID_CREDENTIALS")


def test_wrong_password_and_unknown_email_get_the_same_message(api_client, user):
    wrong_password = api_client.post(
        "/api/v1/auth/login", {"email": user.email, "password": "Wrong-pass-123"}, format="json"
    )
    unknown_email = api_client.post(
        "/api/v1/auth/login", {"email": "nobody@example.com", "password": PASSWORD}, format="json"
    )

    assert wrong_password.json()["error"] == unknown_email.json()["error"]


def test_login_of_inactive_user_is_refused(api_client, db):
    inactive = UserFactory(email="gone@example.com", is_active=False)

    response = api_client.post("/api/v1/auth/login", {"email": inactive.email, "password": PASSWORD}, format="json")

    assert_error(response, 401, "INVALID_CREDENTIALS")
    assert not AuthSession.objects.exists()


def test_login_email_is_case_insensitive(api_client, user):
    response = api_client.post(
        "/api/v1/auth/login", {"email": "  IVAN@Example.COM ", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


def test_login_password_is_case_sensitive(api_client, user):
    response = api_client.post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD.upper()}, format="json")

    assert_error(response, 401, "INVALID_CREDENTIALS")


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_without_fields_names_each_missing_field(api_client, db, path):
    response = api_client.post(path, {}, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"email", "password"}
    assert all(isinstance(m, str) and m for m in body["error"]["details"]["email"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "", "password": PASSWORD}, "email"),
        ({"email": ["ivan@example.com"], "password": PASSWORD}, "email"),
        ({"email": "ivan@example.com", "password": ""}, "password"),
        ({"email": "ivan@example.com", "password": "x" * 129}, "password"),
        ({"email": "a" * 250 + "@example.com", "password": PASSWORD}, "email"),
    ],
)
def test_login_with_invalid_field_names_that_field(api_client, user, payload, field):
    response = api_client.post("/api/v1/auth/login", payload, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]


def test_login_with_json_array_body_is_validation_error(api_client, db):
    response = api_client.post("/api/v1/auth/login", "[1, 2]", content_type="application/json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert body["error"]["details"]


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_with_malformed_json_is_bad_request(api_client, db, path):
    response = api_client.post(path, '{"email": "ivan@example.com", ', content_type="application/json")

    body = assert_error(response, 400, "BAD_REQUEST")
    assert body["error"]["details"] == {}


def test_login_with_unsupported_content_type_is_415(api_client, db):
    response = api_client.post("/api/v1/auth/login", "email=x", content_type="text/plain")

    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_login_accepts_form_encoded_body(api_client, user):
    response = api_client.post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD})

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


@pytest.mark.parametrize(
    "authorization",
    ["Bearer expired.or.garbage", "Bearer", "Basic dXNlcjpwYXNz", "Bearer a b c"],
)
def test_stale_authorization_header_does_not_block_login(api_client, user, authorization):
    response = api_client.post(
        "/api/v1/auth/login",
        {"email": user.email, "password": PASSWORD},
        format="json",
        HTTP_AUTHORIZATION=authorization,
    )

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


def test_revoked_token_in_header_does_not_block_login(api_client, user):
    old = login_tokens(user)
    bearer(old["access_token"]).post("/api/v1/auth/logout")

    response = api_client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": PASSWORD},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {old['access_token']}",
    )

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_login_refuses_get(api_client, db, path):
    assert_error(api_client.get(path), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize("language", ["kz", "kk", "ru", "ky", "kz-KZ,ru;q=0.8"])
def test_login_errors_answer_in_any_site_language(api_client, user, language):
    response = api_client.post(
        "/api/v1/auth/login",
        {"email": user.email, "password": "Wrong-pass-123"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )

    assert_error(response, 401, "INVALID_CREDENTIALS")


def test_login_succeeds_with_kazakh_accept_language(api_client, user):
    response = api_client.post(
        "/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="kz"
    )

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


# --- Rate limits -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_eleventh_login_attempt_in_a_minute_is_rate_limited(api_client, user, fixed_ratelimit_clock, path):
    for attempt in range(1, 11):
        response = api_client.post(path, {"email": user.email, "password": "Wrong-pass-123"}, format="json")
        assert_error(response, 401, "INVALID_CREDENTIALS")
        assert response["X-RateLimit-Limit"] == "10"
        assert response["X-RateLimit-Remaining"] == str(10 - attempt)

    response = api_client.post(path, {"email": user.email, "password": PASSWORD}, format="json")

    assert_error(response, 429, "RATE_LIMIT_EXCEEDED")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["X-RateLimit-Limit"] == "10"
    assert response["X-RateLimit-Remaining"] == "0"
    assert 0 <= int(response["X-RateLimit-Reset"]) - timezone.now().timestamp() <= 61  # within the minute
    assert not AuthSession.objects.exists()


def test_login_and_token_share_one_login_counter(api_client, user, fixed_ratelimit_clock):
    for index in range(10):
        path = LOGIN_PATHS[index % 2]
        assert api_client.post(path, {"email": user.email, "password": "Wrong-1"}, format="json").status_code == 401

    response = api_client.post("/api/v1/auth/token", {"email": user.email, "password": PASSWORD}, format="json")

    assert_error(response, 429, "RATE_LIMIT_EXCEEDED")


def test_login_limit_is_per_ip(api_client, user, fixed_ratelimit_clock):
    for _ in range(11):
        api_client.post("/api/v1/auth/login", {"email": user.email, "password": "Wrong-1"}, format="json")

    response = api_client.post(
        "/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json", REMOTE_ADDR="10.1.2.3"
    )

    assert response.status_code == 200, response.content
    assert_token_pair(response.json(), user)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/auth/profile"),
        ("get", "/api/v1/users"),
        ("get", "/api/v1/users/profile"),
        ("post", "/api/v1/auth/logout"),
    ],
)
def test_api_responses_carry_rate_limit_headers(admin_user, method, path):
    client = bearer(login_tokens(admin_user)["access_token"])

    response = getattr(client, method)(path)

    assert response.status_code == 200, response.content
    assert response["X-RateLimit-Limit"] == "5000"  # admins get 5000/h
    assert int(response["X-RateLimit-Remaining"]) == 4999
    assert int(response["X-RateLimit-Reset"]) > timezone.now().timestamp()


def test_error_responses_carry_rate_limit_headers(api_client, db):
    response = api_client.get("/api/v1/users")

    assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    assert response["X-RateLimit-Limit"] == "1000"
    assert response["X-RateLimit-Remaining"] == "999"
    assert int(response["X-RateLimit-Reset"]) > timezone.now().timestamp()


def test_rate_limit_remaining_counts_down_per_user(manager):
    client = bearer(login_tokens(manager)["access_token"])

    first = client.get("/api/v1/auth/profile")
    second = client.get("/api/v1/auth/profile")

    assert first.status_code == second.status_code == 200
    assert first["X-RateLimit-Limit"] == "1000"
    assert int(first["X-RateLimit-Remaining"]) - int(second["X-RateLimit-Remaining"]) == 1


# --- Refresh -----------------------------------------------------------------------------------


def assert_access_body(body: dict, *, with_refresh: bool = False) -> None:
    expected = {"access_token", "token_type", "expires_in"} | ({"refresh_token"} if with_refresh else set())
    assert set(body) == expected
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600


def test_refresh_with_refresh_token_as_bearer(user):
    tokens = login_tokens(user)

    response = bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh")

    assert response.status_code == 200, response.content
    body = response.json()
    assert_access_body(body)
    assert profile_status(body["access_token"]) == 200


def test_refresh_with_refresh_token_in_body(api_client, user):
    tokens = login_tokens(user)

    response = api_client.post("/api/v1/auth/refresh/", {"refresh_token": tokens["refresh_token"]}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert_access_body(body)
    assert profile_status(body["access_token"]) == 200


def test_refreshed_access_token_belongs_to_the_same_login(user):
    tokens = login_tokens(user)
    refreshed = bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh").json()["access_token"]

    assert bearer(refreshed).post("/api/v1/auth/logout").status_code == 200

    assert profile_status(tokens["access_token"]) == 401
    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")


def test_refresh_token_in_body_wins_over_a_stale_header(api_client, user):
    tokens = login_tokens(user)

    response = api_client.post(
        "/api/v1/auth/refresh",
        {"refresh_token": tokens["refresh_token"]},
        format="json",
        HTTP_AUTHORIZATION="Bearer stale.access.token",
    )

    assert response.status_code == 200, response.content
    assert_access_body(response.json())


def test_refresh_with_access_token_is_invalid_token(user):
    tokens = login_tokens(user)

    assert_error(bearer(tokens["access_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert_error(
        APIClient().post("/api/v1/auth/refresh", {"refresh_token": tokens["access_token"]}, format="json"),
        401,
        "INVALID_TOKEN",
    )


@pytest.mark.parametrize("garbage", ["garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.x"])
def test_refresh_with_garbage_is_invalid_token(api_client, db, garbage):
    assert_error(bearer(garbage).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert_error(
        api_client.post("/api/v1/auth/refresh", {"refresh_token": garbage}, format="json"), 401, "INVALID_TOKEN"
    )


def test_refresh_token_signed_with_another_key_is_invalid_token(api_client, user):
    claims = jwt.decode(login_tokens(user)["refresh_token"], options={"verify_signature": False})
    forged = jwt.encode(claims, "another-signing-key-0123456789abcdef0123456789", algorithm="HS256")

    response = api_client.post("/api/v1/auth/refresh", {"refresh_token": forged}, format="json")

    assert_error(response, 401, "INVALID_TOKEN")


def test_refresh_without_token_is_authentication_required(api_client, db):
    response = api_client.post("/api/v1/auth/refresh")

    assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_refresh_with_empty_body_token_and_no_header_is_authentication_required(api_client, db):
    response = api_client.post("/api/v1/auth/refresh", {"refresh_token": ""}, format="json")

    assert_error(response, 401, "AUTHENTICATION_REQUIRED")


def test_refresh_with_malformed_json_is_bad_request(api_client, db):
    response = api_client.post("/api/v1/auth/refresh", "{oops", content_type="application/json")

    assert_error(response, 400, "BAD_REQUEST")


def test_refresh_without_rotation_returns_no_refresh_token_and_old_one_keeps_working(user, settings):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "ROTATE_REFRESH_TOKENS": False}
    tokens = login_tokens(user)

    first = bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh")
    second = bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh")

    assert first.status_code == second.status_code == 200
    assert_access_body(first.json())
    assert_access_body(second.json())


def test_refresh_with_rotation_returns_new_refresh_token_and_retires_the_old_one(user, settings):
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "ROTATE_REFRESH_TOKENS": True}
    tokens = login_tokens(user)

    response = bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh")

    assert response.status_code == 200, response.content
    body = response.json()
    assert_access_body(body, with_refresh=True)
    assert body["refresh_token"] != tokens["refresh_token"]
    assert profile_status(body["access_token"]) == 200
    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    again = bearer(body["refresh_token"]).post("/api/v1/auth/refresh")
    assert again.status_code == 200, again.content
    assert_access_body(again.json(), with_refresh=True)


def test_refresh_of_expired_login_is_invalid_token(user):
    tokens = login_tokens(user)
    AuthSession.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_refresh_for_deactivated_user_is_invalid_token(user):
    tokens = login_tokens(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


# --- Logout ------------------------------------------------------------------------------------


def test_logout_answers_success_message(user):
    tokens = login_tokens(user)

    response = bearer(tokens["access_token"]).post("/api/v1/auth/logout")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert isinstance(body["message"], str) and body["message"]


def test_logout_revokes_access_token_of_same_login(user):
    tokens = login_tokens(user)
    client = bearer(tokens["access_token"])
    assert client.post("/api/v1/auth/logout/").status_code == 200

    assert_error(client.get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
    assert_error(client.post("/api/v1/auth/logout"), 401, "INVALID_TOKEN")


def test_logout_revokes_refresh_token_of_same_login(user):
    tokens = login_tokens(user)
    assert bearer(tokens["access_token"]).post("/api/v1/auth/logout").status_code == 200

    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert_error(
        APIClient().post("/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json"),
        401,
        "INVALID_TOKEN",
    )


def test_logout_keeps_other_logins_of_same_user(user):
    phone = login_tokens(user)
    laptop = login_tokens(user)

    assert bearer(phone["access_token"]).post("/api/v1/auth/logout").status_code == 200

    response = bearer(laptop["access_token"]).get("/api/v1/auth/profile")
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    refreshed = bearer(laptop["refresh_token"]).post("/api/v1/auth/refresh")
    assert refreshed.status_code == 200
    assert_access_body(refreshed.json())


def test_refresh_token_used_as_bearer_access_token_is_invalid_token(user):
    tokens = login_tokens(user)

    assert_error(bearer(tokens["refresh_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/logout"), 401, "INVALID_TOKEN")
    assert AuthSession.objects.get(user=user).revoked_at is None


def test_logout_without_credentials_is_authentication_required(api_client, db):
    assert_error(api_client.post("/api/v1/auth/logout"), 401, "AUTHENTICATION_REQUIRED")


def test_logout_refuses_get(user):
    assert_error(bearer(login_tokens(user)["access_token"]).get("/api/v1/auth/logout"), 405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        ("Bearer garbage", "INVALID_TOKEN"),
        ("Bearer a.b.c", "INVALID_TOKEN"),
        ("Bearer", "INVALID_TOKEN"),  # the scheme without a token is a malformed credential
        ("Token abc", "AUTHENTICATION_REQUIRED"),  # a scheme the API does not use is no credential at all
    ],
)
def test_bad_authorization_header_on_protected_endpoint(api_client, db, authorization, code):
    response = api_client.get("/api/v1/auth/profile", HTTP_AUTHORIZATION=authorization)

    assert_error(response, 401, code)


def test_token_of_deleted_user_is_invalid_token(user):
    tokens = login_tokens(user)
    user.delete()

    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


# --- Session cookie ----------------------------------------------------------------------------


def test_session_cookie_authenticates_reads(user):
    client = APIClient()
    client.force_login(user)

    response = client.get("/api/v1/auth/profile")

    assert response.status_code == 200
    assert response.json()["email"] == user.email


def test_session_cookie_needs_csrf_for_unsafe_methods(user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.put("/api/v1/users/profile", {"name": "Без CSRF"}, format="json")

    assert_error(response, 403, "PERMISSION_DENIED")
    user.refresh_from_db()
    assert user.name == "Иван Иванов"


def test_logout_with_session_cookie_ends_the_session(user):
    client = APIClient()
    client.force_login(user)

    response = client.post("/api/v1/auth/logout")

    assert response.status_code == 200
    assert response.json()["success"] is True
    assert_error(client.get("/api/v1/auth/profile"), 401, "AUTHENTICATION_REQUIRED")


# --- Profile -----------------------------------------------------------------------------------


def test_auth_profile_is_bare_user_object(api_client, user):
    tokens = login_tokens(user)

    response = bearer(tokens["access_token"]).get("/api/v1/auth/profile/")

    assert response.status_code == 200, response.content
    body = response.json()
    user.refresh_from_db()
    assert body == {
        "id": user.pk,
        "email": "ivan@example.com",
        "name": "Иван Иванов",
        "role": "manager",
        "is_active": True,
        "avatar": None,
        "created_at": body["created_at"],
        "last_login": body["last_login"],
        "preferences": {"language": "ru", "notifications": True},
    }
    assert body["created_at"].endswith("Z")
    assert body["created_at"] == user.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["last_login"].endswith("Z")
    assert body["last_login"] == user.last_login.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_auth_profile_shows_avatar_url(user):
    user.avatar = "avatars/2025/06/ivan.png"
    user.save()

    response = bearer(login_tokens(user)["access_token"]).get("/api/v1/auth/profile")

    assert response.status_code == 200
    assert response.json()["avatar"] == "http://testserver/media/avatars/2025/06/ivan.png"


def test_auth_profile_without_credentials_is_authentication_required(api_client, db):
    response = api_client.get("/api/v1/auth/profile")

    assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_auth_profile_with_kazakh_language_answers(user):
    response = bearer(login_tokens(user)["access_token"]).get("/api/v1/auth/profile", HTTP_ACCEPT_LANGUAGE="kz")

    assert response.status_code == 200
    assert response.json()["email"] == user.email
