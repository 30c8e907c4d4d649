"""Background work for consultations: the reminder sweep and the reminder emails."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)
TRANSIENT = (SMTPException, OSError, ConnectionError)


@shared_task(name="consultations.send_due_reminders")
def send_due_reminders() -> int:
    """Run by beat every 5 minutes (and by `manage.py send_due_reminders` where there is no beat)."""
    from .services import send_due_reminders as sweep

    return len(sweep())


@shared_task(
    bind=True,
    name="consultations.send_reminder",
    autoretry_for=TRANSIENT,
    retry_backoff=30,
    retry_backoff_max=900,
    max_retries=5,
)
def send_consultation_reminder(self, consultation_id: int, kind: str) -> int:
    """Email the client (in their language) and the assigned manager a copy; returns the number of
    emails sent. The reminder was claimed before this task was queued; if it cannot be sent (every
    retry failed, or an error no retry can fix), the claim is released so the next sweep tries again."""
    from django.utils import timezone

    from apps.core.emails import send_templated_email

    from .models import Consultation, ConsultationStatus
    from .services import REMINDER_FIELDS, reminder_release

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
    try:
        return send_templated_email(
            template=f"consultation_reminder_{kind}",
            context={"consultation": consultation, "site_url": settings.SITE_URL},
            to=[consultation.email or (manager.email if manager is not None else "")],
            cc=[manager.email] if manager is not None and consultation.email else [],
            language=consultation.language,
        )
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            logger.error("Reminder %s for consultation %s failed for good", kind, consultation_id)
            reminder_release(consultation_id=consultation_id, kind=kind)
        raise
    except Exception:
        logger.exception("Reminder %s for consultation %s failed; released", kind, consultation_id)
        reminder_release(consultation_id=consultation_id, kind=kind)
        raise
