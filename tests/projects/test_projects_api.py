"""Client projects API (contract §5) and its unversioned alias `GET /api/projects`."""

import datetime
from decimal import Decimal

import pytest

from apps.accounts.models import Role
from apps.projects.models import Project, ProjectStatus
from tests.accounts.factories import UserFactory
from tests.conftest import STAFF_MATRIX, assert_error, bearer_client
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

PROJECT_KEYS = {
    "id",
    "name",
    "description",
    "status",
    "budget",
    "currency",
    "deadline",
    "lead_id",
    "client_name",
    "client_email",
    "client_phone",
    "manager",
    "created_at",
    "updated_at",
}
NEW_PROJECT = {
    "name": "Кухня для семьи Сидоровых",
    "description": "Кухня из массива дуба",
    "status": "measurement",
    "budget": 500000,
    "currency": "kzt",
    "deadline": "2025-08-15",
    "client_name": "Петр Сидоров",
    "client_email": "Petr@Example.com",
    "client_phone": "+7 777 444 55 66",
}


@pytest.fixture
def manager_client(manager):
    return bearer_client(manager)


def assert_project(data: dict, project: Project) -> None:
    project.refresh_from_db()
    assert set(data) == PROJECT_KEYS
    assert data["id"] == project.pk
    for field in ("name", "description", "status", "currency", "client_name", "client_email", "client_phone"):
        assert data[field] == getattr(project, field), field
    assert data["budget"] == (None if project.budget is None else float(project.budget))
    assert data["deadline"] == (project.deadline.isoformat() if project.deadline else None)
    assert data["lead_id"] == project.lead_id
    assert data["manager"] == project.manager_id
    assert data["created_at"].endswith("Z")
    assert data["updated_at"].endswith("Z")


