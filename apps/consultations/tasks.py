"""Background work for consultations: the reminder sweep (beat) and the reminder emails (outbox)."""

import logging

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


@shared_task(name="consultations.send_due_reminders")
def send_due_reminders() -> int:
    """Run by beat every 5 minutes (and by `manage.py send_due_reminders` where there is no beat)."""
    from .services import send_due_reminders as sweep

    return len(sweep())


def send_reminder(event) -> int:
    """Outbox handler of `consultation.reminder_due`: email the client (in their language) and the
    assigned manager a copy; returns the number of emails sent. The reminder was claimed in the
    event's transaction; a failure is retried by the outbox with backoff while the claim holds."""
    from django.utils import timezone

    from apps.core.emails import send_templated_email

    from .models import Consultation, ConsultationStatus
    from .services import REMINDER_FIELDS

    consultation_id, kind = event.payload["consultation_id"], event.payload["kind"]
    consultation = Consultation.objects.select_related("assigned_to").filter(pk=consultation_id).first()
    if (
        consultation is None
        or consultation.status != ConsultationStatus.SCHEDULED
        or consultation.scheduled_at is None
        or consultation.scheduled_at <= timezone.now()
        # Re-scheduled since the claim: the reminders were re-armed and the sweep owns them again.
        or getattr(consultation, REMINDER_FIELDS[kind]) is None
    ):
        return 0
    manager = consultation.assigned_to
    return send_templated_email(
        template=f"consultation_reminder_{kind}",
        context={"consultation": consultation, "site_url": settings.SITE_URL},
        to=[consultation.email or (manager.email if manager is not None else "")],
        cc=[manager.email] if manager is not None and consultation.email else [],
        language=consultation.language,
    )
