"""The data of the pipeline's outbox events (contract §11): what subscribers receive."""

from apps.core.events import snapshot

from .models import ContactMessage, Lead

LEAD_EVENT_FIELDS = (
    "id",
    "name",
    "email",
    "phone",
    "status",
    "source",
    "service_interest",
    "notes",
    "assigned_to",
    "language",
    "created_at",
    "updated_at",
)
CONTACT_EVENT_FIELDS = (
    "id",
    "name",
    "email",
    "phone",
    "subject",
    "message",
    "project_type",
    "budget",
    "status",
    "source",
    "language",
    "lead",
    "created_at",
    "updated_at",
)


def lead_data(lead: Lead, **extra) -> dict:
    return {**snapshot(lead, LEAD_EVENT_FIELDS), **extra}


def contact_data(contact: ContactMessage) -> dict:
    return snapshot(contact, CONTACT_EVENT_FIELDS)
