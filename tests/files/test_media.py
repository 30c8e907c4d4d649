"""/media/ with local storage (contract §9): the application serves the files itself, whatever
DEBUG is — portfolio images and avatars to anyone, documents to their uploader and staff only."""

from pathlib import Path

import pytest

from apps.accounts.models import Role
from apps.files.views import clean_media_path
from tests.accounts.factories import UserFactory
from tests.conftest import api_key_client, bearer_client

from .factories import UploadedFileFactory
from .samples import docx_bytes, pdf_bytes


def media_url(file) -> str:
    return f"/media/{file.file.name}"


def body_of(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.USER)


@pytest.fixture
def document(owner):
    return UploadedFileFactory(owner=owner, category="document", content=pdf_bytes(), name="Смета.pdf")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("category", ["portfolio", "avatar"])
def test_public_images_are_served_to_anyone_inline(client, db, settings, category, debug):
    settings.DEBUG = debug
    file = UploadedFileFactory(category=category)

    response = client.get(media_url(file))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert not response.get("Content-Disposition", "inline").startswith("attachment")
    assert response["Cache-Control"].startswith("public")
    assert body_of(response) == (Path(settings.MEDIA_ROOT) / file.file.name).read_bytes()


def test_the_url_in_the_api_is_the_one_served(as_role, client, db):
    file = UploadedFileFactory(category="portfolio")
    url = as_role("admin").get(f"/api/v1/files/{file.pk}").json()["data"]["url"]

    assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_a_document_is_404_for_anonymous_and_other_users(client, document):
    assert client.get(media_url(document)).status_code == 404
    client.force_login(UserFactory(role=Role.USER))
    assert client.get(media_url(document)).status_code == 404


def test_the_uploader_downloads_a_document_with_its_name(client, owner, document):
    client.force_login(owner)

    response = client.get(media_url(document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%D0%A1%D0%BC%D0%B5%D1%82%D0%B0.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert body_of(response) == pdf_bytes()


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_staff_download_any_document(client, document, role):
    client.force_login(UserFactory(role=role))
    assert client.get(media_url(document)).status_code == 200


def test_api_clients_download_with_their_token_or_key(api_client, owner, document):
    assert bearer_client(owner).get(media_url(document)).status_code == 200
    assert api_key_client(owner).get(media_url(document)).status_code == 200
    stranger = UserFactory(role=Role.USER)
    assert bearer_client(stranger).get(media_url(document)).status_code == 404
    assert api_client.get(media_url(document), HTTP_AUTHORIZATION="Bearer forged").status_code == 404


def test_office_documents_are_downloads_with_their_type(client, owner):
    file = UploadedFileFactory(owner=owner, category="document", content=docx_bytes(), name="brief.docx")
    client.force_login(owner)

    response = client.get(media_url(file))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_image_uploaded_as_a_document_is_private_too(client, db):
    file = UploadedFileFactory(category="document")
    assert client.get(media_url(file)).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/../db.sqlite3",
        "/media/files/../../secret.txt",
        "/media/files/%2e%2e/%2e%2e/secret.txt",
        "/media/..%2fsecret.txt",
        "/media//etc/passwd",
        "/media/files/portfolio/2025/06/missing.jpg",
        "/media/files/",
        "/media/",
    ],
)
def test_paths_that_leave_the_media_root_or_name_nothing_are_404(client, db, settings, tmp_path, path):
    (tmp_path / "secret.txt").write_text("not for you")
    Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)

    response = client.get(path)

    assert response.status_code == 404
    assert b"not for you" not in response.content


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("files/portfolio/2025/06/a.jpg", "files/portfolio/2025/06/a.jpg"),
        ("files/../etc/passwd", None),
        ("files/./document/a.pdf", None),
        ("files//document/a.pdf", None),
        ("files\\document\\a.pdf", None),
        ("/etc/passwd", None),
        ("files/a.jpg\x00.png", None),
        ("", None),
    ],
)
def test_clean_media_path(path, expected):
    assert clean_media_path(path) == expected


def test_a_document_cannot_be_reached_under_another_spelling(client, document):
    upper = "/media/" + document.file.name.replace("files/", "FILES/", 1)
    assert client.get(upper).status_code == 404


def test_other_media_is_served_and_only_images_inline(client, settings, db):
    root = Path(settings.MEDIA_ROOT)
    (root / "avatars").mkdir(parents=True)
    (root / "avatars" / "old.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "notes.html").write_text("<script>alert(1)</script>")

    image = client.get("/media/avatars/old.png")
    page = client.get("/media/notes.html")

    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert page.status_code == 200
    assert page["Content-Type"] == "application/octet-stream"
    assert page["Content-Disposition"].startswith("attachment;")


def test_unknown_thumbnails_and_non_webp_names_are_404(client, db):
    assert client.get("/media/thumbs/portfolio/2025/06/x-w400.webp").status_code == 404
    assert client.get("/media/thumbs/document/2025/06/x-w400.webp").status_code == 404


def test_head_is_allowed_and_post_is_not(client, db):
    file = UploadedFileFactory(category="portfolio")
    assert client.head(media_url(file)).status_code == 200
    assert client.post(media_url(file)).status_code == 405


def test_a_public_file_answers_304_when_unchanged(client, db):
    file = UploadedFileFactory(category="portfolio")
    first = client.get(media_url(file))

    again = client.get(media_url(file), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304
