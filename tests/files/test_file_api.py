"""GET and DELETE /api/v1/files/{id} (contract §9): the uploader and staff; anyone else 404."""

from pathlib import Path

import pytest

from apps.accounts.models import Role
from apps.files.models import UploadedFile
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error, bearer_client
from tests.portfolio.factories import PortfolioImageFactory

from .factories import UploadedFileFactory
from .samples import pdf_bytes


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.USER)


@pytest.fixture
def document(owner):
    return UploadedFileFactory(owner=owner, category="document", content=pdf_bytes(), name="Договор №12.pdf")


def test_the_uploader_gets_the_file_record(owner, document):
    response = bearer_client(owner).get(f"/api/v1/files/{document.pk}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"] == {
        "id": document.pk,
        "filename": document.filename,
        "original_filename": "Договор №12.pdf",
        "url": f"http://testserver/media/{document.file.name}",
        "size": document.size,
        "mime_type": "application/pdf",
        "category": "document",
        "uploaded_at": body["data"]["uploaded_at"],
    }
    assert body["data"]["uploaded_at"].endswith("Z")


@pytest.mark.parametrize(
    ("role", "status"), [("user", 404), ("manager", 200), ("admin", 200), ("api_key:manager", 200)]
)
def test_other_people_see_the_file_only_when_staff(as_role, document, role, status):
    response = as_role(role).get(f"/api/v1/files/{document.pk}/")

    if status == 404:
        assert_error(response, 404, "NOT_FOUND")
    else:
        assert response.status_code == 200, response.content
        assert response.json()["data"]["id"] == document.pk


def test_anonymous_caller_is_401(api_client, document):
    assert_error(api_client.get(f"/api/v1/files/{document.pk}"), 401, "AUTHENTICATION_REQUIRED")
    assert_error(api_client.delete(f"/api/v1/files/{document.pk}"), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize("file_id", ["999999", "99999999999999999999999"])
def test_unknown_file_is_404(as_role, file_id):
    assert_error(as_role("admin").get(f"/api/v1/files/{file_id}"), 404, "NOT_FOUND")


def test_someone_else_cannot_delete_it(as_role, document, settings):
    assert_error(as_role("user").delete(f"/api/v1/files/{document.pk}"), 404, "NOT_FOUND")
    assert UploadedFile.objects.filter(pk=document.pk).exists()
    assert (Path(settings.MEDIA_ROOT) / document.file.name).is_file()


@pytest.mark.parametrize("who", ["owner", "manager", "admin"])
def test_the_uploader_or_staff_delete_it_with_its_bytes(
    who, owner, document, as_role, settings, django_capture_on_commit_callbacks
):
    client = bearer_client(owner) if who == "owner" else as_role(who)
    path = Path(settings.MEDIA_ROOT) / document.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/v1/files/{document.pk}")

    assert response.status_code == 204
    assert response.content == b""
    assert not UploadedFile.objects.filter(pk=document.pk).exists()
    assert not path.exists()


def test_a_file_shown_in_the_portfolio_cannot_be_deleted(as_role):
    image = PortfolioImageFactory()
    response = as_role("admin").delete(f"/api/v1/files/{image.file_id}")

    assert_error(response, 409, "CONFLICT")
    assert UploadedFile.objects.filter(pk=image.file_id).exists()
