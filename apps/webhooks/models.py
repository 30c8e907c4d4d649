"""Integrations (contract §11): subscriptions and their deliveries out, n8n's events in."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel, Event

# The events a subscription may choose (v2.0.0 plus the CRM's own).
OUTBOUND_EVENTS = (
    "contact.created",
    "contact.updated",
    "project.created",
    "project.updated",
    "user.registered",
    "lead.created",
    "lead.updated",
    "consultation.created",
)
TEST_EVENT = "webhook.test"


class WebhookSubscription(BaseModel):
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Kept as given: it signs every delivery. Write-only in the API, never shown again.
    secret = models.CharField(_("secret"), max_length=255)
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    consecutive_failures = models.PositiveIntegerField(_("failed deliveries in a row"), default=0)
    disabled_at = models.DateTimeField(_("switched off at"), null=True, blank=True)
    disabled_reason = models.CharField(_("why it was switched off"), max_length=300, blank=True)
    last_delivery_at = models.DateTimeField(_("last delivery"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")


class WebhookDelivery(models.Model):
    """One event for one subscription. Its id (`X-BaiMuras-Delivery`) is the same on every try."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("subscription")
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="webhook_deliveries")
    event_type = models.CharField(_("event"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True, db_index=True)
    last_status_code = models.PositiveIntegerField(_("last response status"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhooks_one_delivery_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.subscription_id} ({self.status})"


class WebhookDeliveryAttempt(models.Model):
    """Every try of a delivery, as it went."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField(_("try"))
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration, ms"), default=0)
    status_code = models.PositiveIntegerField(_("response status"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.TextField(_("error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next try"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"#{self.number} {self.status_code or self.error[:40]}"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSED = "processed", _("Processed")
    QUEUED = "queued", _("Queued")
    DUPLICATE = "duplicate", _("Duplicate")
    FAILED = "failed", _("Failed")


class WebhookEvent(models.Model):
    """An inbound call from n8n, stored before it is handled (and whatever became of it)."""

    source = models.CharField(_("source"), max_length=32, default="n8n")
    endpoint = models.CharField(_("endpoint"), max_length=64, db_index=True)
    event_type = models.CharField(_("event"), max_length=64, blank=True, db_index=True)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    delivery_id = models.CharField(_("delivery id"), max_length=128, null=True, blank=True)  # noqa: DJ001 (NULL: no id, and unique among those given)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    status = models.CharField(
        _("outcome"), max_length=16, choices=InboundStatus.choices, default=InboundStatus.RECEIVED, db_index=True
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("inbound webhook event")
        verbose_name_plural = _("inbound webhook events")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "delivery_id"],
                condition=models.Q(delivery_id__isnull=False),
                name="webhooks_inbound_delivery_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.endpoint}: {self.event_type or '—'} ({self.status})"
