import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import Role
from apps.files import services
from apps.files.models import FileCategory, UploadedFile
from tests.accounts.factories import UserFactory

from .samples import image_bytes


class UploadedFileFactory(factory.Factory):
    """An upload stored through the service, as the API stores one (real JPEG bytes)."""

    class Meta:
        model = UploadedFile

    owner = factory.SubFactory(UserFactory, role=Role.MANAGER)
    category = FileCategory.PORTFOLIO
    size = (1600, 1000)
    name = "photo.jpg"
    content = None

    @classmethod
    def _create(cls, model_class, owner, category, size, name, content, **kwargs):
        data = content if content is not None else image_bytes("JPEG", size)
        upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
        return services.file_upload(owner=owner, upload=upload, category=category)

    _build = _create
