"""Reads for consultations."""

from datetime import timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Consultation, ConsultationStatus


def consultation_list(*, status=None, service_type=None, date_from=None, date_to=None) -> QuerySet[Consultation]:
    """Filters by the meeting's date: `scheduled_at` once scheduled, else the preferred date."""
    consultations = Consultation.objects.select_related("assigned_to", "lead").order_by("-created_at", "-id")
    if status:
        consultations = consultations.filter(status=status)
    if service_type:
        consultations = consultations.filter(service_type=service_type)
    if date_from:
        consultations = consultations.filter(
            Q(scheduled_at__date__gte=date_from) | Q(scheduled_at__isnull=True, preferred_date__gte=date_from)
        )
    if date_to:
        consultations = consultations.filter(
            Q(scheduled_at__date__lte=date_to) | Q(scheduled_at__isnull=True, preferred_date__lte=date_to)
        )
    return consultations


def consultation_get(*, consultation_id: int) -> Consultation | None:
    return Consultation.objects.select_related("assigned_to", "lead").filter(pk=consultation_id).first()


def consultations_upcoming(*, hours: int = 48) -> QuerySet[Consultation]:
    now = timezone.now()
    return Consultation.objects.filter(
        status=ConsultationStatus.SCHEDULED, scheduled_at__gt=now, scheduled_at__lte=now + timedelta(hours=hours)
    ).select_related("assigned_to")
