import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start of `day` and of the next one, in the company's time zone."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, now=None):
        return self.open().filter(due_at__lt=now or timezone.now())

    def due_today(self, now=None):
        """Open tasks due later today (the overdue ones are counted apart)."""
        now = now or timezone.now()
        _start, end = day_bounds(timezone.localdate(now))
        return self.open().filter(due_at__gte=now, due_at__lt=end)


class Task(BaseModel):
    """The next step on a lead or a project: what, by when, by whom."""

    title = models.CharField(_("task"), max_length=200)
    due_at = models.DateTimeField(_("due"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="crm_tasks",
        limit_choices_to={"role__in": ("admin", "manager")},
    )
    lead = models.ForeignKey(
        "leads.Lead", verbose_name=_("lead"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["done_at", "due_at", "id"]
        indexes = [models.Index(fields=["assignee", "done_at", "due_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(lead__isnull=False) | Q(project__isnull=False), name="crm_task_on_lead_or_project"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits, 43 URL-safe characters


class CalendarFeed(BaseModel):
    """A manager's iCalendar feed: the secret in its URL is the only credential a phone's calendar
    can send. Kept as it is (not hashed) so the calendar page can show the address again;
    regenerating replaces it, which revokes every copy of the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
