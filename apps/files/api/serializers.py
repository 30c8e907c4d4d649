"""Files (contract §9): the file object and the upload form."""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.serializers import BaseModelSerializer, BaseSerializer, envelope_serializer

from ..models import FileCategory, UploadedFile


def absolute_url(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None and url.startswith("/") else url


class UploadedFileSerializer(BaseModelSerializer):
    """`filename` is the generated name the file is stored under; `original_filename` the
    client's (cleaned), for display only."""

    filename = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = UploadedFile
        fields = ["id", "filename", "original_filename", "url", "size", "mime_type", "category", "uploaded_at"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, file) -> str:
        return absolute_url(self.context.get("request"), file.file.url)


class FileUploadSerializer(BaseSerializer):
    file = serializers.FileField(
        max_length=1000,  # the client's name is cut to 255 characters when stored, not refused
        help_text=(
            "The file. Its type is read from its content: portfolio and avatar take JPEG, PNG or WebP; "
            f"document takes PDF, DOCX, XLSX or an image. At most {settings.FILE_UPLOAD_MAX_SIZE} bytes (413 above)."
        ),
    )
    category = serializers.ChoiceField(choices=FileCategory.choices)


UploadedFileEnvelopeSerializer = envelope_serializer("UploadedFileEnvelope", UploadedFileSerializer())
