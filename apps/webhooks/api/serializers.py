from rest_framework import serializers

from apps.core.serializers import BaseModelSerializer, BaseSerializer, envelope_serializer, paginated_serializer

from ..models import OUTBOUND_EVENTS, WebhookSubscription


class WebhookSubscriptionSerializer(BaseModelSerializer):
    """A subscription as answered: the secret is never shown again."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=OUTBOUND_EVENTS))
    has_secret = serializers.SerializerMethodField()

    class Meta:
        model = WebhookSubscription
        fields = [
            "id",
            "url",
            "events",
            "active",
            "has_secret",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "last_delivery_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_has_secret(self, obj) -> bool:
        return bool(obj.secret)


class WebhookSubscriptionUpdateSerializer(BaseSerializer):
    """PUT and PATCH are both partial; a secret left out keeps the one stored."""

    url = serializers.URLField(max_length=500, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=OUTBOUND_EVENTS),
        min_length=1,
        max_length=len(OUTBOUND_EVENTS) * 2,
        required=False,
    )
    secret = serializers.CharField(
        min_length=8, max_length=255, required=False, write_only=True, help_text="Signs every delivery; never shown"
    )
    active = serializers.BooleanField(required=False)


class WebhookSubscriptionCreateSerializer(WebhookSubscriptionUpdateSerializer):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=OUTBOUND_EVENTS), min_length=1, max_length=len(OUTBOUND_EVENTS) * 2
    )
    secret = serializers.CharField(
        min_length=8, max_length=255, write_only=True, help_text="Signs every delivery; never shown again"
    )
    active = serializers.BooleanField(required=False, default=True)


WebhookSubscriptionEnvelopeSerializer = envelope_serializer(
    "WebhookSubscriptionEnvelope", WebhookSubscriptionSerializer(), with_message="optional"
)
WebhookSubscriptionListEnvelopeSerializer = envelope_serializer(
    "WebhookSubscriptionListEnvelope",
    paginated_serializer("WebhookSubscriptionPage", "subscriptions", WebhookSubscriptionSerializer)(),
)


class InboundAnswerSerializer(BaseSerializer):
    event_id = serializers.IntegerField(help_text="Id of the stored inbound event")
    status = serializers.ChoiceField(choices=["processed", "queued", "duplicate"])
    lead_id = serializers.IntegerField(required=False)
    project_id = serializers.IntegerField(required=False)
    consultation_id = serializers.IntegerField(required=False)


InboundAnswerEnvelopeSerializer = envelope_serializer("InboundWebhookAnswerEnvelope", InboundAnswerSerializer())


class WebhookHealthSerializer(BaseSerializer):
    status = serializers.ChoiceField(choices=["healthy", "degraded"])
    secret_configured = serializers.BooleanField()
    pending_events = serializers.IntegerField(help_text="Outbox events not yet handled")
    failed_inbound_24h = serializers.IntegerField()
    active_subscriptions = serializers.IntegerField()


WebhookHealthEnvelopeSerializer = envelope_serializer("WebhookHealthEnvelope", WebhookHealthSerializer())
