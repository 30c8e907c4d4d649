"""Contact messages API (contract §7, v2.0.0 §Контакты API): anyone sends, admins read."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from apps.leads.models import ContactMessage, ContactMessageStatus, Lead, LeadSource
from tests.conftest import assert_error, bearer_client
from tests.leads.factories import ContactMessageFactory, LeadFactory

MESSAGE_KEYS = {
    "id",
    "name",
    "email",
    "phone",
    "subject",
    "message",
    "project_type",
    "budget",
    "status",
    "lead_id",
    "created_at",
    "updated_at",
}
# v2.0.0, verbatim.
SEED_MESSAGE = {
    "name": "Иван Иванов",
    "email": "ivan@example.com",
    "phone": "+7 777 123 45 67",
    "subject": "Вопрос по сотрудничеству",
    "message": "Здравствуйте! Хотел бы обсудить возможность сотрудничества...",
    "project_type": "website",
    "budget": "100000-500000",
}
SEED_PYTHON_MESSAGE = {"name": "Тест", "email": "test@example.com", "message": "Тестовое сообщение"}
SENT_SOURCE = "Message sent successfully"
SENT_RU = "Сообщение успешно отправлено"

ADMIN_ONLY = [
    ("anonymous", 401, "AUTHENTICATION_REQUIRED"),
    ("user", 403, "PERMISSION_DENIED"),
    ("manager", 403, "PERMISSION_DENIED"),
    ("api_key:manager", 403, "PERMISSION_DENIED"),
    ("admin", 200, None),
    ("api_key:admin", 200, None),
]


@pytest.fixture
def admin_client(admin_user):
    return bearer_client(admin_user)


def sent_message_in_russian() -> str:
    """The success message as a Russian client gets it. The Russian catalog is written in
    parallel: once it translates the string, it must say what the seed says."""
    with translation.override("ru"):
        translated = translation.gettext(SENT_SOURCE)
    if translated != SENT_SOURCE:
        assert translated == SENT_RU
    return translated


def assert_receipt(response, contact: ContactMessage) -> dict:
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"success", "data", "message", "timestamp"}
    assert body["success"] is True
    assert body["message"] == sent_message_in_russian()
    assert body["timestamp"].endswith("Z")
    assert body["data"] == {
        "id": contact.pk,
        "status": "received",
        "created_at": contact.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return body


def assert_message(data: dict, contact: ContactMessage) -> None:
    contact.refresh_from_db()
    assert set(data) == MESSAGE_KEYS
    assert data["id"] == contact.pk
    for field in ("name", "email", "phone", "subject", "message", "project_type", "budget", "status"):
        assert data[field] == getattr(contact, field), field
    assert data["lead_id"] == contact.lead_id
    assert data["created_at"].endswith("Z")
    assert data["updated_at"].endswith("Z")


# --- POST /api/v1/contact/messages ---------------------------------------------------------------


def test_send_the_seed_message(api_client, db):
    response = api_client.post("/api/v1/contact/messages", SEED_MESSAGE, format="json", REMOTE_ADDR="203.0.113.5")

    contact = ContactMessage.objects.get()
    assert_receipt(response, contact)
    assert contact.status == ContactMessageStatus.NEW  # stored as new, reported as received
    assert (contact.name, contact.email, contact.phone) == ("Иван Иванов", "ivan@example.com", "+77771234567")
    assert (contact.subject, contact.message) == (SEED_MESSAGE["subject"], SEED_MESSAGE["message"])
    assert (contact.project_type, contact.budget) == ("website", "100000-500000")
    assert contact.ip == "203.0.113.5"
    lead = Lead.objects.get()
    assert contact.lead == lead
    assert lead.source == LeadSource.CONTACT_FORM
    assert (lead.name, lead.email, lead.phone) == ("Иван Иванов", "ivan@example.com", "+77771234567")


def test_send_the_seed_python_example(api_client, db):
    response = api_client.post("/api/v1/contact/messages", SEED_PYTHON_MESSAGE, format="json")

    contact = ContactMessage.objects.get()
    assert_receipt(response, contact)
    assert (contact.subject, contact.phone, contact.budget) == ("", "", "")


def test_the_success_message_is_translated(api_client, db):
    response = api_client.post(
        "/api/v1/contact/messages", SEED_PYTHON_MESSAGE, format="json", HTTP_ACCEPT_LANGUAGE="kk"
    )

    assert response.status_code == 201, response.content
    with translation.override("kk"):
        assert response.json()["message"] == translation.gettext(SENT_SOURCE)


@pytest.mark.parametrize("role", ["anonymous", "user", "manager", "admin", "api_key:manager"])
def test_anyone_may_send(as_role, role):
    response = as_role(role).post("/api/v1/contact/messages", SEED_MESSAGE, format="json")

    assert_receipt(response, ContactMessage.objects.get())


@pytest.mark.parametrize("path", ["/api/v1/contact/messages", "/api/v1/contact/messages/"])
def test_send_on_both_spellings_without_redirect(api_client, db, path):
    response = api_client.post(path, SEED_MESSAGE, format="json")

    assert_receipt(response, ContactMessage.objects.get())


def test_a_numeric_budget_is_kept_as_text(api_client, db):
    response = api_client.post("/api/v1/contact/messages", {**SEED_MESSAGE, "budget": 250000}, format="json")

    assert response.status_code == 201, response.content
    assert ContactMessage.objects.get().budget == "250000"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"message": ""}, "message"),
        ({"message": None}, "message"),
        ({"message": "x" * 5001}, "message"),
        ({"email": "", "phone": ""}, "email"),
        ({"phone": "abc"}, "phone"),
        ({"email": "ivan@"}, "email"),
        ({"subject": "x" * 201}, "subject"),
        ({"project_type": "x" * 101}, "project_type"),
        ({"budget": "x" * 101}, "budget"),
        ({"budget": ["100000"]}, "budget"),
    ],
)
def test_send_with_invalid_input_names_the_field(api_client, db, change, field):
    body = {k: v for k, v in {**SEED_MESSAGE, **change}.items() if not (k in ("name", "message") and v is None)}

    response = api_client.post("/api/v1/contact/messages", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]
    assert not ContactMessage.objects.exists()
    assert not Lead.objects.exists()


@pytest.mark.parametrize("body", [{**SEED_MESSAGE, "website": "http://spam.example"}, {"website": "x", "name": ""}])
def test_a_filled_honeypot_answers_201_and_stores_nothing(api_client, db, body):
    response = api_client.post("/api/v1/contact/messages", body, format="json")

    assert response.status_code == 201, response.content
    payload = response.json()
    assert set(payload) == {"success", "data", "message", "timestamp"}
    assert payload["message"] == sent_message_in_russian()
    assert set(payload["data"]) == {"id", "status", "created_at"}
    assert isinstance(payload["data"]["id"], int)
    assert payload["data"]["status"] == "received"
    assert payload["data"]["created_at"].endswith("Z")
    assert not ContactMessage.objects.exists()
    assert not Lead.objects.exists()


def test_an_empty_honeypot_is_a_person(api_client, db):
    response = api_client.post("/api/v1/contact/messages", {**SEED_MESSAGE, "website": ""}, format="json")

    assert_receipt(response, ContactMessage.objects.get())


def test_a_message_from_an_open_lead_links_to_it(api_client, db):
    lead = LeadFactory(email="ivan@example.com", phone="")

    response = api_client.post("/api/v1/contact/messages", SEED_MESSAGE, format="json")

    contact = ContactMessage.objects.get()
    assert_receipt(response, contact)
    assert contact.lead == lead
    assert Lead.objects.count() == 1


def test_send_is_rate_limited_per_ip(api_client, db, settings):
    settings.RATELIMIT_CREATE = "2/h"
    for _ in range(2):
        assert api_client.post("/api/v1/contact/messages", SEED_MESSAGE, format="json").status_code == 201

    limited = api_client.post("/api/v1/contact/messages", SEED_MESSAGE, format="json")

    assert_error(limited, 429, "RATE_LIMIT_EXCEEDED")
    assert int(limited["Retry-After"]) >= 1
    assert ContactMessage.objects.count() == 2
    other = APIClient(REMOTE_ADDR="198.51.100.9")
    assert other.post("/api/v1/contact/messages", SEED_MESSAGE, format="json").status_code == 201


def test_the_honeypot_counts_against_the_rate_limit(api_client, db, settings):
    settings.RATELIMIT_CREATE = "1/h"
    trap = {**SEED_MESSAGE, "website": "spam"}
    assert api_client.post("/api/v1/contact/messages", trap, format="json").status_code == 201

    assert_error(api_client.post("/api/v1/contact/messages", trap, format="json"), 429, "RATE_LIMIT_EXCEEDED")


# --- GET /api/v1/contact/messages ----------------------------------------------------------------


def test_list_is_an_envelope_of_messages(admin_client):
    contact = ContactMessageFactory(phone="+77771234567", project_type="kitchen", budget="1 000 000")

    response = admin_client.get("/api/v1/contact/messages")

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    assert body["success"] is True
    assert set(body["data"]) == {"messages", "pagination"}
    assert body["data"]["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 20,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }
    [item] = body["data"]["messages"]
    assert_message(item, contact)
    assert item["status"] == "new"


@pytest.mark.parametrize("status", ["new", "read", "replied", "archived"])
def test_list_filters_by_each_status(admin_client, status):
    wanted = ContactMessageFactory(status=status)
    ContactMessageFactory(status="archived" if status != "archived" else "new")

    body = admin_client.get("/api/v1/contact/messages", {"status": status}).json()

    assert [item["id"] for item in body["data"]["messages"]] == [wanted.pk]


def test_list_filters_by_dates_and_instants(admin_client):
    june_19 = ContactMessageFactory()
    june_20 = ContactMessageFactory()
    june_21 = ContactMessageFactory()
    for contact, moment in (
        (june_19, datetime(2025, 6, 19, 10, 0, tzinfo=UTC)),
        (june_20, datetime(2025, 6, 20, 8, 23, 20, tzinfo=UTC)),
        (june_21, datetime(2025, 6, 21, 10, 0, tzinfo=UTC)),
    ):
        ContactMessage.objects.filter(pk=contact.pk).update(created_at=moment)

    def ids(**params):
        response = admin_client.get("/api/v1/contact/messages", params)
        assert response.status_code == 200, response.content
        return sorted(item["id"] for item in response.json()["data"]["messages"])

    assert ids(date_from="2025-06-20") == [june_20.pk, june_21.pk]
    assert ids(date_to="2025-06-20") == [june_19.pk, june_20.pk]
    assert ids(date_from="2025-06-20", date_to="2025-06-20") == [june_20.pk]
    assert ids(date_from="2025-06-20T08:23:20Z") == [june_20.pk, june_21.pk]
    assert ids(date_from="2025-06-20T08:23:21Z") == [june_21.pk]
    assert ids(date_to="2025-06-20T08:23:19Z") == [june_19.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "received"}, "status"),
        ({"status": "deleted"}, "status"),
        ({"date_from": "20.06.2025"}, "date_from"),
        ({"date_to": "2025-02-30"}, "date_to"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"page": "0"}, "page"),
    ],
)
def test_list_with_an_invalid_filter_is_422(admin_client, params, field):
    error = assert_error(admin_client.get("/api/v1/contact/messages", params), 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == [field]


@pytest.mark.parametrize(("role", "status", "code"), ADMIN_ONLY)
def test_list_is_for_admins(as_role, role, status, code):
    ContactMessageFactory()

    response = as_role(role).get("/api/v1/contact/messages/")

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert len(response.json()["data"]["messages"]) == 1


@pytest.mark.parametrize("rows", [1, 60])
def test_list_queries_do_not_grow_with_rows(admin_user, django_assert_max_num_queries, rows):
    ContactMessageFactory.create_batch(rows)
    client = bearer_client(admin_user)

    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/contact/messages", {"per_page": 100})

    assert response.status_code == 200
    assert len(response.json()["data"]["messages"]) == rows


# --- /api/v1/contact/messages/{id} ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/contact/messages/{id}", "/api/v1/contact/messages/{id}/"])
def test_get_a_message_leaves_it_new(admin_client, path):
    contact = ContactMessageFactory()

    response = admin_client.get(path.format(id=contact.pk))

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    assert_message(body["data"], contact)
    contact.refresh_from_db()
    assert contact.status == ContactMessageStatus.NEW
    assert contact.read_at is None


@pytest.mark.parametrize(("role", "status", "code"), ADMIN_ONLY)
def test_get_a_message_is_for_admins(as_role, role, status, code):
    contact = ContactMessageFactory()

    response = as_role(role).get(f"/api/v1/contact/messages/{contact.pk}")

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == 200, response.content
        assert response.json()["data"]["id"] == contact.pk


@pytest.mark.parametrize("method", ["get", "patch"])
def test_unknown_message_is_404(admin_client, method):
    response = getattr(admin_client, method)("/api/v1/contact/messages/999999", {"status": "read"}, format="json")

    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize(("status", "stamp"), [("read", "read_at"), ("replied", "replied_at"), ("archived", None)])
def test_patch_changes_the_status(admin_client, status, stamp):
    contact = ContactMessageFactory()

    response = admin_client.patch(f"/api/v1/contact/messages/{contact.pk}", {"status": status}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert_message(body["data"], contact)
    assert body["data"]["status"] == status
    if stamp:
        assert getattr(contact, stamp) is not None


@pytest.mark.parametrize("body", [{"status": "received"}, {"status": ""}, {}, {"status": None}])
def test_patch_with_an_invalid_status_is_422(admin_client, body):
    contact = ContactMessageFactory()

    response = admin_client.patch(f"/api/v1/contact/messages/{contact.pk}/", body, format="json")

    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(error["error"]["details"]) == ["status"]
    contact.refresh_from_db()
    assert contact.status == ContactMessageStatus.NEW


@pytest.mark.parametrize(("role", "status", "code"), ADMIN_ONLY)
def test_patch_is_for_admins(as_role, role, status, code):
    contact = ContactMessageFactory()

    response = as_role(role).patch(f"/api/v1/contact/messages/{contact.pk}", {"status": "read"}, format="json")

    contact.refresh_from_db()
    if code:
        assert_error(response, status, code)
        assert contact.status == ContactMessageStatus.NEW
    else:
        assert response.status_code == 200, response.content
        assert contact.status == ContactMessageStatus.READ


@pytest.mark.parametrize("method", ["put", "delete"])
def test_messages_cannot_be_replaced_or_deleted_over_the_api(admin_client, method):
    contact = ContactMessageFactory()

    response = getattr(admin_client, method)(f"/api/v1/contact/messages/{contact.pk}", SEED_MESSAGE, format="json")

    assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert ContactMessage.objects.filter(pk=contact.pk).exists()
