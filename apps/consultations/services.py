"""Writes for consultations, and the reminder sweep that beat (or cron) runs every 5 minutes."""

import logging
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import emit, snapshot
from apps.core.phones import normalize_phone
from apps.core.validation import full_clean
from apps.leads.models import LeadSource
from apps.leads.services import clean_contact, lead_create_or_link

from .models import Consultation, ConsultationStatus, ConsultationType

logger = logging.getLogger(__name__)

CONSULTATION_FIELDS = {
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
    "language",
}

CONSULTATION_EVENT_FIELDS = (
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
    "lead",
    "language",
    "created_at",
)

# (kind, field, how long before `scheduled_at` it goes out)
REMINDERS = (("2h", "reminder_2h_sent_at", timedelta(hours=2)), ("24h", "reminder_24h_sent_at", timedelta(hours=24)))
REMINDER_FIELDS = {kind: field for kind, field, _lead_time in REMINDERS}
REMINDER_EVENT = "consultation.reminder_due"  # internal: not offered to webhook subscribers


@transaction.atomic
def consultation_request(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    service_type: str = "",
    consultation_type: str = "",
    preferred_date: date | None = None,
    message: str = "",
    language: str = "ru",
    source: str = LeadSource.CONSULTATION_FORM,
) -> Consultation:
    """A client asks for a consultation: stored, and its lead found or created, in one transaction.
    The consultation's own fields are checked before any lead is touched, so every error names a
    field of the request (`service_type`, not the lead's `service_interest`)."""
    errors = {}
    # A past preferred date is accepted: the v2.1.0 example (2025-07-01) must keep working, and
    # the manager schedules the real time anyway.
    name, email, phone = clean_contact(name=name, email=email, phone=phone, errors=errors)
    consultation = Consultation(
        name=name,
        email=email,
        phone=phone,
        service_type=service_type or "",
        consultation_type=consultation_type or ConsultationType.OFFICE_VISIT,
        preferred_date=preferred_date,
        message=message or "",
        language=language or "ru",
    )
    full_clean(consultation, exclude=["lead", "assigned_to"])
    lead, _created = lead_create_or_link(
        name=name,
        email=email,
        phone=phone,
        source=source,
        service_interest=service_type,
        notes=message,
        language=language,
        inquiry=_("Consultation request for %(date)s") % {"date": preferred_date or "—"}
        + (f"\n{message}" if message else ""),
    )
    consultation.lead = lead
    consultation.assigned_to = lead.assigned_to
    full_clean(consultation)
    consultation.save()
    emit("consultation.created", snapshot(consultation, CONSULTATION_EVENT_FIELDS))
    return consultation


@transaction.atomic
def consultation_update(*, consultation: Consultation, data: dict, actor=None) -> Consultation:
    """Partial update. Moving `scheduled_at` re-arms the reminders for the new time."""
    unknown = set(data) - CONSULTATION_FIELDS
    if unknown:
        raise ValueError(f"Unknown consultation fields: {sorted(unknown)}")
    if "phone" in data:
        try:
            data = {**data, "phone": normalize_phone(data["phone"])}
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    if "email" in data:
        data = {**data, "email": (data["email"] or "").strip().lower()}
    old_time = consultation.scheduled_at
    for field, value in data.items():
        setattr(consultation, field, value)
    if consultation.scheduled_at and consultation.status == ConsultationStatus.NEW and "scheduled_at" in data:
        consultation.status = ConsultationStatus.SCHEDULED
    if consultation.status == ConsultationStatus.SCHEDULED and not consultation.scheduled_at:
        raise ValidationError({"scheduled_at": [_("A scheduled consultation needs a date and time")]})
    if consultation.scheduled_at != old_time:
        consultation.reminder_24h_sent_at = None
        consultation.reminder_2h_sent_at = None
    full_clean(consultation)
    consultation.save()
    return consultation


