"""Users API (contract §3): the list and CRUD for staff, the caller's own profile (v2.0.0
envelope) and password change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apps.accounts.models import AuthSession, Language, Role, User
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD, assert_error, bearer_client, login_tokens

# Clients come from request.getfixturevalue, which pytest-django cannot see when it orders the
# tests: the mark keeps these with the other database tests, before any transactional one.
pytestmark = pytest.mark.django_db

NEW_PASSWORD = "N3w-Secure-pass-2025"
USER_KEYS = {"id", "email", "name", "role", "is_active", "avatar", "created_at", "last_login", "preferences"}
PAGINATION_KEYS = {"page", "pages", "per_page", "total", "has_next", "has_prev"}


def bearer(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def assert_user_object(data: dict, user: User) -> None:
    assert set(data) == USER_KEYS
    assert data["id"] == user.pk
    assert data["email"] == user.email
    assert data["name"] == user.name
    assert data["role"] == user.role
    assert data["is_active"] is user.is_active
    assert data["avatar"] is None
    assert data["created_at"].endswith("Z")
    assert set(data["preferences"]) == {"language", "notifications"}


def assert_envelope(body: dict) -> dict:
    assert body["success"] is True
    assert body["timestamp"].endswith("Z")
    return body["data"]


@pytest.fixture
def admin_client(admin_user):
    return bearer_client(admin_user)


@pytest.fixture
def manager_client(manager):
    return bearer_client(manager)


# --- /users/profile ----------------------------------------------------------------------------


def test_profile_is_user_in_envelope(client_user):
    response = bearer_client(client_user).get("/api/v1/users/profile")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    data = assert_envelope(body)
    client_user.refresh_from_db()
    assert_user_object(data, client_user)
    assert data["preferences"] == {"language": "ru", "notifications": True}
    assert data["last_login"].endswith("Z")  # bearer_client logged in


def test_profile_put_stores_kk_and_answers_kz(client_user):
    response = bearer_client(client_user).put(
        "/api/v1/users/profile",
        {"name": "Новое имя", "preferences": {"language": "kz", "notifications": False}},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    data = assert_envelope(body)
    assert isinstance(body["message"], str) and body["message"]
    assert data["name"] == "Новое имя"
    assert data["preferences"] == {"language": "kz", "notifications": False}
    client_user.refresh_from_db()
    assert client_user.name == "Новое имя"
    assert client_user.language == Language.KK
    assert client_user.notifications is False


@pytest.mark.parametrize(("sent", "stored", "answered"), [("kk", "kk", "kz"), ("KZ", "kk", "kz"), ("ky", "ky", "ky")])
def test_profile_accepts_each_language_code(client_user, sent, stored, answered):
    response = bearer_client(client_user).put(
        "/api/v1/users/profile", {"preferences": {"language": sent}}, format="json"
    )

    assert response.status_code == 200, response.content
    assert assert_envelope(response.json())["preferences"]["language"] == answered
    client_user.refresh_from_db()
    assert client_user.language == stored


def test_profile_patch_changes_only_what_is_sent(client_user):
    client = bearer_client(client_user)
    client.put("/api/v1/users/profile", {"preferences": {"language": "ky"}}, format="json")

    response = client.patch("/api/v1/users/profile/", {"preferences": {"notifications": False}}, format="json")

    assert response.status_code == 200, response.content
    data = assert_envelope(response.json())
    assert data["name"] == "Client User"
    assert data["preferences"] == {"language": "ky", "notifications": False}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"preferences": {"language": "en"}}, "preferences.language"),
        ({"preferences": {"language": 7}}, "preferences.language"),
        ({"preferences": {"notifications": "maybe"}}, "preferences.notifications"),
        ({"preferences": "ru"}, "preferences.non_field_errors"),
        ({"name": "x" * 151}, "name"),
        ({"name": ""}, "name"),
    ],
)
def test_profile_put_with_invalid_value_names_the_field(client_user, payload, field):
    response = bearer_client(client_user).put("/api/v1/users/profile", payload, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]
    client_user.refresh_from_db()
    assert client_user.name == "Client User"
    assert client_user.language == Language.RU


def test_profile_put_cannot_change_role_or_email(client_user):
    response = bearer_client(client_user).put(
        "/api/v1/users/profile",
        {"name": "Клиент", "role": "admin", "email": "hijack@example.com", "is_active": False},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = assert_envelope(response.json())
    assert data["role"] == "user"
    assert data["email"] == "client@example.com"
    client_user.refresh_from_db()
    assert (client_user.role, client_user.email, client_user.is_active) == ("user", "client@example.com", True)


def test_profile_put_with_malformed_json_is_bad_request(client_user):
    response = bearer_client(client_user).put("/api/v1/users/profile", "{", content_type="application/json")

    assert_error(response, 400, "BAD_REQUEST")


def test_profile_validation_error_with_kazakh_accept_language(client_user):
    response = bearer_client(client_user).put(
        "/api/v1/users/profile", {"preferences": {"language": "en"}}, format="json", HTTP_ACCEPT_LANGUAGE="kz"
    )

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["preferences.language"]


# --- change-password ---------------------------------------------------------------------------


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return client.post(
        "/api/v1/users/change-password",
        {"current_password": current, "new_password": new, "confirm_password": new if confirm is None else confirm},
        format="json",
    )


def test_change_password_answers_envelope(client_user):
    response = change_password(bearer_client(client_user))

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"] == {}
    assert isinstance(body["message"], str) and body["message"]
    assert body["timestamp"].endswith("Z")


def test_change_password_revokes_every_login_of_the_user(api_client, client_user):
    other = login_tokens(client_user)
    current = login_tokens(client_user)

    assert change_password(bearer(current["access_token"])).status_code == 200

    for tokens in (current, other):
        assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
        assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert not AuthSession.objects.filter(user=client_user, revoked_at__isnull=True).exists()


def test_change_password_new_password_logs_in_and_old_does_not(api_client, client_user):
    assert change_password(bearer_client(client_user)).status_code == 200

    old = api_client.post("/api/v1/auth/login", {"email": client_user.email, "password": PASSWORD}, format="json")
    new = api_client.post("/api/v1/auth/login", {"email": client_user.email, "password": NEW_PASSWORD}, format="json")

    assert_error(old, 401, "INVALID_CREDENTIALS")
    assert new.status_code == 200, new.content
    assert new.json()["user"]["email"] == client_user.email
    assert bearer(new.json()["access_token"]).get("/api/v1/auth/profile").status_code == 200


def test_change_password_leaves_other_users_logged_in(client_user, manager):
    manager_tokens = login_tokens(manager)

    assert change_password(bearer_client(client_user)).status_code == 200

    assert bearer(manager_tokens["access_token"]).get("/api/v1/auth/profile").status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"current": "Wrong-current-1"}, "current_password"),
        ({"confirm": "Different-pass-2025"}, "confirm_password"),
        ({"new": "12345678"}, "new_password"),
        ({"new": "short"}, "new_password"),
        ({"new": "password"}, "new_password"),
        ({"new": "client@example.com"}, "new_password"),
    ],
)
def test_change_password_refusal_names_the_field(client_user, kwargs, field):
    tokens = login_tokens(client_user)

    response = change_password(bearer(tokens["access_token"]), **kwargs)

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]
    assert body["error"]["details"][field]
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)
    assert bearer(tokens["access_token"]).get("/api/v1/auth/profile").status_code == 200


def test_change_password_without_fields_names_each(client_user):
    response = bearer_client(client_user).post("/api/v1/users/change-password", {}, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"current_password", "new_password", "confirm_password"}


# --- list --------------------------------------------------------------------------------------


def test_list_users_shape(admin_client, admin_user):
    response = admin_client.get("/api/v1/users")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"users", "pagination"}
    assert len(body["users"]) == 1
    admin_user.refresh_from_db()
    assert_user_object(body["users"][0], admin_user)
    assert body["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 20,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }


def test_list_users_newest_first(admin_client, admin_user):
    first = UserFactory(email="first@example.com")
    second = UserFactory(email="second@example.com")

    response = admin_client.get("/api/v1/users/")

    assert response.status_code == 200
    assert [u["id"] for u in response.json()["users"]] == [second.pk, first.pk, admin_user.pk]


def test_list_users_pages(admin_client, admin_user):
    UserFactory.create_batch(24)  # 25 with the admin

    response = admin_client.get("/api/v1/users", {"page": 2, "per_page": 10})

    assert response.status_code == 200
    body = response.json()
    assert len(body["users"]) == 10
    assert body["pagination"] == {
        "page": 2,
        "pages": 3,
        "per_page": 10,
        "total": 25,
        "has_next": True,
        "has_prev": True,
    }
    last = admin_client.get("/api/v1/users", {"page": 3, "per_page": 10}).json()
    assert len(last["users"]) == 5
    assert last["pagination"]["has_next"] is False


def test_list_users_clamps_per_page_to_100(admin_client, admin_user):
    UserFactory.create_batch(104)

    response = admin_client.get("/api/v1/users", {"per_page": 1000})

    assert response.status_code == 200
    body = response.json()
    assert len(body["users"]) == 100
    assert body["pagination"] == {
        "page": 1,
        "pages": 2,
        "per_page": 100,
        "total": 105,
        "has_next": True,
        "has_prev": False,
    }


def test_list_users_page_past_the_end_is_empty_with_counts(admin_client, admin_user):
    UserFactory.create_batch(2)

    response = admin_client.get("/api/v1/users", {"page": 5})

    assert response.status_code == 200
    assert response.json() == {
        "users": [],
        "pagination": {"page": 5, "pages": 1, "per_page": 20, "total": 3, "has_next": False, "has_prev": True},
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": -1}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": "many"}, "per_page"),
        ({"role": "superhero"}, "role"),
    ],
)
def test_list_users_with_bad_query_parameter_is_validation_error(admin_client, admin_user, params, field):
    response = admin_client.get("/api/v1/users", params)

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]


def test_list_users_filters_by_role(admin_client, admin_user, manager, client_user):
    response = admin_client.get("/api/v1/users", {"role": "manager"})

    assert response.status_code == 200
    body = response.json()
    assert [u["email"] for u in body["users"]] == ["manager@example.com"]
    assert body["pagination"]["total"] == 1


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("MANAGER@", ["manager@example.com"]),
        ("client", ["client@example.com"]),
        ("Айгерим", ["aigerim@example.com"]),
        ("айгерим", ["aigerim@example.com"]),
        ("nobody", []),
        ("(", []),  # regex metacharacters are searched for literally
        (".*", []),
        ("[a-z]+", []),
    ],
)
def test_list_users_searches_email_and_name(admin_client, admin_user, manager, client_user, search, expected):
    UserFactory(email="aigerim@example.com", name="Айгерим Нурланова")

    response = admin_client.get("/api/v1/users", {"search": search})

    assert response.status_code == 200
    body = response.json()
    assert [u["email"] for u in body["users"]] == expected
    assert body["pagination"]["total"] == len(expected)


def test_list_users_combines_role_and_search(admin_client, admin_user, manager):
    UserFactory(email="manager.two@example.com", role=Role.USER)

    response = admin_client.get("/api/v1/users", {"role": "user", "search": "manager"})

    assert response.status_code == 200
    assert [u["email"] for u in response.json()["users"]] == ["manager.two@example.com"]


def test_manager_can_list_users(manager_client, manager):
    response = manager_client.get("/api/v1/users")

    assert response.status_code == 200
    assert [u["email"] for u in response.json()["users"]] == ["manager@example.com"]


@pytest.mark.parametrize("count", [1, 50])
def test_list_users_runs_bounded_queries(admin_user, django_assert_max_num_queries, count):
    UserFactory.create_batch(count - 1)
    client = bearer_client(admin_user)

    # One for the token's login and user, one count, one page.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/users", {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["users"]) == count


def test_list_users_query_count_does_not_grow_with_users(admin_user):
    client = bearer_client(admin_user)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/users", {"per_page": 100}).status_code == 200
        return len(queries)

    with_one = queries_for_list()
    UserFactory.create_batch(49)
    with_fifty = queries_for_list()

    assert with_one == with_fifty


# --- create ------------------------------------------------------------------------------------


def test_create_user(admin_client, admin_user):
    response = admin_client.post(
        "/api/v1/users",
        {"email": "NewUser@Example.com", "name": "New User", "password": "securepassword123", "role": "user"},
        format="json",
    )

    assert response.status_code == 201, response.content
    data = response.json()
    created = User.objects.get(email="newuser@example.com")
    assert_user_object(data, created)
    assert data["email"] == "newuser@example.com"
    assert data["role"] == "user"
    assert data["last_login"] is None
    assert data["preferences"] == {"language": "ru", "notifications": True}
    assert created.check_password("securepassword123")
    assert "password" not in data


def test_created_user_can_log_in(api_client, admin_client, admin_user):
    admin_client.post(
        "/api/v1/users/",
        {"email": "m2@example.com", "name": "Manager Two", "password": "securepassword123", "role": "manager"},
        format="json",
    )

    response = api_client.post(
        "/api/v1/auth/login", {"email": "m2@example.com", "password": "securepassword123"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["user"]["role"] == "manager"


def test_create_user_role_defaults_to_user(admin_client, admin_user):
    response = admin_client.post(
        "/api/v1/users", {"email": "c@example.com", "name": "C", "password": "securepassword123"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["role"] == "user"
    created = User.objects.get(email="c@example.com")
    assert (created.is_staff, created.is_superuser) == (False, False)


def test_create_admin_gets_django_admin_flags(admin_client, admin_user):
    response = admin_client.post(
        "/api/v1/users",
        {"email": "boss@example.com", "name": "Boss", "password": "securepassword123", "role": "admin"},
        format="json",
    )

    assert response.status_code == 201, response.content
    created = User.objects.get(email="boss@example.com")
    assert (created.is_staff, created.is_superuser) == (True, True)


@pytest.mark.parametrize("email", ["client@example.com", "CLIENT@example.com"])
def test_create_user_with_duplicate_email_is_validation_error(admin_client, client_user, email):
    response = admin_client.post(
        "/api/v1/users", {"email": email, "name": "Dup", "password": "securepassword123"}, format="json"
    )

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["email"]
    assert User.objects.filter(email__iexact="client@example.com").count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": "12345678"}, "password"),
        ({"password": "short"}, "password"),
        ({"password": "password"}, "password"),
        ({"role": "superadmin"}, "role"),
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
    ],
)
def test_create_user_with_invalid_field_names_it(admin_client, admin_user, payload, field):
    body = {"email": "new@example.com", "name": "New", "password": "securepassword123", "role": "user", **payload}

    response = admin_client.post("/api/v1/users", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not User.objects.filter(email="new@example.com").exists()


def test_create_user_without_fields_names_each_required(admin_client, admin_user):
    response = admin_client.post("/api/v1/users", {}, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"email", "name", "password"}


# --- retrieve ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin_client", "manager_client"])
def test_get_user(request, client_user, who):
    client = request.getfixturevalue(who)

    response = client.get(f"/api/v1/users/{client_user.pk}")

    assert response.status_code == 200, response.content
    assert_user_object(response.json(), client_user)
    assert response.json()["last_login"] is None


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_unknown_user_is_not_found(admin_client, admin_user, method):
    response = getattr(admin_client, method)("/api/v1/users/999999", {"name": "X"}, format="json")

    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "path", ["/api/v1/users/abc", "/api/v1/users/1.5", "/api/v1/users/-1", "/api/v1/users/99999999999999999999999"]
)
def test_non_numeric_or_huge_user_id_is_not_found(admin_client, admin_user, path):
    assert_error(admin_client.get(path), 404, "NOT_FOUND")


# --- update ------------------------------------------------------------------------------------


def test_put_is_partial_like_the_seed_example(admin_client, client_user):
    response = admin_client.put(
        f"/api/v1/users/{client_user.pk}", {"name": "Updated Name", "role": "manager"}, format="json"
    )

    assert response.status_code == 200, response.content
    data = response.json()
    client_user.refresh_from_db()
    assert_user_object(data, client_user)
    assert data["name"] == "Updated Name"
    assert data["role"] == "manager"
    assert client_user.email == "client@example.com"
    assert (client_user.is_staff, client_user.is_superuser) == (True, False)


def test_patch_changes_only_sent_fields(admin_client, client_user):
    response = admin_client.patch(
        f"/api/v1/users/{client_user.pk}/", {"preferences": {"language": "kz"}}, format="json"
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["name"] == "Client User"
    assert data["role"] == "user"
    assert data["preferences"] == {"language": "kz", "notifications": True}
    client_user.refresh_from_db()
    assert client_user.language == Language.KK


def test_put_changes_email_lowercased(admin_client, client_user):
    response = admin_client.put(f"/api/v1/users/{client_user.pk}", {"email": "New.Mail@Example.com"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["email"] == "new.mail@example.com"


def test_put_with_taken_email_is_validation_error(admin_client, client_user, manager):
    response = admin_client.put(f"/api/v1/users/{client_user.pk}", {"email": "MANAGER@example.com"}, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["email"]
    client_user.refresh_from_db()
    assert client_user.email == "client@example.com"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "owner"}, "role"),
        ({"preferences": {"language": "de"}}, "preferences.language"),
        ({"password": "12345678"}, "password"),
        ({"is_active": "sometimes"}, "is_active"),
        ({"email": "nope"}, "email"),
    ],
)
def test_put_with_invalid_value_names_the_field(admin_client, client_user, payload, field):
    response = admin_client.put(f"/api/v1/users/{client_user.pk}", payload, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]


def test_put_password_sets_it_and_revokes_logins(api_client, admin_client, client_user):
    tokens = login_tokens(client_user)

    response = admin_client.put(f"/api/v1/users/{client_user.pk}", {"password": NEW_PASSWORD}, format="json")

    assert response.status_code == 200, response.content
    assert "password" not in response.json()
    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
    login = api_client.post("/api/v1/auth/login", {"email": client_user.email, "password": NEW_PASSWORD}, format="json")
    assert login.status_code == 200


def test_deactivating_a_user_revokes_their_tokens(api_client, admin_client, client_user):
    tokens = login_tokens(client_user)

    response = admin_client.put(f"/api/v1/users/{client_user.pk}", {"is_active": False}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")
    assert_error(bearer(tokens["refresh_token"]).post("/api/v1/auth/refresh"), 401, "INVALID_TOKEN")
    assert not AuthSession.objects.filter(user=client_user, revoked_at__isnull=True).exists()
    login = api_client.post("/api/v1/auth/login", {"email": client_user.email, "password": PASSWORD}, format="json")
    assert_error(login, 401, "INVALID_CREDENTIALS")


def test_reactivated_user_logs_in_again(api_client, admin_client, client_user):
    admin_client.put(f"/api/v1/users/{client_user.pk}", {"is_active": False}, format="json")

    response = admin_client.patch(f"/api/v1/users/{client_user.pk}", {"is_active": True}, format="json")

    assert response.status_code == 200
    assert response.json()["is_active"] is True
    login = api_client.post("/api/v1/auth/login", {"email": client_user.email, "password": PASSWORD}, format="json")
    assert login.status_code == 200


@pytest.mark.parametrize("payload", [{"is_active": False}, {"role": "manager"}])
def test_admin_cannot_lock_themselves_out(admin_client, admin_user, payload):
    response = admin_client.put(f"/api/v1/users/{admin_user.pk}", payload, format="json")

    assert_error(response, 409, "CONFLICT")
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == ("admin", True)


def test_admin_can_rename_themselves(admin_client, admin_user):
    response = admin_client.put(f"/api/v1/users/{admin_user.pk}", {"name": "Renamed", "role": "admin"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Renamed"


# --- delete ------------------------------------------------------------------------------------


def test_delete_user(admin_client, client_user):
    tokens = login_tokens(client_user)

    response = admin_client.delete(f"/api/v1/users/{client_user.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert not User.objects.filter(pk=client_user.pk).exists()
    assert_error(admin_client.get(f"/api/v1/users/{client_user.pk}"), 404, "NOT_FOUND")
    assert_error(bearer(tokens["access_token"]).get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_deleting_yourself_is_conflict(admin_client, admin_user):
    response = admin_client.delete(f"/api/v1/users/{admin_user.pk}/")

    assert_error(response, 409, "CONFLICT")
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_users_collection_refuses_delete(admin_client, admin_user):
    response = admin_client.delete("/api/v1/users")

    body = assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert body["error"]["details"] == {}
    assert "GET" in response["Allow"] and "POST" in response["Allow"]
