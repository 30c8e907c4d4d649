from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .prepared import insert_rows


class PreparedInsertModel(models.Model):
    """A model whose new rows are inserted by a statement compiled once (apps/core/prepared.py)
    instead of on every `save()`: the records written on every inquiry and every change."""

    class Meta:
        abstract = True

    def _do_insert(self, manager, using, fields, returning_fields, raw):
        rows = insert_rows(
            self, model=manager.model, using=using, fields=fields, returning_fields=returning_fields, raw=raw
        )
        if rows is None:
            return super()._do_insert(manager, using, fields, returning_fields, raw)
        return rows


class BaseModel(PreparedInsertModel):
    """Timestamps every business record carries."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class EventStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PROCESSED = "processed", _("Processed")
    FAILED = "failed", _("Failed")


class EventQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=EventStatus.PENDING)


class Event(PreparedInsertModel):
    """The transactional outbox: one row per business event, written in the same transaction as
    the change that caused it. Every side effect (notifications, webhook deliveries) is driven
    from these rows, so a broker outage delays them but never loses them."""

    type = models.CharField(_("type"), max_length=64)  # indexed in Meta (no LIKE index on PostgreSQL)
    payload = models.JSONField(_("data"), default=dict, encoder=DjangoJSONEncoder)
    # Hints for in-process handlers that are not part of the public payload (e.g. notify=False).
    meta = models.JSONField(_("meta"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.PENDING
    )  # indexed first in core_event_due_idx, which serves a filter on it alone too
    dispatched_at = models.DateTimeField(_("last dispatched at"), null=True, blank=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_event_due_idx"),
            models.Index(fields=["type"], name="core_event_type"),
        ]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class EventHandling(models.Model):
    """One handler's completed run for one event. Unique, and written in the same transaction as
    the handler's own writes: a redelivered event never repeats an effect."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="handlings")
    handler = models.CharField(max_length=100)
    handled_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "handler"], name="core_event_handled_once")]

    def __str__(self) -> str:
        return f"{self.handler} ← {self.event_id}"
