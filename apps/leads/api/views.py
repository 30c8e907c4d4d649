"""Leads (contract §4), their unversioned aliases (§5) and contact messages (§7).
Thin: parse, call a service or selector, render."""

import logging
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsAdmin, IsStaffRole, is_staff_role
from apps.core.api import bytes_response, media_key, paginated_response, render_now, validated
from apps.core.content_cache import LEAD_LIST, content_get, content_keys, content_set, request_key
from apps.core.exceptions import NotFound
from apps.core.inquiries import inquiry_note
from apps.core.net import client_ip
from apps.core.ratelimit import CreateRateThrottle, RoleRateThrottle, carry_reads
from apps.core.responses import envelope
from apps.core.timeutils import to_utc_iso

from .. import selectors, services
from ..models import LeadSource, LeadStatus
from .serializers import (
    RECEIVED,
    ContactMessageCreateSerializer,
    ContactMessageEnvelopeSerializer,
    ContactMessageFilterSerializer,
    ContactMessageListEnvelopeSerializer,
    ContactMessageReceiptEnvelopeSerializer,
    ContactMessageReceiptSerializer,
    ContactMessageSerializer,
    ContactMessageStatusSerializer,
    LeadCreateSerializer,
    LeadFilterSerializer,
    LeadListItemSerializer,
    LeadListResponseSerializer,
    LeadPublicCreateSerializer,
    LeadSerializer,
    LeadUpdateSerializer,
)

logger = logging.getLogger(__name__)

LEAD_CREATED = OpenApiResponse(
    LeadSerializer,
    description="Staff: the new lead. Anyone else (anonymous, role `user`) always gets 201 with what they sent, "
    "status `new`, no manager or project, and as `id` an opaque reference of the inquiry (not a lead id), "
    "whether or not the company already knew the email or phone.",
)
LEAD_LINKED = OpenApiResponse(
    LeadSerializer,
    description="Staff only. Duplicate detection: the email or phone already has an open lead, which the "
    "inquiry was added to; the answer is that lead.",
)


def _lead_or_404(lead_id: int):
    lead = selectors.lead_get(lead_id=lead_id)
    if lead is None:
        raise NotFound(_("Lead not found"))
    return lead


def _submission_response(request, lead, created: bool, sent: dict) -> Response:
    """Staff: 201 with a new lead, 200 with the open lead an inquiry was linked to. Anyone else gets
    the same answer whether or not the contact was known: what they sent, as a new lead, with the
    inquiry's timeline entry as its reference. Nothing stored (id, status, dates, manager) leaks."""
    if is_staff_role(request.user):
        return Response(LeadSerializer(lead).data, status=201 if created else 200)
    inquiry_note(request, lead)  # a visitor's or a client's inquiry: where their visit came from is kept
    now = to_utc_iso(timezone.now())
    receipt = {
        "id": selectors.lead_latest_activity_id(lead=lead),
        "name": sent["name"].strip(),
        "email": (sent.get("email") or "").strip().lower(),
        "phone": sent.get("phone") or "",
        "status": LeadStatus.NEW.value,
        "source": sent["source"],
        "service_interest": sent.get("service_interest") or "",
        "notes": sent.get("notes") or "",
        "assigned_to": None,
        "project_id": None,
        "attribution": None,  # staff only
        "created_at": now,
        "updated_at": now,
    }
    return Response(receipt, status=201)


# --- Leads -------------------------------------------------------------------------------------


class LeadListCreateApi(APIView):
    pagination_key = "leads"
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [IsStaffRole()]

    def initial(self, request, *args, **kwargs):
        if request.method == "GET" and settings.LEAD_LIST_CACHE_SECONDS:
            # The kept list is read in the rate limit's round trip to Redis (one instead of two).
            carry_reads(request, lambda: content_keys(self._list_key(request), LEAD_LIST))
        super().initial(request, *args, **kwargs)

    @staticmethod
    def _list_key(request) -> str:
        # What is kept is the rendered answer (bytes), per negotiated media type.
        key = getattr(request, "_lead_list_key", None)
        if key is None:
            key = request._lead_list_key = request_key(f"lead-list:{media_key(request)}", request)
        return key

    @extend_schema(
        tags=["leads"],
        parameters=[LeadFilterSerializer],
        responses={200: LeadListResponseSerializer},
        summary="List leads (admin, manager)",
    )
    def get(self, request):
        if not settings.LEAD_LIST_CACHE_SECONDS:
            filters = validated(LeadFilterSerializer, request.query_params)
            return paginated_response(self, request, selectors.lead_list_rows(**filters), LeadListItemSerializer)
        # Every manager and admin sees the same list: kept per query until a lead, project or
        # visit source is saved (apps/core/content_cache.py). The caller was authenticated above.
        # Only a valid query is ever kept, so a kept answer needs no validation.
        key = self._list_key(request)
        body, version = content_get(key, LEAD_LIST, request=request)
        if body is None:
            filters = validated(LeadFilterSerializer, request.query_params)
            response = paginated_response(self, request, selectors.lead_list_rows(**filters), LeadListItemSerializer)
            content_set(key, render_now(self, request, response), version, timeout=settings.LEAD_LIST_CACHE_SECONDS)
            return response
        return bytes_response(body)

    @extend_schema(
        tags=["leads"],
        request=LeadCreateSerializer,
        responses={201: LEAD_CREATED, 200: LEAD_LINKED},
        summary="Create a lead (any authenticated caller)",
        description="`name` and at least one of `email` or `phone`; `source` defaults to `api`. An email or "
        "phone that already has an open lead is linked to it (200) instead of making a second lead (201).",
    )
    def post(self, request):
        data = validated(LeadCreateSerializer, request.data)
        data["source"] = data.get("source") or LeadSource.API
        lead, created = services.lead_submit(**data, author=request.user)
        return _submission_response(request, lead, created, data)


