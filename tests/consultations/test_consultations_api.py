"""Consultations API (contract §5): anyone asks (`/api/consultation`, `/api/v1/consultations`,
`/api/consultations`), staff read and schedule (v1 and the unversioned alias)."""

import datetime
from datetime import UTC
from unittest import mock

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory
from rest_framework.test import APIClient

from apps.accounts.models import Role
from apps.consultations.models import Consultation, ConsultationStatus
from apps.leads.models import ActivityKind, Lead, LeadActivity, LeadSource
from tests.accounts.factories import UserFactory
from tests.conftest import STAFF_MATRIX, assert_error, bearer_client
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import LeadFactory

CONSULTATION_KEYS = {
    "id",
    "name",
    "email",
    "phone",
    "service_type",
    "consultation_type",
    "preferred_date",
    "scheduled_at",
    "message",
    "status",
    "assigned_to",
    "lead_id",
    "created_at",
}
# v2.1.0 §1, verbatim.
SEED_REQUEST = {
    "name": "Мария Петрова",
    "email": "maria@example.com",
    "phone": "+7 777 987 65 43",
    "service_type": "kitchen_design",
    "preferred_date": "2025-07-01",
    "message": "Хочу заказать дизайн кухни",
}
SEED_DAY = datetime.date(2025, 6, 21)  # the day v2.1.0 was published; its example date lies ahead
CREATE_PATHS = [
    "/api/consultation",
    "/api/consultation/",
    "/api/v1/consultations",
    "/api/v1/consultations/",
    "/api/consultations",
    "/api/consultations/",
]


@pytest.fixture
def on_seed_day():
    with mock.patch("django.utils.timezone.localdate", return_value=SEED_DAY):
        yield


@pytest.fixture
def manager_client(manager):
    return bearer_client(manager)


def future(days: int = 7) -> str:
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def assert_consultation(data: dict, consultation: Consultation) -> None:
    consultation.refresh_from_db()
    assert set(data) == CONSULTATION_KEYS
    assert data["id"] == consultation.pk
    for field in ("name", "email", "phone", "service_type", "consultation_type", "message", "status"):
        assert data[field] == getattr(consultation, field), field
    assert data["preferred_date"] == (consultation.preferred_date.isoformat() if consultation.preferred_date else None)
    expected_at = consultation.scheduled_at
    assert data["scheduled_at"] == (expected_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if expected_at else None)
    assert data["assigned_to"] == consultation.assigned_to_id
    assert data["lead_id"] == consultation.lead_id
    assert data["created_at"].endswith("Z")


