"""Portfolio (contract §6), in the v2.0.0 envelope. Thin: parse, call a service or selector,
render. Reading is open to anyone (visitors see published projects only); writing is for
admins and managers."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsStaffRole
from apps.core.api import paginated_response, validated
from apps.core.apicache import share_with_anonymous
from apps.core.content_cache import content_get, content_set, request_key
from apps.core.exceptions import NotFound
from apps.core.ratelimit import CreateRateThrottle, RoleRateThrottle
from apps.core.responses import envelope

from .. import selectors, services
from .serializers import (
    PortfolioFilterSerializer,
    PortfolioProjectCreatedSerializer,
    PortfolioProjectCreateSerializer,
    PortfolioProjectEnvelopeSerializer,
    PortfolioProjectListSerializer,
    PortfolioProjectSerializer,
    PortfolioProjectUpdateSerializer,
)


class _PortfolioApi(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method in SAFE_METHODS else [IsStaffRole()]

    def _render(self, request, project_id: int):
        project = selectors.project_get(project_id=project_id, user=request.user)
        return PortfolioProjectSerializer(project, context={"request": request}).data


class PortfolioProjectListCreateApi(_PortfolioApi):
    pagination_key = "projects"
    pagination_envelope = True
    default_per_page = 10
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    @extend_schema(
        tags=["portfolio"],
        parameters=[PortfolioFilterSerializer],
        responses={200: PortfolioProjectListSerializer},
        summary="List portfolio projects (anyone; visitors see active ones only)",
    )
    def get(self, request):
        if request.user.is_authenticated:  # staff also see drafts: never shared
            filters = validated(PortfolioFilterSerializer, request.query_params)
            projects = selectors.project_list(user=request.user, **filters)
            return paginated_response(self, request, projects, PortfolioProjectSerializer)
        # What anonymous visitors see is the same for all of them until an editor changes something.
        # Only a valid query is ever kept, so a kept answer needs no validation.
        key = request_key("portfolio-api", request)
        body, version = content_get(key, local=True)
        if body is None:
            filters = validated(PortfolioFilterSerializer, request.query_params)
            projects = selectors.project_list(user=request.user, **filters)
            body = paginated_response(self, request, projects, PortfolioProjectSerializer).data["data"]
            content_set(key, body, version, local=True)
        return share_with_anonymous(envelope(body))  # a fresh timestamp

    @extend_schema(
        tags=["portfolio"],
        request=PortfolioProjectCreateSerializer,
        responses={201: PortfolioProjectCreatedSerializer},
        summary="Create a portfolio project (admin, manager)",
    )
    def post(self, request):
        data = validated(PortfolioProjectCreateSerializer, request.data)
        project = services.portfolio_project_create(**data)
        return envelope(self._render(request, project.pk), message=_("Project created successfully"), status=201)


class PortfolioProjectDetailApi(_PortfolioApi):
    def _project(self, request, project_id: int):
        project = selectors.project_get(project_id=project_id, user=request.user)
        if project is None:
            raise NotFound(_("Project not found"))
        return project

    @extend_schema(
        tags=["portfolio"],
        responses={200: PortfolioProjectEnvelopeSerializer},
        summary="Get a portfolio project (a draft or archived one is 404 for visitors)",
    )
    def get(self, request, project_id: int):
        project = self._project(request, project_id)
        response = envelope(PortfolioProjectSerializer(project, context={"request": request}).data)
        # A visitor sees a published project as every visitor does; staff also see drafts.
        return response if request.user.is_authenticated else share_with_anonymous(response)

    @extend_schema(
        tags=["portfolio"],
        request=PortfolioProjectUpdateSerializer,
        responses={200: PortfolioProjectEnvelopeSerializer},
        summary="Update a portfolio project (admin, manager); PUT is partial like PATCH",
    )
    def put(self, request, project_id: int):
        project = self._project(request, project_id)
        data = validated(PortfolioProjectUpdateSerializer, request.data)
        services.portfolio_project_update(project=project, data=data)
        return envelope(self._render(request, project.pk))

    @extend_schema(
        tags=["portfolio"],
        request=PortfolioProjectUpdateSerializer,
        responses={200: PortfolioProjectEnvelopeSerializer},
        summary="Update a portfolio project (admin, manager)",
    )
    def patch(self, request, project_id: int):
        return self.put(request, project_id)

    @extend_schema(
        tags=["portfolio"],
        responses={204: OpenApiResponse(description="Deleted, with the images only it showed")},
        summary="Delete a portfolio project (admin, manager)",
    )
    def delete(self, request, project_id: int):
        services.portfolio_project_delete(project=self._project(request, project_id))
        return Response(status=204)
