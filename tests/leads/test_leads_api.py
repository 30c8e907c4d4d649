"""Leads API (contract §4) and its unversioned alias `/api/leads` (§5, v2.1.0 §6)."""

import datetime

import pytest
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.core.timeutils import to_utc_iso
from apps.leads.models import ActivityKind, Lead, LeadActivity, LeadSource, LeadStatus
from apps.leads.selectors import lead_latest_activity_id
from apps.projects.models import Project
from tests.accounts.factories import UserFactory
from tests.conftest import STAFF_MATRIX, assert_error, bearer_client
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

LEAD_KEYS = {
    "id",
    "name",
    "email",
    "phone",
    "status",
    "source",
    "service_interest",
    "notes",
    "assigned_to",
    "project_id",
    "attribution",  # an extra read-only key beyond the seed's: the visit's source, null for anyone but staff
    "created_at",
    "updated_at",
}
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
PAGINATION_KEYS = {"page", "pages", "per_page", "total", "has_next", "has_prev"}

# v2.1.0 §5, verbatim.
SEED_CREATE = {
    "name": "Петр Сидоров",
    "email": "petr@example.com",
    "phone": "+7 777 444 55 66",
    "source": "social_media",
    "service_interest": "custom_furniture",
    "notes": "Заинтересован в изготовлении шкафа-купе",
}
SEED_UPDATE = {"status": "contacted", "notes": "Связались по телефону, назначена встреча на завтра"}
SEED_CONVERT = {"project_name": "Кухня для семьи Сидоровых", "budget": 500000, "deadline": "2025-08-15"}
# v2.1.0 "Примеры использования": Python and cURL.
SEED_PYTHON = {
    "name": "Тестовый клиент",
    "email": "test@example.com",
    "phone": "+7 777 123 45 67",
    "source": "api",
    "service_interest": "kitchen_design",
}
SEED_CURL = {"name": "Новый клиент", "email": "client@example.com", "phone": "+7 777 123 45 67"}


@pytest.fixture
def manager_client(manager):
    return bearer_client(manager)


@pytest.fixture
def admin_client(admin_user):
    return bearer_client(admin_user)


def assert_lead(data: dict, lead: Lead) -> None:
    lead.refresh_from_db()
    assert set(data) == LEAD_KEYS
    assert data["id"] == lead.pk
    assert data["name"] == lead.name
    assert data["email"] == lead.email
    assert data["phone"] == lead.phone
    assert data["status"] == lead.status
    assert data["source"] == lead.source
    assert data["service_interest"] == lead.service_interest
    assert data["notes"] == lead.notes
    assert data["assigned_to"] == lead.assigned_to_id
    assert data["created_at"].endswith("Z")
    assert data["updated_at"].endswith("Z")


# --- POST /api/v1/leads --------------------------------------------------------------------------


def test_create_with_the_seed_body(manager_client, manager):
    response = manager_client.post("/api/v1/leads", SEED_CREATE, format="json")

    assert response.status_code == 201, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    lead = Lead.objects.get()
    assert_lead(data, lead)
    assert {k: data[k] for k in SEED_CREATE} == {**SEED_CREATE, "phone": "+77774445566"}
    assert data["status"] == "new"
    assert data["assigned_to"] is None
    assert data["project_id"] is None
    assert "Петр Сидоров".encode() in response.content  # Cyrillic is not escaped
    created = LeadActivity.objects.get(lead=lead, kind=ActivityKind.CREATED)
    assert created.author == manager


