"""Client projects (contract §5) and their unversioned alias. Thin: parse, call a service or
selector, render."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts.permissions import IsStaffRole
from apps.core.api import paginated_response, validated
from apps.core.exceptions import NotFound
from apps.core.ratelimit import CreateRateThrottle, RoleRateThrottle
from apps.leads.selectors import lead_get

from .. import selectors, services
from .serializers import (
    LeadConvertSerializer,
    ProjectCreateSerializer,
    ProjectFilterSerializer,
    ProjectListResponseSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
)


class ProjectListCreateApi(APIView):
    permission_classes = [IsStaffRole]
    pagination_key = "projects"
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]

    @extend_schema(
        tags=["projects"],
        parameters=[ProjectFilterSerializer],
        responses={200: ProjectListResponseSerializer},
        summary="List client projects (admin, manager)",
    )
    def get(self, request):
        filters = validated(ProjectFilterSerializer, request.query_params)
        return paginated_response(self, request, selectors.project_list(**filters), ProjectSerializer)

    @extend_schema(
        tags=["projects"],
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer},
        summary="Create a client project (admin, manager)",
    )
    def post(self, request):
        data = validated(ProjectCreateSerializer, request.data)
        project = services.project_create(**data)
        return Response(ProjectSerializer(project).data, status=201)


class ProjectDetailApi(APIView):
    permission_classes = [IsStaffRole]

    def _project(self, project_id: int):
        project = selectors.project_get(project_id=project_id)
        if project is None:
            raise NotFound(_("Project not found"))
        return project

    @extend_schema(tags=["projects"], responses={200: ProjectSerializer}, summary="Get a client project")
    def get(self, request, project_id: int):
        return Response(ProjectSerializer(self._project(project_id)).data)

    @extend_schema(
        tags=["projects"],
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer},
        summary="Update a client project (admin, manager); PUT is partial like PATCH",
    )
    def put(self, request, project_id: int):
        project = self._project(project_id)
        data = validated(ProjectUpdateSerializer, request.data)
        project = services.project_update(project=project, data=data, actor=request.user)
        return Response(ProjectSerializer(project).data)

    @extend_schema(
        tags=["projects"],
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer},
        summary="Update a client project",
    )
    def patch(self, request, project_id: int):
        return self.put(request, project_id)


@extend_schema_view(get=extend_schema(operation_id="unversioned_projects_list"))
class UnversionedProjectListApi(ProjectListCreateApi):
    """`GET /api/projects` (v2.1.0 §6): the list of /api/v1/projects."""

    http_method_names = ["get", "head", "options"]


class LeadConvertApi(APIView):
    permission_classes = [IsStaffRole]
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]
    extra_error_codes = (409,)

    @extend_schema(
        tags=["leads"],
        request=LeadConvertSerializer,
        responses={201: ProjectSerializer},
        summary="Convert a lead into a client project (admin, manager)",
        description="The lead becomes `converted` and gets its `project_id`. Converting a lead twice, or a "
        "`lost` lead, is a 409 CONFLICT.",
    )
    def post(self, request, lead_id: int):
        lead = lead_get(lead_id=lead_id)
        if lead is None:
            raise NotFound(_("Lead not found"))
        data = validated(LeadConvertSerializer, request.data)
        project = services.lead_convert(lead=lead, actor=request.user, **data)
        return Response(ProjectSerializer(project).data, status=201)