def consultation_schedule(
    *, consultation: Consultation, scheduled_at: datetime, assigned_to=None, actor=None
) -> Consultation:
    if timezone.is_naive(scheduled_at):  # a wall-clock time from a form: the company's time zone
        scheduled_at = timezone.make_aware(scheduled_at)
    if scheduled_at <= timezone.now():
        raise ValidationError({"scheduled_at": [_("The consultation must be scheduled in the future")]})
    data = {"scheduled_at": scheduled_at, "status": ConsultationStatus.SCHEDULED}
    if assigned_to is not None:
        data["assigned_to"] = assigned_to
    return consultation_update(consultation=consultation, data=data, actor=actor)


def consultation_complete(*, consultation: Consultation, actor=None) -> Consultation:
    return consultation_update(consultation=consultation, data={"status": ConsultationStatus.COMPLETED}, actor=actor)


def consultation_cancel(*, consultation: Consultation, actor=None) -> Consultation:
    return consultation_update(consultation=consultation, data={"status": ConsultationStatus.CANCELLED}, actor=actor)


# --- Reminders ---------------------------------------------------------------------------------


class QueuedReminder(NamedTuple):
    """A reminder claimed by this call; its email goes out through outbox event `event_id`."""

    consultation_id: int
    kind: str
    event_id: int


def reminder_claim(*, consultation_id: int, kind: str, now: datetime | None = None) -> bool:
    """Mark a reminder as sent, if nobody has: a conditional UPDATE, so two beat processes, a
    retry or a webhook racing the sweep still send each reminder exactly once."""
    field = REMINDER_FIELDS[kind]
    return bool(
        Consultation.objects.filter(
            pk=consultation_id, status=ConsultationStatus.SCHEDULED, **{f"{field}__isnull": True}
        ).update(**{field: now or timezone.now()})
    )


@transaction.atomic
def reminder_queue(*, consultation_id: int, kind: str, now: datetime | None = None) -> QueuedReminder | None:
    """Claim one reminder and write its `consultation.reminder_due` event in the same transaction:
    the email is the outbox's to send (and retry). None when it was already claimed (sent, or
    being sent) or the consultation is not scheduled: never twice."""
    if kind not in REMINDER_FIELDS:
        raise ValidationError({"reminder_type": [_("Unknown reminder type")]})
    if not reminder_claim(consultation_id=consultation_id, kind=kind, now=now):
        return None
    event = emit(REMINDER_EVENT, {"consultation_id": consultation_id, "kind": kind})
    return QueuedReminder(consultation_id, kind, event.pk)


def send_due_reminders(*, now: datetime | None = None) -> list[QueuedReminder]:
    """Claim every reminder that is due and queue its email; returns what this call claimed.

    The 2-hour reminder is due within 2 hours of the meeting; the 24-hour one between 24 and 2
    hours before it (a meeting booked 3 hours ahead gets the 24-hour one at once, then the 2-hour
    one). A meeting within 2 hours never gets a late 24-hour reminder."""
    now = now or timezone.now()
    queued: list[QueuedReminder] = []
    due = Consultation.objects.filter(status=ConsultationStatus.SCHEDULED, scheduled_at__gt=now)
    for kind, field, lead_time in REMINDERS:
        window = due.filter(**{f"{field}__isnull": True, "scheduled_at__lte": now + lead_time})
        if kind == "24h":
            window = window.filter(scheduled_at__gt=now + timedelta(hours=2))
        for consultation_id in window.order_by("scheduled_at", "pk").values_list("pk", flat=True):
            reminder = reminder_queue(consultation_id=consultation_id, kind=kind, now=now)
            if reminder is not None:
                queued.append(reminder)
    # The 24-hour reminder of a meeting already inside 2 hours is skipped, not sent late.
    due.filter(reminder_24h_sent_at__isnull=True, scheduled_at__lte=now + timedelta(hours=2)).update(
        reminder_24h_sent_at=now
    )
    return queued
