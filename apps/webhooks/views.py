"""Inbound webhooks (contract §11): n8n calls these, signed with N8N_WEBHOOK_SECRET.
The signature over the raw body is checked before anything else; then the event is stored, then
handled (apps/webhooks/inbound.py)."""

import hashlib
import hmac

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from apps.core.exceptions import InvalidSignature
from apps.core.responses import envelope

from . import inbound, selectors
from .api.serializers import InboundAnswerEnvelopeSerializer, WebhookHealthEnvelopeSerializer
from .inbound import (
    ConsultationReminderSerializer,
    LeadAutomationSerializer,
    N8nEventSerializer,
    ProjectStatusSerializer,
)

SIGNATURE_HEADER = OpenApiParameter(
    "X-N8N-Signature",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description="`sha256=` + hex HMAC-SHA256 of the raw body with N8N_WEBHOOK_SECRET",
)
DELIVERY_HEADER = OpenApiParameter(
    "X-N8N-Delivery",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="A delivery id: a second call with the same id changes nothing and answers `duplicate`",
)


def signature_valid(raw_body: bytes, header: str, secret: str) -> bool:
    if not secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


class _InboundWebhookApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    extra_error_codes = (401,)  # INVALID_SIGNATURE
    endpoint = ""

    def initial(self, request, *args, **kwargs):
        if request.method == "POST":
            secret = settings.N8N_WEBHOOK_SECRET
            if not secret:
                raise InvalidSignature(_("Inbound webhooks are switched off: no secret is configured"))
            if not signature_valid(request.body, request.headers.get("X-N8N-Signature", ""), secret):
                raise InvalidSignature()
        super().initial(request, *args, **kwargs)

    def post(self, request):
        event, outcome = inbound.receive(
            endpoint=self.endpoint, body=request.data, delivery_id=request.headers.get("X-N8N-Delivery")
        )
        data = {"event_id": event.pk, "status": str(outcome.status), **outcome.extra}
        return envelope(data, status=outcome.http_status)


def _inbound_schema(request, summary: str, status: int = 200):
    return extend_schema(
        tags=["webhooks"],
        request=request,
        parameters=[SIGNATURE_HEADER, DELIVERY_HEADER],
        responses={
            status: InboundAnswerEnvelopeSerializer,
            **({200: InboundAnswerEnvelopeSerializer} if status != 200 else {}),
        },
        summary=summary,
        auth=[],
    )


class N8nWebhookApi(_InboundWebhookApi):
    endpoint = "n8n"

    @_inbound_schema(N8nEventSerializer, "An event from n8n (lead_created, lead_updated, consultation_scheduled, ...)")
    def post(self, request):
        return super().post(request)


class LeadAutomationWebhookApi(_InboundWebhookApi):
    endpoint = "lead-automation"

    @_inbound_schema(LeadAutomationSerializer, "Assign a lead, set its status, or queue a follow-up for its manager")
    def post(self, request):
        return super().post(request)


class ConsultationReminderWebhookApi(_InboundWebhookApi):
    endpoint = "consultation-reminder"

    @_inbound_schema(ConsultationReminderSerializer, "Queue a consultation reminder (never sent twice)", status=202)
    def post(self, request):
        return super().post(request)


class ProjectStatusWebhookApi(_InboundWebhookApi):
    endpoint = "project-status"

    @_inbound_schema(ProjectStatusSerializer, "Set a client project's status (emits project.updated)")
    def post(self, request):
        return super().post(request)


class WebhookHealthApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["webhooks"],
        responses={200: WebhookHealthEnvelopeSerializer, 503: OpenApiResponse(description="Database unreachable")},
        summary="State of the webhook system",
        auth=[],
    )
    def get(self, request):
        data = selectors.webhook_health()
        secret_configured = bool(settings.N8N_WEBHOOK_SECRET)
        data = {
            "status": "healthy" if secret_configured else "degraded",
            "secret_configured": secret_configured,
            **data,
        }
        return envelope(data)
