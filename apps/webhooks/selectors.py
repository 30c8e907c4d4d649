from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from apps.core.models import Event

from .models import InboundStatus, WebhookEvent, WebhookSubscription


def subscription_list() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.order_by("-created_at", "-id")


def subscription_get(*, subscription_id: int) -> WebhookSubscription | None:
    return WebhookSubscription.objects.filter(pk=subscription_id).first()


def subscriptions_switched_off() -> QuerySet[WebhookSubscription]:
    return WebhookSubscription.objects.filter(active=False, disabled_at__isnull=False).order_by("-disabled_at")


def webhook_health() -> dict:
    since = timezone.now() - timedelta(hours=24)
    return {
        "pending_events": Event.objects.pending().count(),
        "failed_inbound_24h": WebhookEvent.objects.filter(status=InboundStatus.FAILED, received_at__gte=since).count(),
        "active_subscriptions": WebhookSubscription.objects.filter(active=True).count(),
    }
