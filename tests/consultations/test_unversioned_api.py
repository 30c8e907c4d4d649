"""The unversioned API of v2.1.0 §6 that has no app of its own here: `GET /api/users`, the
staff user list of /api/v1/users. (The other aliases are tested with their v1 twins.)"""

import pytest

from apps.accounts.models import User
from tests.accounts.factories import UserFactory
from tests.conftest import STAFF_MATRIX, assert_error, bearer_client


@pytest.mark.parametrize("path", ["/api/users", "/api/users/"])
def test_users_alias_answers_like_v1(admin_user, path):
    UserFactory.create_batch(3)
    client = bearer_client(admin_user)

    response = client.get(path, {"per_page": 2, "role": "user"})

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"users", "pagination"}
    assert body["pagination"]["total"] == 3
    assert len(body["users"]) == 2
    assert body == client.get("/api/v1/users", {"per_page": 2, "role": "user"}).json()


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_users_alias_permissions(as_role, role, status, code):
    response = as_role(role).get("/api/users")

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert "users" in response.json()


def test_users_alias_validates_filters(admin_user):
    error = assert_error(bearer_client(admin_user).get("/api/users", {"role": "boss"}), 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == ["role"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_users_alias_is_read_only(admin_user, method):
    body = {"email": "new@example.com", "name": "New", "password": "Str0ng-pass-2025", "role": "admin"}

    response = getattr(bearer_client(admin_user), method)("/api/users", body, format="json")

    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize("rows", [1, 60])
def test_users_alias_queries_do_not_grow_with_rows(admin_user, django_assert_max_num_queries, rows):
    UserFactory.create_batch(rows)
    client = bearer_client(admin_user)

    with django_assert_max_num_queries(3):
        response = client.get("/api/users", {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["users"]) == rows + 1