# --- POST: anyone --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CREATE_PATHS)
def test_request_with_the_seed_body(api_client, db, path):
    response = api_client.post(path, SEED_REQUEST, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    assert body["success"] is True
    consultation = Consultation.objects.get()
    assert_consultation({**body["data"], "lead_id": consultation.lead_id}, consultation)
    assert body["data"] == {
        **body["data"],
        "name": "Мария Петрова",
        "email": "maria@example.com",
        "phone": "+77779876543",
        "service_type": "kitchen_design",
        "consultation_type": "office_visit",
        "preferred_date": "2025-07-01",
        "scheduled_at": None,
        "message": "Хочу заказать дизайн кухни",
        "status": "new",
        "assigned_to": None,
        "lead_id": None,  # a caller who is not staff is not told which lead took the request
    }
    lead = Lead.objects.get()
    assert consultation.lead == lead
    assert lead.source == LeadSource.CONSULTATION_FORM
    assert (lead.name, lead.phone, lead.service_interest) == ("Мария Петрова", "+77779876543", "kitchen_design")


@pytest.mark.parametrize("consultation_type", ["office_visit", "home_visit", "online"])
def test_request_with_a_consultation_type(api_client, db, consultation_type):
    body = {**SEED_REQUEST, "preferred_date": future(), "consultation_type": consultation_type}

    response = api_client.post("/api/v1/consultations", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["data"]["consultation_type"] == consultation_type


@pytest.mark.parametrize("role", ["anonymous", "user", "manager", "admin", "api_key:manager"])
def test_anyone_may_request(as_role, role, on_seed_day):
    response = as_role(role).post("/api/consultation", SEED_REQUEST, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["data"]["id"] == Consultation.objects.get().pk


def test_a_request_from_an_open_lead_links_to_it_without_saying_so(api_client, manager, on_seed_day):
    lead = LeadFactory(email="maria@example.com", phone="", assigned_to=manager)

    response = api_client.post("/api/consultation", SEED_REQUEST, format="json")

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    # The answer of a request from a stranger: no lead, no manager.
    assert (data["lead_id"], data["assigned_to"]) == (None, None)
    consultation = Consultation.objects.get(pk=data["id"])
    assert (consultation.lead, consultation.assigned_to) == (lead, manager)  # the lead's manager takes it
    assert Lead.objects.count() == 1
    lead.refresh_from_db()
    assert lead.phone == ""  # a stranger's request adds nothing to the lead...
    inquiry = LeadActivity.objects.get(lead=lead, kind=ActivityKind.INQUIRY)
    assert "+7 777 987 6543" in inquiry.message  # ...but shows the manager the phone it brought


def test_staff_see_the_lead_a_request_joined(as_role, manager, on_seed_day):
    lead = LeadFactory(email="maria@example.com", assigned_to=manager)

    response = as_role("manager").post("/api/v1/consultations", SEED_REQUEST, format="json")

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert (data["lead_id"], data["assigned_to"]) == (lead.pk, manager.pk)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"name": "x" * 151}, "name"),
        ({"email": "", "phone": ""}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"email": "maria@"}, "email"),
        ({"service_type": "sofa"}, "service_type"),
        ({"consultation_type": "by_pigeon"}, "consultation_type"),
        ({"preferred_date": "01.07.2025"}, "preferred_date"),
        ({"preferred_date": "2025-06-31"}, "preferred_date"),
        ({"message": "x" * 5001}, "message"),
    ],
)
def test_request_with_invalid_input_names_the_field(api_client, db, on_seed_day, change, field):
    body = {k: v for k, v in {**SEED_REQUEST, **change}.items() if not (k == "name" and v is None)}

    response = api_client.post("/api/consultation", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not Consultation.objects.exists()
    assert not Lead.objects.exists()


def test_request_is_rate_limited_per_ip(api_client, db, settings, on_seed_day):
    settings.RATELIMIT_CREATE = "2/h"
    for _ in range(2):
        assert api_client.post("/api/consultation", SEED_REQUEST, format="json").status_code == 201

    limited = api_client.post("/api/v1/consultations", SEED_REQUEST, format="json")

    assert_error(limited, 429, "RATE_LIMIT_EXCEEDED")
    assert int(limited["Retry-After"]) >= 1
    assert Consultation.objects.count() == 2
    other = APIClient(REMOTE_ADDR="198.51.100.10")
    assert other.post("/api/consultations", SEED_REQUEST, format="json").status_code == 201


def test_a_form_body_needs_the_csrf_token(db, on_seed_day):
    client = APIClient(enforce_csrf_checks=True)

    refused = client.post("/api/consultation", SEED_REQUEST, format="multipart")
    assert_error(refused, 403, "PERMISSION_DENIED")
    assert not Consultation.objects.exists()

    request = RequestFactory().get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    accepted = client.post("/api/consultation", {**SEED_REQUEST, "csrfmiddlewaretoken": token}, format="multipart")
    assert accepted.status_code == 201, accepted.content

    as_json = APIClient(enforce_csrf_checks=True).post("/api/consultation", SEED_REQUEST, format="json")
    assert as_json.status_code == 201, as_json.content
    assert Consultation.objects.count() == 2


def test_a_logged_in_visitor_sends_json_without_a_csrf_token(client_user, on_seed_day):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(client_user)

    response = client.post("/api/consultation", SEED_REQUEST, format="json")

    assert response.status_code == 201, response.content
    assert Consultation.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_the_v2_1_path_only_takes_post(manager_client, method):
    assert_error(getattr(manager_client, method)("/api/consultation", {}, format="json"), 405, "METHOD_NOT_ALLOWED")


# --- GET list: staff -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/consultations", "/api/consultations/"])
def test_list_shape(manager_client, path):
    consultation = ConsultationFactory(lead=LeadFactory())

    response = manager_client.get(path)

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"consultations", "pagination"}
    assert body["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 20,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }
    [item] = body["consultations"]
    assert_consultation(item, consultation)


def test_list_filters(manager_client):
    today = datetime.date.today()
    kitchen = ConsultationFactory(service_type="kitchen_design", preferred_date=today + datetime.timedelta(days=2))
    scheduled = ConsultationFactory(
        service_type="montessori",
        status=ConsultationStatus.SCHEDULED,
        preferred_date=today + datetime.timedelta(days=1),
        scheduled_at=datetime.datetime.combine(today + datetime.timedelta(days=10), datetime.time(6, 0), tzinfo=UTC),
    )
    cancelled = ConsultationFactory(status=ConsultationStatus.CANCELLED, preferred_date=today)

    def ids(**params):
        response = manager_client.get("/api/v1/consultations", params)
        assert response.status_code == 200, response.content
        return sorted(item["id"] for item in response.json()["consultations"])

    assert ids(status="scheduled") == [scheduled.pk]
    assert ids(status="cancelled") == [cancelled.pk]
    assert ids(service_type="montessori") == [scheduled.pk]
    # a scheduled meeting counts on its scheduled day, the others on their preferred day
    assert ids(date_from=(today + datetime.timedelta(days=5)).isoformat()) == [scheduled.pk]
    assert ids(date_to=(today + datetime.timedelta(days=2)).isoformat()) == sorted([kitchen.pk, cancelled.pk])
    assert ids(date_from=today.isoformat(), date_to=today.isoformat()) == [cancelled.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "done"}, "status"),
        ({"service_type": "sofa"}, "service_type"),
        ({"date_from": "01.07.2025"}, "date_from"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"date_from": "2025-07-01T10:00:00Z"}, "date_from"),
        ({"date_from": "2025-07-02", "date_to": "2025-07-01"}, "date_to"),
        ({"per_page": "x"}, "per_page"),
    ],
)
def test_list_with_an_invalid_filter_is_422(manager_client, params, field):
    error = assert_error(manager_client.get("/api/v1/consultations", params), 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
@pytest.mark.parametrize("path", ["/api/v1/consultations", "/api/consultations"])
def test_list_permissions(as_role, role, status, code, path):
    ConsultationFactory()

    response = as_role(role).get(path)

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert len(response.json()["consultations"]) == 1


@pytest.mark.parametrize("rows", [1, 60])
@pytest.mark.parametrize("path", ["/api/v1/consultations", "/api/consultations"])
def test_list_queries_do_not_grow_with_rows(manager, django_assert_max_num_queries, rows, path):
    other = UserFactory(role=Role.MANAGER)
    for index in range(rows):
        ConsultationFactory(assigned_to=other if index % 2 else None, lead=LeadFactory() if index % 3 == 0 else None)
    client = bearer_client(manager)

    with django_assert_max_num_queries(3):
        response = client.get(path, {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["consultations"]) == rows


# --- /consultations/{id}: staff ------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
@pytest.mark.parametrize("path", ["/api/v1/consultations/{id}", "/api/consultations/{id}/"])
def test_get_consultation_permissions(as_role, role, status, code, path):
    consultation = ConsultationFactory()

    response = as_role(role).get(path.format(id=consultation.pk))

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert_consultation(response.json(), consultation)


@pytest.mark.parametrize(
    ("prefix", "method"),
    [("/api/v1", "get"), ("/api/v1", "put"), ("/api/v1", "patch"), ("/api", "get"), ("/api", "put")],
)
def test_unknown_consultation_is_404(manager_client, prefix, method):
    response = getattr(manager_client, method)(f"{prefix}/consultations/999999", {}, format="json")

    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "path", ["/api/v1/consultations/{id}", "/api/v1/consultations/{id}/", "/api/consultations/{id}"]
)
def test_put_schedules_a_consultation(manager_client, manager, path):
    consultation = ConsultationFactory()

    response = manager_client.put(
        path.format(id=consultation.pk),
        {"scheduled_at": "2030-07-01T15:00:00+05:00", "assigned_to": manager.pk},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert_consultation(data, consultation)
    assert data["scheduled_at"] == "2030-07-01T10:00:00Z"
    assert data["status"] == "scheduled"
    assert data["assigned_to"] == manager.pk
    assert data["name"] == consultation.name  # untouched


def test_patch_changes_status_and_contact(manager_client):
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED, scheduled_at=datetime.datetime(2030, 7, 1, 10, tzinfo=UTC)
    )

    response = manager_client.patch(
        f"/api/v1/consultations/{consultation.pk}",
        {"status": "completed", "phone": "8 777 111 22 33", "consultation_type": "home_visit"},
        format="json",
    )

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["status"], data["phone"], data["consultation_type"]) == ("completed", "+77771112233", "home_visit")
    assert data["scheduled_at"] == "2030-07-01T10:00:00Z"


