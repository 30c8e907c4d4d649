"""Files (contract §9). Thin: parse, call a service or selector, render."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api import validated
from apps.core.exceptions import NotFound
from apps.core.ratelimit import CreateRateThrottle, RoleRateThrottle
from apps.core.responses import envelope
from apps.core.serializers import ErrorSerializer

from .. import selectors, services
from .serializers import FileUploadSerializer, UploadedFileEnvelopeSerializer, UploadedFileSerializer


class FileUploadApi(APIView):
    """Upload a file (multipart): `file` and `category` (portfolio, avatar, document)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]
    throttle_classes = [RoleRateThrottle, CreateRateThrottle]
    extra_error_codes = (413,)

    @extend_schema(
        tags=["files"],
        request={"multipart/form-data": FileUploadSerializer},
        responses={201: UploadedFileEnvelopeSerializer},
        summary="Upload a file (logged in)",
    )
    def post(self, request):
        data = validated(FileUploadSerializer, request.data)
        file = services.file_upload(owner=request.user, upload=data["file"], category=data["category"])
        return envelope(UploadedFileSerializer(file, context={"request": request}).data, status=201)


class FileDetailApi(APIView):
    """One file: its uploader and staff see it; for anyone else it does not exist."""

    permission_classes = [IsAuthenticated]

    def _file(self, request, file_id: int):
        file = selectors.file_get(file_id=file_id, user=request.user)
        if file is None:
            raise NotFound(_("File not found"))
        return file

    @extend_schema(tags=["files"], responses={200: UploadedFileEnvelopeSerializer}, summary="Get a file's record")
    def get(self, request, file_id: int):
        file = self._file(request, file_id)
        return envelope(UploadedFileSerializer(file, context={"request": request}).data)

    @extend_schema(
        tags=["files"],
        responses={
            204: OpenApiResponse(description="Deleted"),
            409: OpenApiResponse(ErrorSerializer, description="CONFLICT: the file is shown in the portfolio"),
        },
        summary="Delete a file (its uploader or staff); a file shown in the portfolio is a 409",
    )
    def delete(self, request, file_id: int):
        services.file_delete(file=self._file(request, file_id))
        return Response(status=204)