class LeadDetailApi(APIView):
    def get_permissions(self):
        return [IsAdmin()] if self.request.method == "DELETE" else [IsStaffRole()]

    @extend_schema(tags=["leads"], responses={200: LeadSerializer}, summary="Get a lead (admin, manager)")
    def get(self, request, lead_id: int):
        return Response(LeadSerializer(_lead_or_404(lead_id)).data)

    @extend_schema(
        tags=["leads"],
        request=LeadUpdateSerializer,
        responses={200: LeadSerializer},
        summary="Update a lead (admin, manager); PUT is partial like PATCH",
    )
    def put(self, request, lead_id: int):
        lead = _lead_or_404(lead_id)
        data = validated(LeadUpdateSerializer, request.data)
        lead = services.lead_update(lead=lead, data=data, actor=request.user)
        return Response(LeadSerializer(lead).data)

    @extend_schema(
        tags=["leads"], request=LeadUpdateSerializer, responses={200: LeadSerializer}, summary="Update a lead"
    )
    def patch(self, request, lead_id: int):
        return self.put(request, lead_id)

    @extend_schema(
        tags=["leads"], responses={204: OpenApiResponse(description="Deleted")}, summary="Delete a lead (admin)"
    )
    def delete(self, request, lead_id: int):
        services.lead_delete(lead=_lead_or_404(lead_id))
        return Response(status=204)


@extend_schema_view(get=extend_schema(operation_id="unversioned_leads_list"))
class UnversionedLeadListCreateApi(LeadListCreateApi):
    """`/api/leads` (v2.1.0 §6): the staff list of /api/v1/leads, and a public way in for the
    site's inquiries (source `website`), rate-limited per IP."""

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsStaffRole()]

    @extend_schema(
        tags=["leads"],
        request=LeadPublicCreateSerializer,
        responses={201: LEAD_CREATED, 200: LEAD_LINKED},
        operation_id="unversioned_leads_create",
        summary="Send an inquiry as a lead (anyone; source `website`)",
        description="The validation of POST /api/v1/leads; the source is always `website`. Rate-limited per IP.",
    )
    def post(self, request):
        data = validated(LeadPublicCreateSerializer, request.data)
        data["source"] = LeadSource.WEBSITE
        lead, created = services.lead_submit(**data, language=request.LANGUAGE_CODE, author=request.user)
        return _submission_response(request, lead, created, data)


# --- Contact messages --------------------------------------------------------------------------


def _honeypot_filled(data) -> bool:
    return isinstance(data, Mapping) and bool(str(data.get("website") or "").strip())


class ContactMessageListCreateApi(APIView):
    pagination_key = "messages"
    pagination_envelope = True
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAdmin()]

    @extend_schema(
        tags=["contact"],
        parameters=[ContactMessageFilterSerializer],
        responses={200: ContactMessageListEnvelopeSerializer},
        summary="List contact messages (admin)",
    )
    def get(self, request):
        filters = validated(ContactMessageFilterSerializer, request.query_params)
        messages = selectors.contact_message_list(
            status=filters.get("status"), date_from=filters.get("date_from"), date_to=filters.get("date_to")
        )
        return paginated_response(self, request, messages, ContactMessageSerializer)

    @extend_schema(
        tags=["contact"],
        request=ContactMessageCreateSerializer,
        responses={201: ContactMessageReceiptEnvelopeSerializer},
        summary="Send a message (anyone)",
        description="Stored with status `new` (reported as `received`) and added to the sender's lead "
        "(source `contact_form`). `name`, `message` and an email or phone are required. Rate-limited per IP.",
    )
    def post(self, request):
        message = _("Message sent successfully")
        if _honeypot_filled(request.data):
            # A bot: it gets the answer a person would, and nothing is stored.
            logger.info("Contact message honeypot filled; dropped (ip %s)", client_ip(request))
            receipt = {"id": secrets.randbelow(900_000) + 100_000, "status": RECEIVED, "created_at": timezone.now()}
            return envelope(ContactMessageReceiptSerializer(receipt).data, message=message, status=201)
        data = validated(ContactMessageCreateSerializer, request.data)
        data.pop("website", None)
        contact = services.contact_message_create(
            **data,
            language=request.LANGUAGE_CODE,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        if not is_staff_role(request.user):
            inquiry_note(request, contact.lead)
        receipt = {"id": contact.pk, "status": RECEIVED, "created_at": contact.created_at}
        return envelope(ContactMessageReceiptSerializer(receipt).data, message=message, status=201)


class ContactMessageDetailApi(APIView):
    permission_classes = [IsAdmin]

    def _message(self, message_id: int):
        contact = selectors.contact_message_get(message_id=message_id)
        if contact is None:
            raise NotFound(_("Message not found"))
        return contact

    @extend_schema(
        tags=["contact"],
        responses={200: ContactMessageEnvelopeSerializer},
        summary="Get a contact message (admin)",
        description="Reading it here does not change its status (the admin marks it read when opened).",
    )
    def get(self, request, message_id: int):
        return envelope(ContactMessageSerializer(self._message(message_id)).data)

    @extend_schema(
        tags=["contact"],
        request=ContactMessageStatusSerializer,
        responses={200: ContactMessageEnvelopeSerializer},
        summary="Change a contact message's status (admin)",
    )
    def patch(self, request, message_id: int):
        contact = self._message(message_id)
        data = validated(ContactMessageStatusSerializer, request.data)
        contact = services.contact_message_set_status(contact=contact, status=data["status"], actor=request.user)
        return envelope(ContactMessageSerializer(contact).data)