# --- POST /api/v1/projects -----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/projects/"])
def test_create_a_project(manager_client, manager, path):
    response = manager_client.post(path, {**NEW_PROJECT, "manager": manager.pk}, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    project = Project.objects.get()
    assert_project(data, project)
    assert data["budget"] == 500000
    assert isinstance(data["budget"], int | float)
    assert data["currency"] == "KZT"
    assert data["client_email"] == "petr@example.com"
    assert data["client_phone"] == "+77774445566"
    assert data["status"] == "measurement"
    assert data["manager"] == manager.pk
    assert data["lead_id"] is None


def test_create_with_only_a_name_uses_the_defaults(manager_client):
    response = manager_client.post("/api/v1/projects", {"name": "Детская"}, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["status"], data["currency"], data["budget"], data["deadline"], data["manager"]) == (
        "planning",
        "KZT",
        None,
        None,
        None,
    )


def test_budget_keeps_its_cents(manager_client):
    response = manager_client.post("/api/v1/projects", {"name": "Шкаф", "budget": 1234.5}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["budget"] == 1234.5
    assert Project.objects.get().budget == Decimal("1234.50")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"budget": -1}, "budget"),
        ({"budget": "abc"}, "budget"),
        ({"budget": False}, "budget"),
        ({"budget": 0.005}, "budget"),
        ({"status": "done"}, "status"),
        ({"deadline": "15.08.2025"}, "deadline"),
        ({"currency": "KZTT"}, "currency"),
        ({"currency": "12$"}, "currency"),
        ({"client_phone": "abc"}, "client_phone"),
        ({"client_email": "petr@"}, "client_email"),
        ({"manager": 999999}, "manager"),
        ({"manager": "abc"}, "manager"),
    ],
)
def test_create_with_invalid_input_names_the_field(manager_client, change, field):
    body = {k: v for k, v in {**NEW_PROJECT, **change}.items() if not (k == "name" and v is None)}

    response = manager_client.post("/api/v1/projects", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not Project.objects.exists()


def test_create_managed_by_a_client_is_422(manager_client, client_user):
    response = manager_client.post("/api/v1/projects", {**NEW_PROJECT, "manager": client_user.pk}, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == ["manager"]


@pytest.mark.parametrize(("role", "status", "code"), [(r, 201 if s == 200 else s, c) for r, s, c in STAFF_MATRIX])
def test_create_permissions(as_role, role, status, code):
    response = as_role(role).post("/api/v1/projects", NEW_PROJECT, format="json")

    if code:
        assert_error(response, status, code)
        assert not Project.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert Project.objects.count() == 1


# --- GET /api/v1/projects ------------------------------------------------------------------------


def test_list_shape(manager_client):
    lead = LeadFactory(status="converted")
    project = ProjectFactory(lead=lead)

    response = manager_client.get("/api/v1/projects")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"projects", "pagination"}
    assert body["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 20,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }
    [item] = body["projects"]
    assert_project(item, project)
    assert item["lead_id"] == lead.pk


def test_list_filters(manager_client, manager):
    today = datetime.date.today()
    overdue = ProjectFactory(name="Кухня Алиевых", deadline=today - datetime.timedelta(days=3), manager=manager)
    done_late = ProjectFactory(status=ProjectStatus.COMPLETED, deadline=today - datetime.timedelta(days=3))
    on_time = ProjectFactory(status=ProjectStatus.DESIGN, client_email="boss@corp.kz")

    def ids(**params):
        response = manager_client.get("/api/v1/projects", params)
        assert response.status_code == 200, response.content
        return sorted(item["id"] for item in response.json()["projects"])

    assert ids(status="design") == [on_time.pk]
    assert ids(status="completed") == [done_late.pk]
    assert ids(manager=manager.pk) == [overdue.pk]
    assert ids(overdue="true") == [overdue.pk]
    assert ids(overdue="false") == sorted([overdue.pk, done_late.pk, on_time.pk])
    assert ids(search="Алиев") == [overdue.pk]
    assert ids(search="BOSS@corp") == [on_time.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "done"}, "status"),
        ({"manager": "abc"}, "manager"),
        ({"overdue": "maybe"}, "overdue"),
        ({"search": "x" * 101}, "search"),
        ({"page": "abc"}, "page"),
    ],
)
def test_list_with_an_invalid_filter_is_422(manager_client, params, field):
    error = assert_error(manager_client.get("/api/v1/projects", params), 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/projects", "/api/projects/"])
def test_list_permissions(as_role, role, status, code, path):
    ProjectFactory()

    response = as_role(role).get(path)

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert len(response.json()["projects"]) == 1


@pytest.mark.parametrize("rows", [1, 60])
@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/projects"])
def test_list_queries_do_not_grow_with_rows(manager, django_assert_max_num_queries, rows, path):
    other = UserFactory(role=Role.MANAGER)
    for index in range(rows):
        ProjectFactory(manager=other if index % 2 else None, lead=LeadFactory() if index % 3 == 0 else None)
    client = bearer_client(manager)

    with django_assert_max_num_queries(3):
        response = client.get(path, {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["projects"]) == rows


def test_unversioned_list_is_the_v1_list(manager_client):
    ProjectFactory.create_batch(3)

    assert (
        manager_client.get("/api/projects", {"per_page": 2, "page": 2}).json()
        == manager_client.get("/api/v1/projects", {"per_page": 2, "page": 2}).json()
    )


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unversioned_projects_is_read_only(manager_client, method):
    response = getattr(manager_client, method)("/api/projects", NEW_PROJECT, format="json")

    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert not Project.objects.exists()


# --- /api/v1/projects/{id} -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_get_project_permissions(as_role, role, status, code):
    project = ProjectFactory()

    response = as_role(role).get(f"/api/v1/projects/{project.pk}")

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert_project(response.json(), project)


@pytest.mark.parametrize("method", ["get", "put", "patch"])
def test_unknown_project_is_404(manager_client, method):
    assert_error(getattr(manager_client, method)("/api/v1/projects/999999", {}, format="json"), 404, "NOT_FOUND")


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("path", ["/api/v1/projects/{id}", "/api/v1/projects/{id}/"])
def test_update_is_partial(manager_client, admin_user, method, path):
    project = ProjectFactory(status=ProjectStatus.PLANNING, budget=Decimal("500000"))

    response = getattr(manager_client, method)(
        path.format(id=project.pk),
        {"status": "production", "budget": 650000.5, "manager": admin_user.pk, "client_phone": "87771234567"},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert_project(data, project)
    assert (data["status"], data["budget"], data["manager"], data["client_phone"]) == (
        "production",
        650000.5,
        admin_user.pk,
        "+77771234567",
    )
    assert data["name"] == project.name  # untouched


def test_update_can_clear_budget_deadline_and_manager(manager_client, manager):
    project = ProjectFactory(manager=manager)

    response = manager_client.patch(
        f"/api/v1/projects/{project.pk}", {"budget": None, "deadline": None, "manager": None}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["budget"], response.json()["deadline"], response.json()["manager"]) == (None, None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"status": "done"}, "status"),
        ({"budget": -100}, "budget"),
        ({"budget": "много"}, "budget"),
        ({"deadline": "2025-13-01"}, "deadline"),
        ({"client_phone": "abc"}, "client_phone"),
        ({"currency": ""}, "currency"),
        ({"manager": True}, "manager"),
    ],
)
def test_update_with_invalid_input_names_the_field(manager_client, body, field):
    project = ProjectFactory(status=ProjectStatus.PLANNING)

    response = manager_client.put(f"/api/v1/projects/{project.pk}", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNING
    assert project.budget == Decimal("500000.00")


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_update_permissions(as_role, role, status, code):
    project = ProjectFactory(status=ProjectStatus.PLANNING)

    response = as_role(role).patch(f"/api/v1/projects/{project.pk}", {"status": "design"}, format="json")

    project.refresh_from_db()
    if code:
        assert_error(response, status, code)
        assert project.status == ProjectStatus.PLANNING
    else:
        assert response.status_code == 200, response.content
        assert project.status == ProjectStatus.DESIGN


def test_projects_are_not_deleted_over_the_api(as_role):
    project = ProjectFactory()

    assert_error(as_role("admin").delete(f"/api/v1/projects/{project.pk}"), 405, "METHOD_NOT_ALLOWED")
    assert Project.objects.filter(pk=project.pk).exists()
