"""Consultations (contract §5) and their unversioned aliases. Thin: parse, call a service or
selector, render."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.authentication import CSRFCheck
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsStaffRole, is_staff_role
from apps.core.api import paginated_response, validated
from apps.core.exceptions import NotFound
from apps.core.inquiries import inquiry_note
from apps.core.ratelimit import CreateRateThrottle, RoleRateThrottle
from apps.core.responses import envelope

from .. import selectors, services
from .serializers import (
    ConsultationEnvelopeSerializer,
    ConsultationFilterSerializer,
    ConsultationListResponseSerializer,
    ConsultationRequestSerializer,
    ConsultationSerializer,
    ConsultationUpdateSerializer,
    consultation_receipt,
)

REQUEST_DESCRIPTION = (
    "Anyone may ask for a consultation (no login needed). `consultation_type` defaults to `office_visit`. "
    "The request also finds or creates the client's lead (source `consultation_form`). Rate-limited per IP. "
    "Callers who are not staff get `lead_id` and `assigned_to` as null: the answer is the same whether or not "
    "the company already knew the email or phone."
)


class ConsultationListCreateApi(APIView):
    pagination_key = "consultations"
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsStaffRole()]

    @extend_schema(
        tags=["consultations"],
        parameters=[ConsultationFilterSerializer],
        responses={200: ConsultationListResponseSerializer},
        summary="List consultations (admin, manager)",
    )
    def get(self, request):
        filters = validated(ConsultationFilterSerializer, request.query_params)
        return paginated_response(self, request, selectors.consultation_list(**filters), ConsultationSerializer)

    @extend_schema(
        tags=["consultations"],
        request=ConsultationRequestSerializer,
        responses={201: ConsultationEnvelopeSerializer},
        summary="Request a consultation (anyone)",
        description=REQUEST_DESCRIPTION,
    )
    def post(self, request):
        data = validated(ConsultationRequestSerializer, request.data)
        consultation = services.consultation_request(**data, language=request.LANGUAGE_CODE)
        if is_staff_role(request.user):
            return envelope(ConsultationSerializer(consultation).data, status=201)
        inquiry_note(request, consultation.lead)  # a visitor's or a client's request: its visit's source is kept
        return envelope(consultation_receipt(consultation), status=201)


class ConsultationDetailApi(APIView):
    permission_classes = [IsStaffRole]

    def _consultation(self, consultation_id: int):
        consultation = selectors.consultation_get(consultation_id=consultation_id)
        if consultation is None:
            raise NotFound(_("Consultation not found"))
        return consultation

    @extend_schema(tags=["consultations"], responses={200: ConsultationSerializer}, summary="Get a consultation")
    def get(self, request, consultation_id: int):
        return Response(ConsultationSerializer(self._consultation(consultation_id)).data)

    @extend_schema(
        tags=["consultations"],
        request=ConsultationUpdateSerializer,
        responses={200: ConsultationSerializer},
        summary="Update or schedule a consultation (admin, manager); PUT is partial like PATCH",
    )
    def put(self, request, consultation_id: int):
        consultation = self._consultation(consultation_id)
        data = validated(ConsultationUpdateSerializer, request.data)
        consultation = services.consultation_update(consultation=consultation, data=data, actor=request.user)
        return Response(ConsultationSerializer(consultation).data)

    @extend_schema(
        tags=["consultations"],
        request=ConsultationUpdateSerializer,
        responses={200: ConsultationSerializer},
        summary="Update or schedule a consultation",
    )
    def patch(self, request, consultation_id: int):
        return self.put(request, consultation_id)


def _enforce_csrf_unless_json(request) -> None:
    """A JSON body needs no CSRF token (a cross-site page cannot send one without a CORS preflight);
    a form body must carry Django's token, as every HTML form of the site does (contract §12)."""
    if request.content_type.split(";")[0].strip().lower() == "application/json":
        return
    check = CSRFCheck(lambda _request: None)
    check.process_request(request._request)
    reason = check.process_view(request._request, None, (), {})
    if reason:
        raise exceptions.PermissionDenied(_("CSRF check failed: %(reason)s") % {"reason": reason})


class ConsultationRequestApi(ConsultationListCreateApi):
    """`POST /api/consultation` (v2.1.0 §1): the site's consultation form, as JSON or as a form."""

    http_method_names = ["post", "options"]
    # The request needs nobody's identity. Without authenticators a site session does not make DRF
    # demand a CSRF token for JSON (contract §12: JSON needs none); form bodies are checked below.
    authentication_classes: list = []
    extra_error_codes = (403,)  # a form body without the CSRF token

    def get_permissions(self):
        return [AllowAny()]  # POST is all there is: any other method is a 405, for anyone

    @extend_schema(
        tags=["consultations"],
        request=ConsultationRequestSerializer,
        responses={201: ConsultationEnvelopeSerializer},
        operation_id="consultation_request_create",
        summary="Request a consultation (anyone; v2.1.0 path)",
        description=REQUEST_DESCRIPTION + " A form body (not JSON) needs Django's CSRF token.",
    )
    def post(self, request):
        _enforce_csrf_unless_json(request)
        return super().post(request)


@extend_schema_view(
    get=extend_schema(operation_id="unversioned_consultations_list"),
    post=extend_schema(operation_id="unversioned_consultations_create"),
)
class UnversionedConsultationListCreateApi(ConsultationListCreateApi):
    """`/api/consultations` (v2.1.0 §6)."""


@extend_schema_view(
    get=extend_schema(operation_id="unversioned_consultations_retrieve"),
    put=extend_schema(operation_id="unversioned_consultations_update"),
)
class UnversionedConsultationDetailApi(ConsultationDetailApi):
    """`/api/consultations/{id}` (v2.1.0 §6): GET and PUT."""

    http_method_names = ["get", "put", "head", "options"]
