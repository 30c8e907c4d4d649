"""Inbound webhooks from n8n (contract §11). Signatures are computed here, from the JSON fixtures,
with the test settings' N8N_WEBHOOK_SECRET (djangoproject.com's Stripe webhook tests do the same)."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from apps.consultations.models import ConsultationStatus
from apps.core.models import Event
from apps.leads.models import ActivityKind, Lead, LeadStatus
from apps.projects.models import ProjectStatus
from apps.webhooks.models import InboundStatus, WebhookEvent
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# The v2.1.0 seed's own example (§8).
SEED_LEAD_CREATED = {
    "event_type": "lead_created",
    "data": {"lead_id": 123, "name": "Новый клиент", "email": "client@example.com"},
}


def signature(raw: bytes, secret: str | None = None) -> str:
    secret = settings.N8N_WEBHOOK_SECRET if secret is None else secret
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST a JSON body to /webhooks/<path>, signed unless told otherwise; on_commit work runs."""

    def post(path: str, body, *, sign=True, secret=None, delivery=None, headers=None):
        raw = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode()
        extra = dict(headers or {})
        if sign:
            extra["HTTP_X_N8N_SIGNATURE"] = signature(raw, secret)
        if delivery:
            extra["HTTP_X_N8N_DELIVERY"] = delivery
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/webhooks/{path}", raw, content_type="application/json", **extra)

    return post