def test_the_unversioned_detail_has_no_patch(manager_client):
    consultation = ConsultationFactory()

    response = manager_client.patch(f"/api/consultations/{consultation.pk}", {"status": "cancelled"}, format="json")

    assert_error(response, 405, "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "done"}, "status"),
        ({"status": "scheduled"}, "scheduled_at"),  # scheduled needs a time
        ({"scheduled_at": "tomorrow"}, "scheduled_at"),
        ({"scheduled_at": "2030-02-30T10:00:00Z"}, "scheduled_at"),
        ({"service_type": "sofa"}, "service_type"),
        ({"consultation_type": "by_pigeon"}, "consultation_type"),
        ({"phone": "abc"}, "phone"),
        ({"name": ""}, "name"),
        ({"preferred_date": "01.07.2030"}, "preferred_date"),
    ],
)
def test_put_with_invalid_input_names_the_field(manager_client, body, field):
    consultation = ConsultationFactory()

    response = manager_client.put(f"/api/v1/consultations/{consultation.pk}", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    consultation.refresh_from_db()
    assert (consultation.status, consultation.scheduled_at) == (ConsultationStatus.NEW, None)


def test_put_assigning_a_client_is_422(manager_client, client_user):
    consultation = ConsultationFactory()

    response = manager_client.put(
        f"/api/v1/consultations/{consultation.pk}", {"assigned_to": client_user.pk}, format="json"
    )

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == ["assigned_to"]


@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_put_permissions(as_role, role, status, code, prefix):
    consultation = ConsultationFactory()

    response = as_role(role).put(f"{prefix}/consultations/{consultation.pk}", {"status": "cancelled"}, format="json")

    consultation.refresh_from_db()
    if code:
        assert_error(response, status, code)
        assert consultation.status == ConsultationStatus.NEW
    else:
        assert response.status_code == 200, response.content
        assert consultation.status == ConsultationStatus.CANCELLED


def test_consultations_are_not_deleted_over_the_api(as_role):
    consultation = ConsultationFactory()

    for path in (f"/api/v1/consultations/{consultation.pk}", f"/api/consultations/{consultation.pk}"):
        assert_error(as_role("admin").delete(path), 405, "METHOD_NOT_ALLOWED")
    assert Consultation.objects.filter(pk=consultation.pk).exists()