@pytest.mark.parametrize(
    ("body", "source"), [(SEED_PYTHON, "api"), (SEED_CURL, "api")], ids=["python-example", "curl-example"]
)
def test_create_with_the_seed_usage_examples(admin_client, body, source):
    response = admin_client.post("/api/v1/leads", body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["name"] == body["name"]
    assert data["email"] == body["email"]
    assert data["phone"] == "+77771234567"
    assert data["source"] == source
    assert data["service_interest"] == body.get("service_interest", "")
    assert Lead.objects.get().source == source


@pytest.mark.parametrize("role", ["user", "manager", "admin", "api_key:user", "api_key:manager", "api_key:admin"])
def test_any_authenticated_caller_may_create(as_role, role):
    response = as_role(role).post("/api/v1/leads", SEED_CURL, format="json")

    assert response.status_code == 201, response.content
    lead = Lead.objects.get()
    # Staff get the lead; anyone else the reference of their inquiry on its timeline (not the lead's
    # id: on SQLite both can be 1 by chance, on PostgreSQL they differ).
    expected = lead.pk if role.split(":")[-1] in ("manager", "admin") else lead_latest_activity_id(lead=lead)
    assert response.json()["id"] == expected


def test_create_without_credentials_is_401(api_client, db):
    assert_error(api_client.post("/api/v1/leads", SEED_CURL, format="json"), 401, "AUTHENTICATION_REQUIRED")
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("+7 777 123 45 67", "+77771234567"), ("87771234567", "+77771234567"), ("+996 509 912 569", "+996509912569")],
)
def test_create_stores_the_phone_in_e164(manager_client, sent, stored):
    response = manager_client.post("/api/v1/leads", {"name": "Клиент", "phone": sent}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["phone"] == stored
    assert response.json()["email"] == ""
    assert Lead.objects.get().phone == stored


def test_create_with_a_manager_assigns_the_lead(manager_client, manager):
    response = manager_client.post("/api/v1/leads", {**SEED_CREATE, "assigned_to": manager.pk}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["assigned_to"] == manager.pk
    assert Lead.objects.get().assigned_to == manager


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": None}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"email": "", "phone": ""}, "email"),
        ({"email": None, "phone": None}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"phone": "+7 777"}, "phone"),
        ({"email": "petr@"}, "email"),
        ({"service_interest": "sofa"}, "service_interest"),
        ({"source": "social media!"}, "source"),
        ({"notes": "x" * 5001}, "notes"),
        ({"assigned_to": 999999}, "assigned_to"),
        ({"assigned_to": "abc"}, "assigned_to"),
        ({"assigned_to": True}, "assigned_to"),
    ],
)
def test_create_with_invalid_input_names_the_field(manager_client, change, field):
    body = {k: v for k, v in {**SEED_CREATE, **change}.items() if not (k == "name" and v is None)}

    response = manager_client.post("/api/v1/leads", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert all(isinstance(m, str) and m for m in error["error"]["details"][field])
    assert not Lead.objects.exists()


def test_create_assigned_to_a_client_is_422(manager_client, client_user):
    response = manager_client.post("/api/v1/leads", {**SEED_CREATE, "assigned_to": client_user.pk}, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == ["assigned_to"]
    assert not Lead.objects.exists()


def test_create_with_missing_name_and_bad_phone_reports_both(manager_client):
    response = manager_client.post("/api/v1/leads", {"email": "a@example.com", "phone": "abc"}, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(error["error"]["details"]) == {"name", "phone"}


def test_create_with_malformed_json_is_400(manager_client):
    response = manager_client.post("/api/v1/leads", "{", content_type="application/json")

    assert_error(response, 400, "BAD_REQUEST")


def test_an_inquiry_with_the_email_of_an_open_lead_links_to_it(manager_client, manager):
    existing = LeadFactory(email="petr@example.com", phone="", notes="Первый звонок")

    response = manager_client.post("/api/v1/leads", {**SEED_CREATE, "email": "Petr@Example.com"}, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["id"] == existing.pk
    assert_lead(data, existing)
    assert Lead.objects.count() == 1
    existing.refresh_from_db()
    assert existing.phone == "+77774445566"  # the contact it lacked is filled in
    assert existing.notes == "Первый звонок"  # the lead's own notes are kept
    inquiry = LeadActivity.objects.get(lead=existing, kind=ActivityKind.INQUIRY)
    assert SEED_CREATE["notes"] in inquiry.text


def test_an_inquiry_with_the_phone_of_an_open_lead_links_to_it(manager_client):
    existing = LeadFactory(email="", phone="+77774445566")

    response = manager_client.post("/api/v1/leads", {"name": "Петр", "phone": "8 777 444 55 66"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["id"] == existing.pk
    assert Lead.objects.count() == 1


def test_a_linked_inquiry_naming_a_manager_assigns_an_unassigned_lead(manager_client, manager, admin_user):
    free = LeadFactory(email="petr@example.com")
    taken = LeadFactory(email="anna@example.com", assigned_to=admin_user)

    first = manager_client.post("/api/v1/leads", {**SEED_CREATE, "assigned_to": manager.pk}, format="json")
    second = manager_client.post(
        "/api/v1/leads", {**SEED_CREATE, "email": "anna@example.com", "phone": "", "assigned_to": manager.pk}
    )

    assert (first.status_code, first.json()["id"], first.json()["assigned_to"]) == (200, free.pk, manager.pk)
    assert (second.status_code, second.json()["id"], second.json()["assigned_to"]) == (200, taken.pk, admin_user.pk)


@pytest.mark.parametrize("status", [LeadStatus.CONVERTED, LeadStatus.LOST])
def test_a_closed_lead_with_the_same_email_gets_a_new_lead(manager_client, status):
    closed = LeadFactory(email="petr@example.com", status=status)

    response = manager_client.post("/api/v1/leads", SEED_CREATE, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["id"] != closed.pk
    assert Lead.objects.count() == 2


def _public_answer(response) -> dict:
    """The parts of a public inquiry's answer that do not depend on time or sequence."""
    data = response.json()
    return {k: v for k, v in data.items() if k not in ("id", "created_at", "updated_at")}


@pytest.mark.parametrize("who", ["client", "anonymous"])
def test_a_public_inquiry_answers_the_same_whether_or_not_the_contact_is_known(client_user, manager, who):
    path = "/api/v1/leads" if who == "client" else "/api/leads"
    caller = bearer_client(client_user) if who == "client" else APIClient()
    existing = LeadFactory(
        name="Пётр Сидоров",
        email="petr@example.com",
        phone="",
        notes="Бюджет 2 млн",
        status=LeadStatus.QUALIFIED,
        assigned_to=manager,
    )
    Lead.objects.filter(pk=existing.pk).update(created_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    existing.refresh_from_db()
    unknown = caller.post(path, {"name": "Кто-то", "email": "nobody@example.com", "phone": "+7 777 000 11 22"})
    known = caller.post(path, {"name": "Кто-то", "email": "petr@example.com", "phone": "+7 777 000 11 22"})

    assert (unknown.status_code, known.status_code) == (201, 201), known.content
    assert set(known.json()) == set(unknown.json()) == LEAD_KEYS
    assert _public_answer(known) == {**_public_answer(unknown), "email": "petr@example.com"}
    data = known.json()
    assert (data["status"], data["assigned_to"], data["project_id"]) == ("new", None, None)
    assert data["created_at"] != to_utc_iso(existing.created_at)
    assert "Бюджет" not in known.content.decode()
    assert "Пётр" not in known.content.decode()
    # The stored lead is untouched; the phone it brought waits on the timeline for a manager.
    existing.refresh_from_db()
    assert (existing.name, existing.phone, existing.status) == ("Пётр Сидоров", "", LeadStatus.QUALIFIED)
    inquiry = LeadActivity.objects.filter(lead=existing, kind=ActivityKind.INQUIRY).get()
    assert data["id"] == inquiry.pk  # the reference of the inquiry, not of the lead
    assert "+7 777 000 1122" in inquiry.message  # the offered phone as people read it
    assert "Кто-то" in inquiry.message


def test_a_client_cannot_assign_a_known_lead(client_user, manager):
    existing = LeadFactory(email="petr@example.com")

    response = bearer_client(client_user).post(
        "/api/v1/leads", {"name": "Кто-то", "email": "petr@example.com", "assigned_to": manager.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["assigned_to"] is None
    existing.refresh_from_db()
    assert existing.assigned_to is None


@pytest.mark.parametrize("path", ["/api/v1/leads", "/api/v1/leads/"])
def test_create_answers_on_both_spellings_without_redirect(manager_client, path):
    response = manager_client.post(path, SEED_CREATE, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["phone"] == "+77774445566"


# --- GET /api/v1/leads ---------------------------------------------------------------------------


def test_list_has_the_seed_shape(manager_client):
    lead = LeadFactory(name="Анна Смирнова", email="anna@example.com", phone="+77771112233")

    response = manager_client.get("/api/v1/leads")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"leads", "pagination"}
    assert body["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 20,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }
    [item] = body["leads"]
    assert_lead(item, lead)
    assert item["phone"] == "+77771112233"
    assert item["project_id"] is None


def test_list_shows_the_project_of_a_converted_lead(manager_client):
    lead = LeadFactory(status=LeadStatus.CONVERTED)
    project = ProjectFactory(lead=lead)

    [item] = manager_client.get("/api/v1/leads").json()["leads"]

    assert item["project_id"] == project.pk
    assert item["status"] == "converted"


def test_list_is_newest_first_and_pages(manager_client):
    leads = LeadFactory.create_batch(3)

    body = manager_client.get("/api/v1/leads", {"per_page": 2, "page": 2}).json()

    assert [item["id"] for item in body["leads"]] == [leads[0].pk]
    assert body["pagination"] == {
        "page": 2,
        "pages": 2,
        "per_page": 2,
        "total": 3,
        "has_next": False,
        "has_prev": True,
    }


@pytest.mark.parametrize("status", ["new", "contacted", "qualified", "converted", "lost"])
def test_list_filters_by_each_status(manager_client, status):
    wanted = LeadFactory(status=status)
    LeadFactory(status="new" if status != "new" else "lost")

    body = manager_client.get("/api/v1/leads", {"status": status}).json()

    assert [item["id"] for item in body["leads"]] == [wanted.pk]


def test_list_filters_by_source_interest_manager_and_search(manager_client, manager):
    a = LeadFactory(source="social_media", service_interest="montessori", assigned_to=manager, name="Айгерим")
    b = LeadFactory(source="website", service_interest="kitchen_design", phone="+77019998877")

    def ids(**params):
        return [item["id"] for item in manager_client.get("/api/v1/leads", params).json()["leads"]]

    assert ids(source="social_media") == [a.pk]
    assert ids(service_interest="kitchen_design") == [b.pk]
    assert ids(assigned_to=manager.pk) == [a.pk]
    assert ids(search="Айгер") == [a.pk]
    assert ids(search=b.email.upper()) == [b.pk]
    assert ids(search="+7 701 999") == [b.pk]
    assert ids(source="social_media", service_interest="kitchen_design") == []


def test_search_ignores_the_case_of_cyrillic_names(manager_client):
    lead = LeadFactory(name="Айгерим Сагынбаева")

    body = manager_client.get("/api/v1/leads", {"search": "айгерим"}).json()

    assert [item["id"] for item in body["leads"]] == [lead.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "archived"}, "status"),
        ({"service_interest": "sofa"}, "service_interest"),
        ({"assigned_to": "abc"}, "assigned_to"),
        ({"assigned_to": "0"}, "assigned_to"),
        ({"source": "not a slug"}, "source"),
        ({"search": "x" * 101}, "search"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"per_page": "-1"}, "per_page"),
    ],
)
def test_list_with_an_invalid_filter_is_422(manager_client, params, field):
    response = manager_client.get("/api/v1/leads", params)

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]


def test_list_treats_empty_filters_as_absent(manager_client):
    lead = LeadFactory()

    body = manager_client.get("/api/v1/leads?status=&source=&assigned_to=&search=").json()

    assert [item["id"] for item in body["leads"]] == [lead.pk]


def test_list_page_past_the_end_is_empty(manager_client):
    LeadFactory()

    body = manager_client.get("/api/v1/leads", {"page": 5}).json()

    assert body["leads"] == []
    assert body["pagination"]["total"] == 1
    assert body["pagination"]["pages"] == 1


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
@pytest.mark.parametrize("path", ["/api/v1/leads", "/api/leads"])
def test_list_permissions(as_role, role, status, code, path):
    LeadFactory()

    response = as_role(role).get(path)

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert len(response.json()["leads"]) == 1


@pytest.mark.parametrize("rows", [1, 60])
@pytest.mark.parametrize("path", ["/api/v1/leads", "/api/leads"])
def test_list_queries_do_not_grow_with_rows(manager, django_assert_max_num_queries, rows, path):
    other = UserFactory(role=Role.MANAGER)
    for index in range(rows):
        lead = LeadFactory(assigned_to=other if index % 2 else None, status=LeadStatus.CONVERTED)
        if index % 3 == 0:
            ProjectFactory(lead=lead, manager=other)
    client = bearer_client(manager)

    with django_assert_max_num_queries(3):
        response = client.get(path, {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["leads"]) == rows


# --- /api/v1/leads/{id} --------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_get_lead_permissions(as_role, role, status, code):
    lead = LeadFactory()

    response = as_role(role).get(f"/api/v1/leads/{lead.pk}")

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert_lead(response.json(), lead)


@pytest.mark.parametrize("path", ["/api/v1/leads/{id}", "/api/v1/leads/{id}/"])
def test_get_lead_on_both_spellings(manager_client, path):
    lead = LeadFactory()

    response = manager_client.get(path.format(id=lead.pk))

    assert response.status_code == 200, response.content
    assert_lead(response.json(), lead)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_unknown_lead_is_404(admin_client, method):
    response = getattr(admin_client, method)("/api/v1/leads/999999", {}, format="json")

    assert_error(response, 404, "NOT_FOUND")


def test_non_numeric_lead_id_is_404(manager_client):
    assert_error(manager_client.get("/api/v1/leads/abc"), 404, "NOT_FOUND")


def test_put_with_the_seed_body_is_partial(manager_client, manager):
    lead = LeadFactory(name="Петр Сидоров", email="petr@example.com", service_interest="custom_furniture")

    response = manager_client.put(f"/api/v1/leads/{lead.pk}", SEED_UPDATE, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert_lead(data, lead)
    assert data["status"] == "contacted"
    assert data["notes"] == SEED_UPDATE["notes"]
    assert (data["name"], data["email"], data["service_interest"]) == (
        "Петр Сидоров",
        "petr@example.com",
        "custom_furniture",
    )
    change = LeadActivity.objects.get(lead=lead, kind=ActivityKind.STATUS_CHANGE)
    assert change.author == manager


@pytest.mark.parametrize("path", ["/api/v1/leads/{id}", "/api/v1/leads/{id}/"])
def test_patch_changes_only_what_is_sent(manager_client, path):
    lead = LeadFactory(status=LeadStatus.CONTACTED)

    response = manager_client.patch(path.format(id=lead.pk), {"phone": "8 777 444 55 66"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+77774445566"
    assert response.json()["status"] == "contacted"
    lead.refresh_from_db()
    assert lead.phone == "+77774445566"


def test_patch_assigns_and_unassigns_a_manager(manager_client, admin_user):
    lead = LeadFactory()

    assigned = manager_client.patch(f"/api/v1/leads/{lead.pk}", {"assigned_to": admin_user.pk}, format="json")
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_to"] == admin_user.pk

    unassigned = manager_client.patch(f"/api/v1/leads/{lead.pk}", {"assigned_to": None}, format="json")
    assert unassigned.status_code == 200, unassigned.content
    assert unassigned.json()["assigned_to"] is None
    lead.refresh_from_db()
    assert lead.assigned_to is None
    assert LeadActivity.objects.filter(lead=lead, kind=ActivityKind.ASSIGNMENT).count() == 2


def test_patch_assigning_a_client_or_an_inactive_manager_is_422(manager_client, client_user):
    lead = LeadFactory()
    inactive = UserFactory(role=Role.MANAGER, is_active=False)

    for user in (client_user, inactive):
        response = manager_client.patch(f"/api/v1/leads/{lead.pk}", {"assigned_to": user.pk}, format="json")
        error = assert_error(response, 422, "VALIDATION_ERROR")
        assert list(error["error"]["details"]) == ["assigned_to"]
    lead.refresh_from_db()
    assert lead.assigned_to is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "archived"}, "status"),
        ({"status": "converted"}, "status"),
        ({"service_interest": "sofa"}, "service_interest"),
        ({"phone": "abc"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"email": "", "phone": ""}, "email"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_put_with_invalid_input_names_the_field(manager_client, body, field):
    lead = LeadFactory(status=LeadStatus.NEW)
    before = (lead.name, lead.email, lead.phone, lead.status, lead.notes)

    response = manager_client.put(f"/api/v1/leads/{lead.pk}", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    lead.refresh_from_db()
    assert (lead.name, lead.email, lead.phone, lead.status, lead.notes) == before


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_put_lead_permissions(as_role, role, status, code):
    lead = LeadFactory(status=LeadStatus.NEW)

    response = as_role(role).put(f"/api/v1/leads/{lead.pk}", SEED_UPDATE, format="json")

    lead.refresh_from_db()
    if code:
        assert_error(response, status, code)
        assert lead.status == LeadStatus.NEW
    else:
        assert response.status_code == 200, response.content
        assert lead.status == LeadStatus.CONTACTED


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [
        ("anonymous", 401, "AUTHENTICATION_REQUIRED"),
        ("user", 403, "PERMISSION_DENIED"),
        ("manager", 403, "PERMISSION_DENIED"),
        ("api_key:manager", 403, "PERMISSION_DENIED"),
        ("admin", 204, None),
        ("api_key:admin", 204, None),
    ],
)
def test_delete_is_for_admins(as_role, role, status, code):
    lead = LeadFactory()

    response = as_role(role).delete(f"/api/v1/leads/{lead.pk}")

    if code:
        assert_error(response, status, code)
        assert Lead.objects.filter(pk=lead.pk).exists()
    else:
        assert response.status_code == 204
        assert response.content == b""
        assert not Lead.objects.filter(pk=lead.pk).exists()


def test_delete_on_the_slash_spelling(admin_client):
    lead = LeadFactory()

    assert admin_client.delete(f"/api/v1/leads/{lead.pk}/").status_code == 204
    assert not Lead.objects.exists()


# --- POST /api/v1/leads/{id}/convert -------------------------------------------------------------


def test_convert_with_the_seed_body(manager_client, manager):
    lead = LeadFactory(name="Петр Сидоров", email="petr@example.com", phone="+77774445566", status="qualified")

    response = manager_client.post(f"/api/v1/leads/{lead.pk}/convert", SEED_CONVERT, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    project = Project.objects.get()
    assert set(data) == PROJECT_KEYS
    assert data["id"] == project.pk
    assert data["name"] == "Кухня для семьи Сидоровых"
    assert data["budget"] == 500000
    assert isinstance(data["budget"], int | float)
    assert data["deadline"] == "2025-08-15"
    assert data["status"] == "planning"
    assert data["currency"] == "KZT"
    assert data["lead_id"] == lead.pk
    assert (data["client_name"], data["client_email"], data["client_phone"]) == (
        "Петр Сидоров",
        "petr@example.com",
        "+77774445566",
    )
    assert data["manager"] == manager.pk  # an unassigned lead goes to whoever converts it
    assert data["created_at"].endswith("Z")

    after = manager_client.get(f"/api/v1/leads/{lead.pk}").json()
    assert after["status"] == "converted"
    assert after["project_id"] == project.pk


def test_convert_twice_is_conflict(manager_client):
    lead = LeadFactory()
    first = manager_client.post(f"/api/v1/leads/{lead.pk}/convert", SEED_CONVERT, format="json")
    assert first.status_code == 201, first.content

    second = manager_client.post(f"/api/v1/leads/{lead.pk}/convert", SEED_CONVERT, format="json")

    assert_error(second, 409, "CONFLICT")
    assert Project.objects.count() == 1


def test_convert_a_lost_lead_is_conflict(manager_client):
    lead = LeadFactory(status=LeadStatus.LOST)

    assert_error(manager_client.post(f"/api/v1/leads/{lead.pk}/convert", SEED_CONVERT, format="json"), 409, "CONFLICT")
    assert not Project.objects.exists()


def test_convert_needs_only_a_project_name(manager_client):
    lead = LeadFactory()

    response = manager_client.post(f"/api/v1/leads/{lead.pk}/convert/", {"project_name": "Детская"}, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["budget"], response.json()["deadline"]) == (None, None)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"project_name": ""}, "project_name"),
        ({"project_name": None}, "project_name"),
        ({"project_name": "x" * 201}, "project_name"),
        ({"budget": -1}, "budget"),
        ({"budget": "abc"}, "budget"),
        ({"budget": True}, "budget"),
        ({"budget": 0.001}, "budget"),
        ({"budget": 10**13}, "budget"),
        ({"deadline": "15.08.2025"}, "deadline"),
        ({"deadline": "2025-02-30"}, "deadline"),
    ],
)
def test_convert_with_invalid_input_names_the_field(manager_client, change, field):
    lead = LeadFactory()
    body = {k: v for k, v in {**SEED_CONVERT, **change}.items() if v is not None}

    response = manager_client.post(f"/api/v1/leads/{lead.pk}/convert", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not Project.objects.exists()
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_convert_unknown_lead_is_404(manager_client):
    assert_error(manager_client.post("/api/v1/leads/999999/convert", SEED_CONVERT, format="json"), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [(role, 201 if status == 200 else status, code) for role, status, code in STAFF_MATRIX],
)
def test_convert_permissions(as_role, role, status, code):
    lead = LeadFactory()

    response = as_role(role).post(f"/api/v1/leads/{lead.pk}/convert", SEED_CONVERT, format="json")

    if code:
        assert_error(response, status, code)
        assert not Project.objects.exists()
    else:
        assert response.status_code == 201, response.content
        assert Project.objects.get().lead == lead


# --- /api/leads (unversioned) --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/leads", "/api/leads/"])
def test_public_create_forces_the_website_source(api_client, db, path):
    response = api_client.post(path, {**SEED_CREATE, "source": "api"}, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    lead = Lead.objects.get()
    assert set(data) == LEAD_KEYS
    assert data["id"] == lead_latest_activity_id(lead=lead)  # the inquiry's reference, not the lead's id
    assert (data["name"], data["email"], data["status"]) == (lead.name, lead.email, "new")
    assert data["source"] == LeadSource.WEBSITE == lead.source
    assert data["phone"] == "+77774445566" == lead.phone
    assert data["notes"] == SEED_CREATE["notes"]


def test_public_create_ignores_an_assignment(api_client, manager):
    response = api_client.post("/api/leads", {**SEED_CURL, "assigned_to": manager.pk}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["assigned_to"] is None
    assert Lead.objects.get().assigned_to is None


def test_public_create_with_a_staff_token_also_uses_website(manager_client):
    response = manager_client.post("/api/leads", SEED_CREATE, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["source"] == "website"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "", "phone": ""}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"service_interest": "sofa"}, "service_interest"),
        ({"email": "nope"}, "email"),
    ],
)
def test_public_create_validates_like_v1(api_client, db, change, field):
    response = api_client.post("/api/leads", {**SEED_CREATE, **change}, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not Lead.objects.exists()


def test_public_create_links_without_disclosing_the_lead(api_client, manager):
    existing = LeadFactory(email="petr@example.com", notes="Внутренняя заметка", assigned_to=manager)

    response = api_client.post("/api/leads", SEED_CREATE, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert data["id"] == LeadActivity.objects.get(lead=existing, kind=ActivityKind.INQUIRY).pk
    assert data["name"] == SEED_CREATE["name"]
    assert data["notes"] == SEED_CREATE["notes"]
    assert data["assigned_to"] is None
    assert data["source"] == "website"
    assert "Внутренняя заметка" not in response.content.decode()
    assert Lead.objects.count() == 1


def test_public_create_is_rate_limited_per_ip(api_client, db, settings):
    settings.RATELIMIT_CREATE = "2/h"
    for index in range(2):
        body = {"name": "Клиент", "email": f"c{index}@example.com"}
        assert api_client.post("/api/leads", body, format="json").status_code == 201

    limited = api_client.post("/api/leads", {"name": "Клиент", "email": "c3@example.com"}, format="json")

    assert_error(limited, 429, "RATE_LIMIT_EXCEEDED")
    assert int(limited["Retry-After"]) >= 1
    assert limited["X-RateLimit-Remaining"] == "0"
    assert Lead.objects.count() == 2
    other_ip = APIClient(REMOTE_ADDR="198.51.100.7")
    assert other_ip.post("/api/leads", {"name": "Другой", "email": "d@example.com"}, format="json").status_code == 201


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_unversioned_leads_has_no_other_methods(manager_client, method):
    assert_error(getattr(manager_client, method)("/api/leads", {}, format="json"), 405, "METHOD_NOT_ALLOWED")


def test_unversioned_list_is_the_v1_list(manager_client):
    LeadFactory.create_batch(3)

    assert (
        manager_client.get("/api/leads/", {"per_page": 2}).json()
        == manager_client.get("/api/v1/leads", {"per_page": 2}).json()
    )