def answer(response, status: int, outcome: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is True and body["timestamp"].endswith("Z")
    assert body["data"]["status"] == outcome
    assert WebhookEvent.objects.filter(pk=body["data"]["event_id"]).exists()
    return body["data"]


# --- Signatures --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["n8n", "lead-automation", "consultation-reminder", "project-status"])
def test_a_missing_signature_is_refused_and_nothing_is_stored(send, path):
    assert_error(send(path, SEED_LEAD_CREATED, sign=False), 401, "INVALID_SIGNATURE")
    assert not WebhookEvent.objects.exists()
    assert not Lead.objects.exists()


@pytest.mark.parametrize(
    "header",
    ["sha256=" + "0" * 64, "sha1=abc", "garbage", signature(b"another body")],
)
def test_a_wrong_signature_is_refused(send, header):
    response = send("n8n", SEED_LEAD_CREATED, sign=False, headers={"HTTP_X_N8N_SIGNATURE": header})
    assert_error(response, 401, "INVALID_SIGNATURE")
    assert not WebhookEvent.objects.exists()


def test_a_signature_with_another_secret_is_refused(send):
    assert_error(send("n8n", SEED_LEAD_CREATED, secret="someone-elses-secret-0123456789"), 401, "INVALID_SIGNATURE")


def test_the_signature_covers_the_raw_bytes(client):
    """A body re-serialised differently (spaces) no longer matches the signature of the original."""
    raw = json.dumps(SEED_LEAD_CREATED).encode()
    other = json.dumps(SEED_LEAD_CREATED, indent=2).encode()
    response = client.post("/webhooks/n8n", other, content_type="application/json", HTTP_X_N8N_SIGNATURE=signature(raw))
    assert_error(response, 401, "INVALID_SIGNATURE")


def test_without_a_configured_secret_every_post_is_refused(send, settings):
    settings.N8N_WEBHOOK_SECRET = ""
    body = assert_error(send("n8n", SEED_LEAD_CREATED, secret="x"), 401, "INVALID_SIGNATURE")
    assert body["error"]["message"]
    assert not WebhookEvent.objects.exists()


def test_malformed_json_with_a_valid_signature_is_a_bad_request(send):
    assert_error(send("n8n", b'{"event_type": "lead_created", '), 400, "BAD_REQUEST")


# --- /webhooks/n8n -----------------------------------------------------------------------------


def test_the_seed_example_creates_a_lead_from_n8n(send):
    """`lead_id` 123 names no lead here, so the lead is made, with source n8n."""
    data = answer(send("n8n", SEED_LEAD_CREATED), 200, "processed")
    lead = Lead.objects.get()
    assert data["lead_id"] == lead.pk
    assert (lead.name, lead.email, lead.source) == ("Новый клиент", "client@example.com", "n8n")
    event = WebhookEvent.objects.get()
    assert (event.endpoint, event.event_type, event.status) == ("n8n", "lead_created", InboundStatus.PROCESSED)
    assert event.payload == SEED_LEAD_CREATED and event.processed_at is not None
    assert Event.objects.filter(type="lead.created", payload__id=lead.pk).exists()


def test_lead_created_naming_an_existing_lead_changes_nothing(send):
    lead = LeadFactory()
    data = answer(send("n8n", {"event_type": "lead_created", "data": {"lead_id": lead.pk}}), 200, "processed")
    assert data["lead_id"] == lead.pk
    assert Lead.objects.count() == 1


def test_lead_created_without_a_name_is_a_validation_error_and_is_stored_failed(send):
    response = send("n8n", {"event_type": "lead_created", "data": {"email": "x@example.com"}})
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "data.name" in body["error"]["details"]
    event = WebhookEvent.objects.get()
    assert event.status == InboundStatus.FAILED and "name" in event.error


def test_lead_updated_applies_the_change_through_the_service(send, manager):
    lead = LeadFactory(status=LeadStatus.NEW)
    body = {
        "event_type": "lead_updated",
        "data": {"lead_id": lead.pk, "status": "contacted", "assigned_to": manager.pk},
    }
    answer(send("n8n", body), 200, "processed")
    lead.refresh_from_db()
    assert (lead.status, lead.assigned_to) == (LeadStatus.CONTACTED, manager)
    assert lead.activities.filter(kind=ActivityKind.STATUS_CHANGE).exists()
    assert Event.objects.filter(type="lead.updated", payload__id=lead.pk).exists()


def test_lead_updated_for_an_unknown_lead_is_not_found(send):
    assert_error(send("n8n", {"event_type": "lead_updated", "data": {"lead_id": 987654}}), 404, "NOT_FOUND")
    assert WebhookEvent.objects.get().status == InboundStatus.FAILED


def test_consultation_scheduled_books_the_time(send, manager):
    consultation = ConsultationFactory()
    when = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    body = {
        "event_type": "consultation_scheduled",
        "data": {"consultation_id": consultation.pk, "scheduled_at": when.isoformat(), "assigned_to": manager.email},
    }
    answer(send("n8n", body), 200, "processed")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SCHEDULED
    assert consultation.scheduled_at == when and consultation.assigned_to == manager


def test_consultation_scheduled_in_the_past_is_refused(send):
    consultation = ConsultationFactory()
    body = {
        "event_type": "consultation_scheduled",
        "data": {"consultation_id": consultation.pk, "scheduled_at": "2020-01-01T10:00:00Z"},
    }
    body = assert_error(send("n8n", body), 422, "VALIDATION_ERROR")
    assert "scheduled_at" in body["error"]["details"]


def test_project_updated_changes_the_project(send):
    project = ProjectFactory(status=ProjectStatus.PLANNING)
    body = {"event_type": "project_updated", "data": {"project_id": project.pk, "status": "design", "budget": 1500000}}
    answer(send("n8n", body), 200, "processed")
    project.refresh_from_db()
    assert project.status == ProjectStatus.DESIGN and project.budget == 1500000
    event = Event.objects.get(type="project.updated")
    assert event.payload["kind"] == "client" and event.payload["status"] == "design"


@pytest.mark.parametrize("event_type", ["email_sent", "automation_completed"])
def test_reports_from_n8n_are_recorded(send, event_type):
    body = {"event_type": event_type, "data": {"lead_id": 5, "template": "welcome"}}
    answer(send("n8n", body), 200, "processed")
    stored = WebhookEvent.objects.get()
    assert stored.event_type == event_type and stored.payload == body


def test_an_unknown_event_type_is_a_validation_error_and_is_stored(send):
    body = assert_error(send("n8n", {"event_type": "lead_exploded", "data": {}}), 422, "VALIDATION_ERROR")
    assert "event_type" in body["error"]["details"]
    stored = WebhookEvent.objects.get()
    assert (stored.event_type, stored.status) == ("lead_exploded", InboundStatus.FAILED)


def test_a_body_that_is_not_an_object_is_stored_and_refused(send):
    assert_error(send("n8n", [1, 2, 3]), 422, "VALIDATION_ERROR")
    assert WebhookEvent.objects.get().status == InboundStatus.FAILED


# --- Replays -----------------------------------------------------------------------------------


def test_a_replayed_delivery_id_is_a_no_op_answering_duplicate(send):
    first = answer(send("n8n", SEED_LEAD_CREATED, delivery="n8n-exec-42"), 200, "processed")
    again = answer(send("n8n", SEED_LEAD_CREATED, delivery="n8n-exec-42"), 200, "duplicate")
    assert again["event_id"] == first["event_id"]
    assert Lead.objects.count() == 1
    assert WebhookEvent.objects.count() == 1


def test_without_a_delivery_id_each_call_is_its_own_event(send):
    answer(send("n8n", {"event_type": "email_sent", "data": {}}), 200, "processed")
    answer(send("n8n", {"event_type": "email_sent", "data": {}}), 200, "processed")
    assert WebhookEvent.objects.count() == 2


# --- /webhooks/lead-automation -----------------------------------------------------------------


@pytest.mark.parametrize("by", ["email", "id"])
def test_lead_automation_assigns_a_manager_by_email_or_id(send, manager, by):
    lead = LeadFactory()
    who = manager.email if by == "email" else str(manager.pk)
    data = answer(
        send("lead-automation", {"lead_id": lead.pk, "action": "assign", "assigned_to": who}), 200, "processed"
    )
    assert data["lead_id"] == lead.pk
    lead.refresh_from_db()
    assert lead.assigned_to == manager


def test_lead_automation_refuses_a_client_as_manager(send, client_user):
    lead = LeadFactory()
    body = {"lead_id": lead.pk, "action": "assign", "assigned_to": client_user.email}
    assert_error(send("lead-automation", body), 422, "VALIDATION_ERROR")
    lead.refresh_from_db()
    assert lead.assigned_to is None


def test_lead_automation_sets_the_status(send):
    lead = LeadFactory()
    answer(
        send("lead-automation", {"lead_id": lead.pk, "action": "set_status", "status": "qualified"}), 200, "processed"
    )
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED


def test_lead_automation_cannot_convert_a_lead(send):
    lead = LeadFactory()
    body = assert_error(
        send("lead-automation", {"lead_id": lead.pk, "action": "set_status", "status": "converted"}),
        422,
        "VALIDATION_ERROR",
    )
    assert "status" in body["error"]["details"]


def test_lead_automation_follow_up_emails_the_leads_manager_once(send, manager):
    lead = LeadFactory(assigned_to=manager, name="Айгерим")
    body = {"lead_id": lead.pk, "action": "follow_up", "note": "Перезвонить после замера"}
    answer(send("lead-automation", body, delivery="follow-1"), 200, "queued")
    answer(send("lead-automation", body, delivery="follow-1"), 200, "duplicate")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Айгерим" in mail.outbox[0].subject and "Перезвонить после замера" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "assign", "assigned_to": "m@example.com"}, "lead_id"),
        ({"lead_id": 1, "action": "dance"}, "action"),
        ({"lead_id": 1, "action": "assign"}, "assigned_to"),
        ({"lead_id": 1, "action": "set_status"}, "status"),
    ],
)
def test_lead_automation_validates_its_body(send, body, field):
    LeadFactory(pk=1)
    response = assert_error(send("lead-automation", body), 422, "VALIDATION_ERROR")
    assert field in response["error"]["details"]


