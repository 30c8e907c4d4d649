"""`GET /api/webhooks` (v2.1.0 §6, contract §5 and §11): what the platform accepts from n8n and
what it sends to subscribers. A static description, for the people wiring an integration."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from apps.accounts.permissions import IsStaffRole
from apps.core.responses import envelope
from apps.core.serializers import BaseSerializer, envelope_serializer

from ..models import OUTBOUND_EVENTS

# Inbound (contract §11): each POST carries `X-N8N-Signature: sha256=<hex>`. `event_types` lists
# what the body may ask for: `event_type` for n8n, `action` for lead automation, `reminder_type`
# for reminders and the project `status` for project-status.
INBOUND = (
    {
        "path": "/webhooks/n8n",
        "method": "POST",
        "event_types": [
            "lead_created",
            "lead_updated",
            "consultation_scheduled",
            "project_updated",
            "email_sent",
            "automation_completed",
        ],
    },
    {"path": "/webhooks/lead-automation", "method": "POST", "event_types": ["assign", "set_status", "follow_up"]},
    {"path": "/webhooks/consultation-reminder", "method": "POST", "event_types": ["24h", "2h"]},
    {
        "path": "/webhooks/project-status",
        "method": "POST",
        "event_types": [
            "planning",
            "measurement",
            "design",
            "approval",
            "production",
            "installation",
            "completed",
            "cancelled",
        ],
    },
    {"path": "/webhooks/health", "method": "GET", "event_types": []},
)


class InboundWebhookSerializer(BaseSerializer):
    path = serializers.CharField()
    method = serializers.ChoiceField(choices=["GET", "POST"])
    event_types = serializers.ListField(child=serializers.CharField())


class WebhookDescriptionSerializer(BaseSerializer):
    inbound = InboundWebhookSerializer(many=True)
    outbound_events = serializers.ListField(child=serializers.ChoiceField(choices=OUTBOUND_EVENTS))


WebhookDescriptionEnvelopeSerializer = envelope_serializer("WebhookDescriptionEnvelope", WebhookDescriptionSerializer())


class WebhookDescriptionApi(APIView):
    permission_classes = [IsStaffRole]

    @extend_schema(
        tags=["webhooks"],
        responses={200: WebhookDescriptionEnvelopeSerializer},
        operation_id="unversioned_webhooks_description",
        summary="Describe the inbound and outbound webhooks (admin, manager)",
    )
    def get(self, request):
        data = {"inbound": [dict(hook, event_types=list(hook["event_types"])) for hook in INBOUND]}
        data["outbound_events"] = list(OUTBOUND_EVENTS)
        return envelope(data)
