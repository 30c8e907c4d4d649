"""Background work for leads: tell the managers about new (through the outbox) and forgotten leads."""

import logging
from datetime import timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)
TRANSIENT = (SMTPException, OSError, ConnectionError)


def _manager_emails() -> list[str]:
    from apps.accounts.models import Role, User

    emails = set(settings.MANAGER_NOTIFICATION_EMAILS)
    emails.update(
        User.objects.filter(role__in=(Role.ADMIN, Role.MANAGER), is_active=True, notifications=True).values_list(
            "email", flat=True
        )
    )
    return sorted(emails)


def notify_managers_new_lead(event) -> int:
    """Outbox handler of `lead.created`: email the managers (not for imports, which pass
    notify=False). Raising leaves the event pending, so the sweep tries again with backoff."""
    from apps.core.emails import send_templated_email

    from .models import Lead

    if not event.meta.get("notify", True):
        return 0
    lead = Lead.objects.select_related("assigned_to").filter(pk=event.payload["id"]).first()
    if lead is None:
        return 0
    return send_templated_email(
        template="lead_new", context={"lead": lead, "site_url": settings.SITE_URL}, to=_manager_emails()
    )


def notify_follow_up(event) -> int:
    """Outbox handler of `lead.follow_up` (n8n's lead automation): remind the lead's manager, or
    every manager while nobody has the lead."""
    from apps.core.emails import send_templated_email

    from .models import Lead

    lead = Lead.objects.select_related("assigned_to").filter(pk=event.payload.get("lead_id")).first()
    if lead is None:
        return 0
    manager = lead.assigned_to
    to = [manager.email] if manager is not None and manager.is_active else _manager_emails()
    return send_templated_email(
        template="lead_follow_up",
        context={"lead": lead, "note": event.payload.get("note", ""), "site_url": settings.SITE_URL},
        to=to,
        language=getattr(manager, "language", "ru") or "ru",
    )


@shared_task(name="leads.notify_stale_leads", autoretry_for=TRANSIENT, retry_backoff=60, max_retries=3)
def notify_stale_leads() -> int:
    """Leads still `new` and unassigned 24 hours on: tell the managers once per lead."""
    from apps.core.emails import send_templated_email

    from .models import Lead, LeadStatus

    now = timezone.now()
    stale = Lead.objects.filter(
        status=LeadStatus.NEW,
        assigned_to__isnull=True,
        stale_notified_at__isnull=True,
        created_at__lte=now - timedelta(hours=24),
    )
    claimed_ids = []
    for lead_id in stale.values_list("pk", flat=True)[:200]:
        # Conditional update: two beat processes never notify about the same lead twice.
        if Lead.objects.filter(pk=lead_id, stale_notified_at__isnull=True).update(stale_notified_at=now):
            claimed_ids.append(lead_id)
    if not claimed_ids:
        return 0
    leads = list(Lead.objects.filter(pk__in=claimed_ids).order_by("created_at"))
    try:
        send_templated_email(
            template="leads_stale", context={"leads": leads, "site_url": settings.SITE_URL}, to=_manager_emails()
        )
    except Exception:
        # Not sent: the next run (or the retry) notifies about these leads again.
        Lead.objects.filter(pk__in=claimed_ids).update(stale_notified_at=None)
        raise
    return len(leads)