def test_lead_automation_for_an_unknown_lead_is_not_found(send):
    assert_error(send("lead-automation", {"lead_id": 987654, "action": "follow_up"}), 404, "NOT_FOUND")


# --- /webhooks/consultation-reminder -----------------------------------------------------------


def test_a_reminder_is_queued_once_and_never_sent_twice(send):
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=20), email="guest@example.kz"
    )
    body = {"consultation_id": consultation.pk, "reminder_type": "24h"}
    answer(send("consultation-reminder", body), 202, "queued")
    answer(send("consultation-reminder", body), 202, "duplicate")
    assert [m.to for m in mail.outbox] == [["guest@example.kz"]]
    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at is not None


def test_a_reminder_for_an_unscheduled_consultation_is_refused(send):
    consultation = ConsultationFactory(scheduled_at=None)
    body = {"consultation_id": consultation.pk, "reminder_type": "2h"}
    assert_error(send("consultation-reminder", body), 422, "VALIDATION_ERROR")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"consultation_id": 987654, "reminder_type": "24h"}, 404, "NOT_FOUND"),
        ({"consultation_id": 1, "reminder_type": "1w"}, 422, "VALIDATION_ERROR"),
        ({"reminder_type": "24h"}, 422, "VALIDATION_ERROR"),
    ],
)
def test_reminder_errors(send, body, status, code):
    assert_error(send("consultation-reminder", body), status, code)


