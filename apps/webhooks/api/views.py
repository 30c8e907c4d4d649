"""Outbound webhook subscriptions (contract §11), for admins, in the v2.0.0 envelope."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsAdmin
from apps.core.api import paginated_response, validated
from apps.core.exceptions import NotFound
from apps.core.responses import envelope

from .. import selectors, services
from .serializers import (
    WebhookSubscriptionCreateSerializer,
    WebhookSubscriptionEnvelopeSerializer,
    WebhookSubscriptionListEnvelopeSerializer,
    WebhookSubscriptionSerializer,
    WebhookSubscriptionUpdateSerializer,
)

TAGS = ["webhooks"]


class WebhookSubscriptionListCreateApi(APIView):
    permission_classes = [IsAdmin]
    pagination_key = "subscriptions"
    pagination_envelope = True

    @extend_schema(
        tags=TAGS, responses={200: WebhookSubscriptionListEnvelopeSerializer}, summary="List subscriptions (admin)"
    )
    def get(self, request):
        return paginated_response(self, request, selectors.subscription_list(), WebhookSubscriptionSerializer)

    @extend_schema(
        tags=TAGS,
        request=WebhookSubscriptionCreateSerializer,
        responses={201: WebhookSubscriptionEnvelopeSerializer},
        summary="Subscribe a URL to events (admin); the secret is never shown again",
    )
    def post(self, request):
        data = validated(WebhookSubscriptionCreateSerializer, request.data)
        subscription = services.subscription_create(**data, created_by=request.user)
        return envelope(
            WebhookSubscriptionSerializer(subscription).data, message=_("Webhook subscription created"), status=201
        )


class WebhookSubscriptionDetailApi(APIView):
    permission_classes = [IsAdmin]

    def _subscription(self, subscription_id: int):
        subscription = selectors.subscription_get(subscription_id=subscription_id)
        if subscription is None:
            raise NotFound(_("Webhook subscription not found"))
        return subscription

    @extend_schema(
        tags=TAGS, responses={200: WebhookSubscriptionEnvelopeSerializer}, summary="Get a subscription (admin)"
    )
    def get(self, request, subscription_id: int):
        return envelope(WebhookSubscriptionSerializer(self._subscription(subscription_id)).data)

    @extend_schema(
        tags=TAGS,
        request=WebhookSubscriptionUpdateSerializer,
        responses={200: WebhookSubscriptionEnvelopeSerializer},
        summary="Update a subscription (admin); PUT is partial like PATCH",
    )
    def put(self, request, subscription_id: int):
        subscription = self._subscription(subscription_id)
        data = validated(WebhookSubscriptionUpdateSerializer, request.data)
        subscription = services.subscription_update(subscription=subscription, data=data)
        return envelope(WebhookSubscriptionSerializer(subscription).data, message=_("Webhook subscription updated"))

    @extend_schema(
        tags=TAGS,
        request=WebhookSubscriptionUpdateSerializer,
        responses={200: WebhookSubscriptionEnvelopeSerializer},
        summary="Update a subscription (admin)",
    )
    def patch(self, request, subscription_id: int):
        return self.put(request, subscription_id)

    @extend_schema(
        tags=TAGS, responses={204: OpenApiResponse(description="Deleted")}, summary="Delete a subscription (admin)"
    )
    def delete(self, request, subscription_id: int):
        services.subscription_delete(subscription=self._subscription(subscription_id))
        return Response(status=204)
