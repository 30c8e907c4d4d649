"""Files go through Django's storage API: with django-storages' S3 backend configured (as
production.py does when AWS_STORAGE_BUCKET_NAME is set) the API answers the storage's URLs."""

from apps.files import services
from apps.files.models import UploadedFile

from .factories import UploadedFileFactory

S3 = {
    "BACKEND": "storages.backends.s3.S3Storage",
    "OPTIONS": {
        "bucket_name": "baimuras-media",
        "region_name": "eu-central-1",
        "access_key": "test-access-key",
        "secret_key": "test-secret-key",
        "default_acl": "private",
        "file_overwrite": False,
    },
}


def test_urls_come_from_the_configured_storage(settings, as_role):
    file = UploadedFileFactory(category="document", name="Смета.jpg")
    settings.STORAGES = {**settings.STORAGES, "default": S3}

    response = as_role("admin").get(f"/api/v1/files/{file.pk}")

    url = response.json()["data"]["url"]
    assert url.startswith("https://baimuras-media.s3.")
    assert f"/{file.file.name}?" in url
    assert "X-Amz-Signature=" in url  # a private bucket: presigned, expiring links


def test_thumbnail_urls_come_from_the_storage_too(settings, db):
    file = UploadedFileFactory(size=(1600, 1000))
    services.file_thumbnails_make(file_id=file.pk)
    settings.STORAGES = {**settings.STORAGES, "default": S3}

    srcset = UploadedFile.objects.get(pk=file.pk).thumbnail_srcset()

    assert [width for _url, width in srcset] == [400, 800, 1200]
    assert all(url.startswith("https://baimuras-media.s3.") for url, _width in srcset)