# --- /webhooks/project-status ------------------------------------------------------------------


def test_project_status_moves_the_project_and_emits_project_updated(send):
    project = ProjectFactory(status=ProjectStatus.PRODUCTION)
    data = answer(send("project-status", {"project_id": project.pk, "status": "installation"}), 200, "processed")
    assert data["project_id"] == project.pk
    project.refresh_from_db()
    assert project.status == ProjectStatus.INSTALLATION
    event = Event.objects.get(type="project.updated")
    assert event.payload["id"] == project.pk and event.payload["changed"] == ["status"]


def test_project_status_for_an_unknown_project_is_not_found(send):
    assert_error(send("project-status", {"project_id": 987654, "status": "design"}), 404, "NOT_FOUND")


def test_project_status_with_an_invalid_status_is_refused(send):
    project = ProjectFactory()
    body = assert_error(
        send("project-status", {"project_id": project.pk, "status": "teleported"}), 422, "VALIDATION_ERROR"
    )
    assert "status" in body["error"]["details"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNING


# --- Health and the admin ----------------------------------------------------------------------


def test_webhook_health_is_open_and_reports_the_state(client):
    response = client.get("/webhooks/health")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "healthy" and data["secret_configured"] is True
    assert {"pending_events", "failed_inbound_24h", "active_subscriptions"} <= set(data)


def test_webhook_health_is_degraded_without_a_secret(client, settings):
    settings.N8N_WEBHOOK_SECRET = ""
    assert client.get("/webhooks/health/").json()["data"]["status"] == "degraded"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_other_methods_are_not_allowed(client, method):
    response = getattr(client, method)("/webhooks/n8n")
    assert_error(response, 405, "METHOD_NOT_ALLOWED")


def test_a_failed_event_can_be_reprocessed_from_the_admin(send, admin_client):
    body = {"lead_id": 1, "action": "set_status", "status": "qualified"}
    assert_error(send("lead-automation", body), 404, "NOT_FOUND")
    failed = WebhookEvent.objects.get()
    LeadFactory(pk=1)  # the lead n8n meant arrives later
    response = admin_client.post(
        "/admin/webhooks/webhookevent/", {"action": "reprocess", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert failed.status == InboundStatus.PROCESSED
    assert Lead.objects.get(pk=1).status == LeadStatus.QUALIFIED


def test_inbound_events_are_read_only_in_the_admin(send, admin_client):
    answer(send("n8n", {"event_type": "email_sent", "data": {}}), 200, "processed")
    event = WebhookEvent.objects.get()
    assert admin_client.get("/admin/webhooks/webhookevent/").status_code == 200
    assert admin_client.get(f"/admin/webhooks/webhookevent/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/webhooks/webhookevent/add/").status_code == 403
    assert admin_client.post(f"/admin/webhooks/webhookevent/{event.pk}/delete/").status_code == 403


def test_a_manager_cannot_see_inbound_events(client):
    staff = UserFactory(role="manager")
    client.force_login(staff)
    assert client.get("/admin/webhooks/webhookevent/").status_code == 403
