from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.leads.models import ServiceInterest


class ConsultationType(models.TextChoices):
    OFFICE_VISIT = "office_visit", _("Office visit")
    HOME_VISIT = "home_visit", _("Home visit")
    ONLINE = "online", _("Online")


class ConsultationStatus(models.TextChoices):
    NEW = "new", _("New")
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Consultation(BaseModel):
    """A meeting a client asked for; a manager schedules it and Celery reminds the client."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    service_type = models.CharField(
        _("service"), max_length=32, choices=ServiceInterest.choices, blank=True, db_index=True
    )
    consultation_type = models.CharField(
        _("consultation type"),
        max_length=16,
        choices=ConsultationType.choices,
        default=ConsultationType.OFFICE_VISIT,
    )
    preferred_date = models.DateField(_("preferred date"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled at"), null=True, blank=True, db_index=True)
    message = models.TextField(_("message"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.NEW,
        db_index=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("manager"),
        limit_choices_to={"role__in": ("admin", "manager")},
    )
    lead = models.ForeignKey(
        "leads.Lead",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("lead"),
    )
    language = models.CharField(_("language"), max_length=8, default="ru")
    reminder_24h_sent_at = models.DateTimeField(_("24-hour reminder sent"), null=True, blank=True)
    reminder_2h_sent_at = models.DateTimeField(_("2-hour reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} — {self.get_service_type_display() or self.get_consultation_type_display()}"
