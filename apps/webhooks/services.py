"""Outbound webhooks (contract §11): subscriptions, the fan-out of outbox events into deliveries,
and the delivery itself with its retries."""

import logging
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import relay
from apps.core.events import emit
from apps.core.models import Event
from apps.core.timeutils import to_utc_iso
from apps.core.validation import full_clean

from . import http
from .models import OUTBOUND_EVENTS, TEST_EVENT, DeliveryStatus, WebhookDelivery, WebhookDeliveryAttempt
from .models import WebhookSubscription as Subscription

logger = logging.getLogger(__name__)

SUBSCRIPTION_FIELDS = {"url", "events", "secret", "active"}
DELIVER_TASK = "webhooks.deliver"


# --- Subscriptions -----------------------------------------------------------------------------


def clean_events(events) -> list[str]:
    if not isinstance(events, list | tuple) or not events:
        raise ValidationError({"events": [_("Choose at least one event")]})
    unknown = sorted({str(e) for e in events} - set(OUTBOUND_EVENTS))
    if unknown:
        raise ValidationError({"events": [_("Unknown events: %(events)s") % {"events": ", ".join(unknown)}]})
    return sorted(set(events), key=OUTBOUND_EVENTS.index)


def clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": [_("Enter an http or https URL")]})
    try:
        http.check_host(parts.hostname)
    except http.TargetRefused as exc:
        raise ValidationError(
            {"url": [_("Webhooks cannot be sent to local or private addresses")]}, code="private"
        ) from exc
    return url


@transaction.atomic
def subscription_create(*, url: str, events: list[str], secret: str, active: bool = True, created_by=None):
    subscription = Subscription(
        url=clean_url(url), events=clean_events(events), secret=secret or "", active=active, created_by=created_by
    )
    full_clean(subscription)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_update(*, subscription: Subscription, data: dict) -> Subscription:
    """Partial update. Switching a subscription on again clears its failure count."""
    unknown = set(data) - SUBSCRIPTION_FIELDS
    if unknown:
        raise ValueError(f"Unknown subscription fields: {sorted(unknown)}")
    if "url" in data:
        subscription.url = clean_url(data["url"])
    if "events" in data:
        subscription.events = clean_events(data["events"])
    if data.get("secret"):
        subscription.secret = data["secret"]
    if "active" in data:
        if data["active"] and not subscription.active:
            subscription.consecutive_failures = 0
            subscription.disabled_at = None
            subscription.disabled_reason = ""
        subscription.active = data["active"]
    full_clean(subscription)
    subscription.save()
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: Subscription) -> None:
    subscription.delete()


# --- Fan-out: an outbox event becomes one delivery per subscriber ------------------------------


def _queue_after_commit(delivery_ids: list) -> None:
    for delivery_id in delivery_ids:
        transaction.on_commit(partial(relay.dispatch, DELIVER_TASK, str(delivery_id)), robust=True)


def fan_out(event: Event) -> list[WebhookDelivery]:
    """Outbox handler (every public event): a delivery for each active subscription that wants it."""
    if event.type not in OUTBOUND_EVENTS or not settings.WEBHOOKS_ENABLED:
        return []
    subscribers = [s for s in Subscription.objects.filter(active=True) if event.type in s.events]
    deliveries = [
        WebhookDelivery(subscription=s, event=event, event_type=event.type, next_attempt_at=timezone.now())
        for s in subscribers
    ]
    WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    queued = list(
        WebhookDelivery.objects.filter(event=event, status=DeliveryStatus.PENDING).values_list("pk", flat=True)
    )
    _queue_after_commit(queued)
    return deliveries


# --- Delivery ----------------------------------------------------------------------------------


def _backoff(attempt: int) -> timedelta:
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt - 1))


def _claim(delivery_id, now: datetime) -> bool:
    """Take the next try of a due delivery: a conditional UPDATE leasing it for longer than a try
    can take, so the sweep and a second worker never send it at the same time."""
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 3 + 30)
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now).update(
            next_attempt_at=lease, attempts=F("attempts") + 1
        )
    )


def delivery_attempt(*, delivery_id, now: datetime | None = None) -> WebhookDelivery | None:
    """Send one try of a delivery, if one is due, and record how it went. The request is made
    outside any transaction; only the bookkeeping is written."""
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription", "event").get(pk=delivery_id)
    subscription, event = delivery.subscription, delivery.event
    body = http.body_for(
        secret=subscription.secret, event=event.type, timestamp=to_utc_iso(event.created_at), data=event.payload
    )
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-BaiMuras-Event": event.type,
        "X-BaiMuras-Delivery": str(delivery.pk),
        "X-BaiMuras-Signature": http.sign(subscription.secret, body),
    }
    started = timezone.now()
    if subscription.active:
        response = http.post(subscription.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT_SECONDS)
    else:
        response = http.Response(None, "", 0, error="The subscription is switched off")
    _record(delivery, response, started=started)
    return delivery


@transaction.atomic
def _record(delivery: WebhookDelivery, response: http.Response, *, started: datetime) -> None:
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().get(pk=delivery.subscription_id)
    final = response.ok or delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS or not subscription.active
    next_at = None if final else now + _backoff(delivery.attempts)
    error = response.error or ("" if response.ok else f"HTTP {response.status_code}")
    WebhookDeliveryAttempt.objects.create(
        delivery=delivery,
        number=delivery.attempts,
        started_at=started,
        duration_ms=response.duration_ms,
        status_code=response.status_code,
        response_excerpt=response.excerpt,
        error=error,
        next_attempt_at=next_at,
    )
    delivery.last_status_code = response.status_code
    delivery.last_error = error
    delivery.next_attempt_at = next_at
    if response.ok:
        delivery.status, delivery.delivered_at = DeliveryStatus.SUCCEEDED, now
        subscription.consecutive_failures = 0
    elif final:
        delivery.status = DeliveryStatus.FAILED
        subscription.consecutive_failures += 1
        if subscription.active and subscription.consecutive_failures >= settings.WEBHOOK_DISABLE_AFTER_FAILURES:
            subscription.active = False
            subscription.disabled_at = now
            subscription.disabled_reason = _("%(count)s deliveries in a row failed; last error: %(error)s") % {
                "count": subscription.consecutive_failures,
                "error": error[:200],
            }
            logger.warning("Webhook subscription %s switched off: %s", subscription.pk, subscription.disabled_reason)
    delivery.save(
        update_fields=["status", "next_attempt_at", "last_status_code", "last_error", "delivered_at", "attempts"]
    )
    subscription.last_delivery_at = now
    subscription.save(
        update_fields=["consecutive_failures", "active", "disabled_at", "disabled_reason", "last_delivery_at"]
    )


def sweep(now: datetime) -> int:
    """Registered with the outbox sweep: hand on every delivery whose next try is due."""
    due = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:500])
    for delivery_id in ids:
        relay.dispatch(DELIVER_TASK, str(delivery_id))
    return len(ids)


# --- Operators' actions ------------------------------------------------------------------------


@transaction.atomic
def delivery_redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again (same id, same body), with a fresh set of tries."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), delivered_at=None
    )
    _queue_after_commit([delivery.pk])
    delivery.refresh_from_db()
    return delivery


@transaction.atomic
def subscription_send_test(*, subscription: Subscription) -> WebhookDelivery:
    """A `webhook.test` event to this subscription only, to check the receiving end."""
    event = emit(TEST_EVENT, {"subscription_id": subscription.pk, "message": "BaiMuras webhook test"})
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=event, event_type=TEST_EVENT, next_attempt_at=timezone.now()
    )
    _queue_after_commit([delivery.pk])
    return delivery
