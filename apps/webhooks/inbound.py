"""Inbound webhooks from n8n (contract §11): every call stored first, then handled by the CRM's
own services through a table of event types. A delivery id seen before is a no-op."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from apps.accounts.models import Role, User
from apps.consultations import selectors as consultation_selectors
from apps.consultations import services as consultation_services
from apps.core.api import validated
from apps.core.events import emit
from apps.core.exceptions import NotFound
from apps.core.serializers import BaseSerializer
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.api.serializers import LeadPublicCreateSerializer, LeadUpdateSerializer
from apps.leads.models import LeadSource
from apps.projects import selectors as project_selectors
from apps.projects import services as project_services
from apps.projects.api.serializers import ProjectUpdateSerializer
from apps.projects.models import ProjectStatus

from .models import InboundStatus, WebhookEvent

logger = logging.getLogger(__name__)

N8N_EVENTS = (
    "lead_created",
    "lead_updated",
    "consultation_scheduled",
    "project_updated",
    "email_sent",
    "automation_completed",
)
LEAD_ACTIONS = ("assign", "set_status", "follow_up")
REMINDER_TYPES = ("24h", "2h")
NOT_AN_OBJECT = "_not_an_object"  # a body that is valid JSON but not an object is stored under this key


@dataclass
class Outcome:
    status: str = InboundStatus.PROCESSED  # processed | queued | duplicate
    http_status: int = 200
    extra: dict = field(default_factory=dict)


# --- Bodies ------------------------------------------------------------------------------------


class N8nEventSerializer(BaseSerializer):
    event_type = serializers.ChoiceField(choices=N8N_EVENTS)
    data = serializers.DictField(required=False, default=dict)


class LeadCreatedDataSerializer(LeadPublicCreateSerializer):
    lead_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    name = serializers.CharField(max_length=150, required=False)


class LeadUpdatedDataSerializer(LeadUpdateSerializer):
    lead_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ConsultationScheduledDataSerializer(BaseSerializer):
    consultation_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    scheduled_at = serializers.DateTimeField()
    assigned_to = serializers.CharField(max_length=254, required=False, help_text="Manager's email or id")


class ProjectUpdatedDataSerializer(ProjectUpdateSerializer):
    project_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class LeadAutomationSerializer(BaseSerializer):
    lead_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    action = serializers.ChoiceField(choices=LEAD_ACTIONS)
    assigned_to = serializers.CharField(max_length=254, required=False, help_text="Manager's email or id (assign)")
    status = serializers.CharField(max_length=32, required=False, help_text="New lead status (set_status)")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, help_text="follow_up: what to do")

    def validate(self, attrs):
        if attrs["action"] == "assign" and not attrs.get("assigned_to"):
            raise serializers.ValidationError({"assigned_to": [_("This field is required.")]})
        if attrs["action"] == "set_status" and not attrs.get("status"):
            raise serializers.ValidationError({"status": [_("This field is required.")]})
        return attrs


class ConsultationReminderSerializer(BaseSerializer):
    consultation_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reminder_type = serializers.ChoiceField(choices=REMINDER_TYPES)


class ProjectStatusSerializer(BaseSerializer):
    project_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    status = serializers.ChoiceField(choices=ProjectStatus.choices)


# --- Lookups -----------------------------------------------------------------------------------


def _lead(lead_id: int):
    lead = lead_selectors.lead_get(lead_id=lead_id)
    if lead is None:
        raise NotFound(_("Lead not found"))
    return lead


def _manager(value: str, *, field_name: str = "assigned_to") -> User:
    """A manager named by email or id."""
    value = str(value).strip()
    users = User.objects.filter(is_active=True, role__in=(Role.ADMIN, Role.MANAGER))
    user = users.filter(pk=int(value)).first() if value.isdigit() and len(value) < 19 else None
    user = user or users.filter(email__iexact=value).first()
    if user is None:
        raise ValidationError({field_name: [_("Only an active manager or admin can be assigned")]})
    return user


# --- Handlers: /webhooks/n8n -------------------------------------------------------------------


def n8n_lead_created(data: dict) -> Outcome:
    values = validated(LeadCreatedDataSerializer, data)
    if values.get("lead_id") and lead_selectors.lead_get(lead_id=values["lead_id"]) is not None:
        return Outcome(extra={"lead_id": values["lead_id"]})
    if not values.get("name"):
        raise ValidationError({"data.name": [_("This field is required.")]})
    lead = lead_services.lead_create(
        name=values["name"],
        email=values.get("email", ""),
        phone=values.get("phone", ""),
        service_interest=values.get("service_interest", ""),
        notes=values.get("notes", ""),
        source=LeadSource.N8N,
    )
    return Outcome(extra={"lead_id": lead.pk})


def n8n_lead_updated(data: dict) -> Outcome:
    values = validated(LeadUpdatedDataSerializer, data)
    lead = _lead(values.pop("lead_id"))
    lead_services.lead_update(lead=lead, data=values)
    return Outcome(extra={"lead_id": lead.pk})


def n8n_consultation_scheduled(data: dict) -> Outcome:
    values = validated(ConsultationScheduledDataSerializer, data)
    consultation = consultation_selectors.consultation_get(consultation_id=values["consultation_id"])
    if consultation is None:
        raise NotFound(_("Consultation not found"))
    manager = _manager(values["assigned_to"]) if values.get("assigned_to") else None
    consultation_services.consultation_schedule(
        consultation=consultation, scheduled_at=values["scheduled_at"], assigned_to=manager
    )
    return Outcome(extra={"consultation_id": consultation.pk})


def n8n_project_updated(data: dict) -> Outcome:
    values = validated(ProjectUpdatedDataSerializer, data)
    project = project_selectors.project_get(project_id=values.pop("project_id"))
    if project is None:
        raise NotFound(_("Project not found"))
    project_services.project_update(project=project, data=values)
    return Outcome(extra={"project_id": project.pk})


def n8n_recorded(data: dict) -> Outcome:
    """`email_sent`, `automation_completed`: n8n tells what it did; the stored event is the record."""
    return Outcome()


N8N_HANDLERS: dict[str, Callable[[dict], Outcome]] = {
    "lead_created": n8n_lead_created,
    "lead_updated": n8n_lead_updated,
    "consultation_scheduled": n8n_consultation_scheduled,
    "project_updated": n8n_project_updated,
    "email_sent": n8n_recorded,
    "automation_completed": n8n_recorded,
}


# --- The other endpoints -----------------------------------------------------------------------


def lead_automation(body: dict) -> Outcome:
    values = validated(LeadAutomationSerializer, body)
    lead = _lead(values["lead_id"])
    action = values["action"]
    if action == "assign":
        lead_services.lead_assign(lead=lead, manager=_manager(values["assigned_to"]))
        return Outcome(extra={"lead_id": lead.pk})
    if action == "set_status":
        lead_services.lead_set_status(lead=lead, status=values["status"])
        return Outcome(extra={"lead_id": lead.pk})
    # follow_up: the manager's reminder goes out through the outbox (apps.leads handles it).
    emit("lead.follow_up", {"lead_id": lead.pk, "note": values.get("note", "")})
    return Outcome(status=InboundStatus.QUEUED, extra={"lead_id": lead.pk})


def consultation_reminder(body: dict) -> Outcome:
    values = validated(ConsultationReminderSerializer, body)
    consultation = consultation_selectors.consultation_get(consultation_id=values["consultation_id"])
    if consultation is None:
        raise NotFound(_("Consultation not found"))
    if consultation.scheduled_at is None:
        raise ValidationError({"consultation_id": [_("The consultation has no date and time yet")]})
    queued = consultation_services.reminder_queue(consultation_id=consultation.pk, kind=values["reminder_type"])
    # Already sent (or being sent): not again. Either way the reminder is n8n's no more.
    return Outcome(status=InboundStatus.QUEUED if queued else InboundStatus.DUPLICATE, http_status=202)


def project_status(body: dict) -> Outcome:
    values = validated(ProjectStatusSerializer, body)
    project = project_selectors.project_get(project_id=values["project_id"])
    if project is None:
        raise NotFound(_("Project not found"))
    project_services.project_update(project=project, data={"status": values["status"]})
    return Outcome(extra={"project_id": project.pk})


def _n8n(body: dict) -> Outcome:
    values = validated(N8nEventSerializer, body)
    return N8N_HANDLERS[values["event_type"]](values["data"])


# endpoint -> (the body's key that names the event, handler)
ENDPOINTS: dict[str, tuple[str, Callable[[dict], Outcome]]] = {
    "n8n": ("event_type", _n8n),
    "lead-automation": ("action", lead_automation),
    "consultation-reminder": ("reminder_type", consultation_reminder),
    "project-status": ("status", project_status),
}


# --- Receiving ---------------------------------------------------------------------------------


def _event_type(endpoint: str, body) -> str:
    key = ENDPOINTS[endpoint][0]
    value = body.get(key) if isinstance(body, dict) else None
    return str(value)[:64] if isinstance(value, str | int) else ""


def receive(*, endpoint: str, body, delivery_id: str | None, source: str = "n8n") -> tuple[WebhookEvent, Outcome]:
    """Store the call, then handle it. A delivery id already stored answers `duplicate` and
    changes nothing. A handler's error is stored with the event and raised to the caller."""
    delivery_id = (delivery_id or "").strip()[:128] or None
    if delivery_id:
        seen = WebhookEvent.objects.filter(source=source, delivery_id=delivery_id).first()
        if seen is not None:
            return seen, Outcome(status=InboundStatus.DUPLICATE)
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                source=source,
                endpoint=endpoint,
                event_type=_event_type(endpoint, body),
                payload=body if isinstance(body, dict) else {NOT_AN_OBJECT: body},
                delivery_id=delivery_id,
            )
    except IntegrityError:  # the same delivery id, at the same moment
        return WebhookEvent.objects.get(source=source, delivery_id=delivery_id), Outcome(status=InboundStatus.DUPLICATE)
    return event, handle(event)


def handle(event: WebhookEvent) -> Outcome:
    """Run the event's handler in one transaction and record the outcome (used for reprocessing too)."""
    handler = ENDPOINTS[event.endpoint][1]
    try:
        with transaction.atomic():
            if set(event.payload) == {NOT_AN_OBJECT}:
                raise ValidationError({"body": [_("A JSON object is expected")]})
            outcome = handler(event.payload)
    except Exception as exc:
        WebhookEvent.objects.filter(pk=event.pk).update(
            status=InboundStatus.FAILED, processed_at=timezone.now(), error=_describe(exc)
        )
        raise
    WebhookEvent.objects.filter(pk=event.pk).update(status=outcome.status, processed_at=timezone.now(), error="")
    return outcome


def _describe(exc: Exception) -> str:
    detail = getattr(exc, "detail", None) or getattr(exc, "message_dict", None) or str(exc)
    return f"{exc.__class__.__name__}: {detail}"[:2000]


def inbound_reprocess(*, event: WebhookEvent) -> Outcome | None:
    """An operator's second try of a failed inbound event; None when it fails again (stored)."""
    try:
        return handle(event)
    except Exception:
        logger.info("Inbound webhook event %s failed again", event.pk, exc_info=True)
        return None
