from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    MEASUREMENT = "measurement", _("Measurement")
    DESIGN = "design", _("Design")
    APPROVAL = "approval", _("Approval")
    PRODUCTION = "production", _("Production")
    INSTALLATION = "installation", _("Installation")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_PROJECT_STATUSES = (ProjectStatus.COMPLETED, ProjectStatus.CANCELLED)


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status__in=CLOSED_PROJECT_STATUSES)

    def overdue(self):
        return self.active().filter(deadline__lt=timezone.localdate())


class Project(BaseModel):
    """The company's work for a client (not the portfolio showcase)."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING, db_index=True
    )
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default=default_currency)
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    # The two visits to the client's home, shown on the managers' calendar (admin only, not in the API).
    measurement_date = models.DateTimeField(_("measurement date"), null=True, blank=True, db_index=True)
    installation_date = models.DateTimeField(_("installation date"), null=True, blank=True, db_index=True)
    lead = models.OneToOneField(
        "leads.Lead",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="project",
        verbose_name=_("lead"),
    )
    client_name = models.CharField(_("client name"), max_length=150, blank=True)
    client_email = models.EmailField(_("client email"), blank=True)
    client_phone = models.CharField(_("client phone"), max_length=20, blank=True)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_projects",
        verbose_name=_("manager"),
        limit_choices_to={"role__in": ("admin", "manager")},
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.deadline and self.status not in CLOSED_PROJECT_STATUSES and self.deadline < timezone.localdate()
        )
