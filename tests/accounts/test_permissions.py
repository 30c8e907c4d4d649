"""Who may call what (contract §2, §3): every auth and users endpoint against every role, by JWT
and by API key. Anonymous callers get 401, a role below the endpoint's 403, the rest the answer."""

import pytest

from apps.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, assert_error, login_tokens

ROLES = ["anonymous", "user", "manager", "admin", "api_key:user", "api_key:manager", "api_key:admin"]
LEVELS = {
    "anyone": set(ROLES),
    "logged_in": set(ROLES) - {"anonymous"},
    "staff": {"manager", "admin", "api_key:manager", "api_key:admin"},
    "admin": {"admin", "api_key:admin"},
}
USER_KEYS = {"id", "email", "name", "role", "is_active", "avatar", "created_at", "last_login", "preferences"}


def _user_object(caller_or_target):
    def check(body, caller, target):
        expected = caller if caller_or_target == "caller" else target
        assert set(body) == USER_KEYS
        assert (body["id"], body["email"]) == (expected.pk, expected.email)

    return check


def _envelope_of_caller(body, caller, target):
    assert body["success"] is True
    assert body["timestamp"].endswith("Z")
    assert set(body["data"]) == USER_KEYS
    assert body["data"]["id"] == caller.pk


def _message(body, caller, target):
    assert body["success"] is True
    assert body["message"]


def _token_pair(body, caller, target):
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["user"]["id"] == target.pk


def _access_token(body, caller, target):
    assert body["token_type"] == "Bearer"
    assert body["access_token"]


def _user_list(body, caller, target):
    assert set(body) == {"users", "pagination"}
    assert target.pk in {u["id"] for u in body["users"]}
    assert body["pagination"]["total"] == User.objects.count()


def _created_user(body, caller, target):
    assert set(body) == USER_KEYS
    assert body["email"] == "created@example.com"


def _renamed_target(body, caller, target):
    assert body["id"] == target.pk
    assert body["name"] == "Переименован"


def _deleted(body, caller, target):
    assert body is None
    assert not User.objects.filter(pk=target.pk).exists()


NEW_PASSWORD = "N3w-Secure-pass-2025"
CHANGE_PASSWORD = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}

# method, path ({target} is another user's id), body (a callable gets the target), level, success status, body check
ENDPOINTS = [
    ("post", "/api/v1/auth/login", lambda t: {"email": t.email, "password": PASSWORD}, "anyone", 200, _token_pair),
    ("post", "/api/v1/auth/token", lambda t: {"email": t.email, "password": PASSWORD}, "anyone", 200, _token_pair),
    (
        "post",
        "/api/v1/auth/refresh",
        lambda t: {"refresh_token": login_tokens(t)["refresh_token"]},
        "anyone",
        200,
        _access_token,
    ),
    ("post", "/api/v1/auth/logout", None, "logged_in", 200, _message),
    ("get", "/api/v1/auth/profile", None, "logged_in", 200, _user_object("caller")),
    ("get", "/api/v1/users/profile", None, "logged_in", 200, _envelope_of_caller),
    ("put", "/api/v1/users/profile", {"name": "Новое имя"}, "logged_in", 200, _envelope_of_caller),
    ("patch", "/api/v1/users/profile", {"preferences": {"language": "kz"}}, "logged_in", 200, _envelope_of_caller),
    ("post", "/api/v1/users/change-password", CHANGE_PASSWORD, "logged_in", 200, _message),
    ("get", "/api/v1/users", None, "staff", 200, _user_list),
    ("get", "/api/v1/users/{target}", None, "staff", 200, _user_object("target")),
    (
        "post",
        "/api/v1/users",
        {"email": "created@example.com", "name": "Created", "password": "securepassword123", "role": "user"},
        "admin",
        201,
        _created_user,
    ),
    ("put", "/api/v1/users/{target}", {"name": "Переименован", "role": "manager"}, "admin", 200, _renamed_target),
    ("patch", "/api/v1/users/{target}", {"name": "Переименован"}, "admin", 200, _renamed_target),
    ("delete", "/api/v1/users/{target}", None, "admin", 204, _deleted),
]


def _endpoint_id(endpoint):
    return f"{endpoint[0].upper()} {endpoint[1]}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=_endpoint_id)
def test_role_matrix(as_role, role, endpoint):
    method, path, body, level, success_status, check = endpoint
    target = UserFactory(email="target@example.com")
    client = as_role(role)
    caller = getattr(client, "user", None)
    payload = body(target) if callable(body) else body

    response = getattr(client, method)(path.format(target=target.pk), payload, format="json")

    if role in LEVELS[level]:
        assert response.status_code == success_status, response.content
        check(response.json() if response.content else None, caller, target)
    elif role == "anonymous":
        assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    else:
        assert_error(response, 403, "PERMISSION_DENIED")


@pytest.mark.parametrize("role", ["user", "manager"])
@pytest.mark.parametrize(("method", "body"), [("put", {"name": "X"}), ("patch", {"name": "X"}), ("delete", None)])
def test_refused_writes_change_nothing(as_role, role, method, body):
    target = UserFactory(email="target@example.com", name="Цель")

    response = getattr(as_role(role), method)(f"/api/v1/users/{target.pk}", body, format="json")

    assert_error(response, 403, "PERMISSION_DENIED")
    target.refresh_from_db()
    assert target.name == "Цель"


@pytest.mark.parametrize("role", ["user", "manager"])
def test_refused_create_creates_nothing(as_role, role):
    response = as_role(role).post(
        "/api/v1/users", {"email": "x@example.com", "name": "X", "password": "securepassword123"}, format="json"
    )

    assert_error(response, 403, "PERMISSION_DENIED")
    assert not User.objects.filter(email="x@example.com").exists()


@pytest.mark.parametrize("role", ["user", "anonymous"])
def test_unknown_user_id_is_not_revealed_to_those_who_may_not_read_users(as_role, role):
    response = as_role(role).get("/api/v1/users/999999")

    if role == "anonymous":
        assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    else:
        assert_error(response, 403, "PERMISSION_DENIED")


def test_api_key_role_follows_its_owner(as_role):
    client = as_role("api_key:user")
    assert_error(client.get("/api/v1/users"), 403, "PERMISSION_DENIED")

    User.objects.filter(pk=client.user.pk).update(role="manager")

    response = client.get("/api/v1/users")
    assert response.status_code == 200, response.content
    assert client.user.pk in {u["id"] for u in response.json()["users"]}
