"""POST /api/v1/files/upload (contract §9): the type comes from the bytes, images are decoded
and re-encoded without their metadata, names are generated, and the size limit is a 413."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.files.models import UploadedFile
from tests.conftest import assert_error

from .samples import (
    ELF_EXECUTABLE,
    GPS_IFD,
    HTML_PAGE,
    SVG_IMAGE,
    WINDOWS_EXECUTABLE,
    docx_bytes,
    exif_with_location,
    image_bytes,
    pdf_bytes,
    xlsx_bytes,
    zip_bytes,
)

URL = "/api/v1/files/upload"
GENERATED = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp|pdf|docx|xlsx)$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, content: bytes, *, name: str = "photo.jpg", category: str = "portfolio", content_type=None):
    file = SimpleUploadedFile(name, content, content_type=content_type or "application/octet-stream")
    return client.post(URL, {"file": file, "category": category}, format="multipart")


def stored_path(settings, body: dict) -> Path:
    relative = body["data"]["url"].removeprefix("http://testserver/media/")
    return Path(settings.MEDIA_ROOT) / relative


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def manager_client(as_role):
    return as_role("manager")


def test_upload_jpeg_answers_the_v2_envelope(manager_client, settings):
    response = upload(manager_client, image_bytes("JPEG", (800, 600)), name="Кухня в Алматы.jpg")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["success"] is True and body["timestamp"].endswith("Z")
    data = body["data"]
    assert set(data) == {"id", "filename", "original_filename", "url", "size", "mime_type", "category", "uploaded_at"}
    assert GENERATED.match(data["filename"]) and data["filename"].endswith(".jpg")
    assert data["original_filename"] == "Кухня в Алматы.jpg"
    assert data["mime_type"] == "image/jpeg"
    assert data["category"] == "portfolio"
    assert data["uploaded_at"].endswith("Z")
    assert re.match(r"^http://testserver/media/files/portfolio/\d{4}/\d{2}/[0-9a-f]{32}\.jpg$", data["url"])
    path = stored_path(settings, body)
    assert path.is_file() and path.stat().st_size == data["size"]
    record = UploadedFile.objects.get(pk=data["id"])
    assert record.owner == manager_client.user
    assert (record.width, record.height) == (800, 600)


def test_png_sent_as_image_jpeg_is_stored_as_png(manager_client, settings):
    response = upload(manager_client, image_bytes("PNG"), name="room.jpg", content_type="image/jpeg")

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert data["mime_type"] == "image/png"
    assert data["filename"].endswith(".png")
    assert data["original_filename"] == "room.jpg"  # shown as sent, never used to store or serve
    with Image.open(stored_path(settings, response.json())) as stored:
        assert stored.format == "PNG"


def test_webp_is_accepted_for_portfolio(manager_client):
    response = upload(manager_client, image_bytes("WEBP", quality=80), name="wardrobe.webp")

    assert response.status_code == 201, response.content
    assert response.json()["data"]["mime_type"] == "image/webp"


@pytest.mark.parametrize("content", [ELF_EXECUTABLE, WINDOWS_EXECUTABLE], ids=["elf", "exe"])
def test_executable_named_jpg_is_refused(manager_client, settings, content):
    response = upload(manager_client, content, name="holiday.jpg", content_type="image/jpeg")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "file" in body["error"]["details"]
    assert UploadedFile.objects.count() == 0
    assert media_files(settings) == []


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (HTML_PAGE, "page.png"),
        (SVG_IMAGE, "logo.svg"),
        (b"GIF89a" + b"\x00" * 50, "anim.gif"),
        (b"plain text", "a.txt"),
    ],
    ids=["html", "svg", "gif", "text"],
)
def test_types_no_category_takes_are_refused(manager_client, content, name):
    for category in ("portfolio", "avatar", "document"):
        body = assert_error(upload(manager_client, content, name=name, category=category), 422, "VALIDATION_ERROR")
        assert "file" in body["error"]["details"]


def test_a_jpeg_that_does_not_decode_is_refused(manager_client):
    whole = image_bytes("JPEG", (800, 600))
    truncated = whole[: len(whole) // 2]

    body = assert_error(upload(manager_client, truncated), 422, "VALIDATION_ERROR")

    assert "file" in body["error"]["details"]
    assert UploadedFile.objects.count() == 0


def test_magic_bytes_alone_are_not_an_image(manager_client):
    fake = b"\xff\xd8\xff\xe0" + b"<?php system($_GET['c']); ?>" * 20
    assert_error(upload(manager_client, fake), 422, "VALIDATION_ERROR")


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_decoding(manager_client):
    body = assert_error(
        upload(manager_client, _png_header_only(30000, 30000), name="bomb.png"), 422, "VALIDATION_ERROR"
    )
    assert "file" in body["error"]["details"]


def test_bytes_appended_to_an_image_are_not_stored(manager_client, settings):
    payload = b"<script>alert(1)</script><?php echo 'owned'; ?>"
    response = upload(manager_client, image_bytes("JPEG") + payload)

    assert response.status_code == 201, response.content
    assert payload not in stored_path(settings, response.json()).read_bytes()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_location_and_camera_metadata_are_removed(manager_client, settings, fmt):
    original = image_bytes(fmt, exif=exif_with_location())
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(GPS_IFD), "the sample must carry a location"

    response = upload(manager_client, original, name=f"photo.{fmt.lower()}")

    assert response.status_code == 201, response.content
    stored_bytes = stored_path(settings, response.json()).read_bytes()
    with Image.open(io.BytesIO(stored_bytes)) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(GPS_IFD)
        assert GPS_IFD not in exif and 0x010F not in exif
        assert "exif" not in stored.info and "xmp" not in stored.info
    assert b"PhoneMaker" not in stored_bytes


def test_exif_orientation_is_applied_before_it_is_dropped(manager_client):
    # Orientation 6: the camera was turned; the pixels are 640x480 but the photo is portrait.
    response = upload(manager_client, image_bytes("JPEG", (640, 480), exif=exif_with_location(orientation=6)))

    assert response.status_code == 201, response.content
    record = UploadedFile.objects.get(pk=response.json()["data"]["id"])
    assert (record.width, record.height) == (480, 640)


def test_transparency_of_a_png_is_kept(manager_client, settings):
    response = upload(manager_client, image_bytes("PNG", alpha=True), name="logo.png", category="avatar")

    assert response.status_code == 201, response.content
    with Image.open(stored_path(settings, response.json())) as stored:
        assert stored.mode == "RGBA"


@pytest.mark.parametrize(
    ("category", "content", "mime_type"),
    [
        ("document", pdf_bytes(), "application/pdf"),
        ("document", docx_bytes(), DOCX),
        ("document", xlsx_bytes(), XLSX),
        ("document", image_bytes("JPEG"), "image/jpeg"),
        ("document", image_bytes("PNG"), "image/png"),
        ("document", image_bytes("WEBP"), "image/webp"),
        ("avatar", image_bytes("JPEG"), "image/jpeg"),
        ("avatar", image_bytes("WEBP"), "image/webp"),
        ("portfolio", image_bytes("PNG"), "image/png"),
    ],
)
def test_types_each_category_takes(as_role, category, content, mime_type):
    response = upload(as_role("user"), content, name="file.bin", category=category)

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert data["mime_type"] == mime_type
    assert data["category"] == category


@pytest.mark.parametrize(
    ("category", "content"),
    [
        ("portfolio", pdf_bytes()),
        ("portfolio", docx_bytes()),
        ("avatar", xlsx_bytes()),
        ("avatar", pdf_bytes()),
        ("document", zip_bytes({"setup.exe": WINDOWS_EXECUTABLE})),
        ("document", zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})),
    ],
    ids=["pdf-portfolio", "docx-portfolio", "xlsx-avatar", "pdf-avatar", "zip", "fake-docx"],
)
def test_types_a_category_does_not_take_are_422(as_role, category, content):
    response = upload(as_role("user"), content, name="report.docx", category=category)

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "file" in body["error"]["details"]


def test_macro_enabled_document_is_refused(as_role):
    parts = {
        "[Content_Types].xml": (
            b'<Types><Override PartName="/word/document.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "word/document.xml": b"<w:document/>",
        "word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro",
    }
    assert_error(
        upload(as_role("user"), zip_bytes(parts), name="invoice.docx", category="document"), 422, "VALIDATION_ERROR"
    )


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd.jpg", "..\\..\\windows\\system32\\evil.jpg", "/etc/cron.d/x.jpg", "....//....//x.jpg"],
)
def test_a_path_in_the_file_name_goes_nowhere(manager_client, settings, tmp_path, name):
    response = upload(manager_client, image_bytes("JPEG"), name=name)

    assert response.status_code == 201, response.content
    data = response.json()["data"]
    assert "/" not in data["original_filename"] and "\\" not in data["original_filename"]
    assert ".." not in data["original_filename"]
    assert GENERATED.match(data["filename"])
    media_root = Path(settings.MEDIA_ROOT).resolve()
    files = media_files(settings)
    assert len(files) == 1 and files[0].resolve().is_relative_to(media_root / "files" / "portfolio")
    assert not (tmp_path / "etc").exists()


def test_an_upload_over_the_limit_is_413(manager_client, settings):
    settings.FILE_UPLOAD_MAX_SIZE = 4096
    content = pdf_bytes() + b"%" + b"0" * 5000

    body = assert_error(upload(manager_client, content, name="big.pdf", category="document"), 413, "PAYLOAD_TOO_LARGE")

    assert "4" in body["error"]["message"]
    assert UploadedFile.objects.count() == 0
    assert media_files(settings) == []


def test_the_default_limit_is_16_mb(manager_client, settings):
    assert settings.FILE_UPLOAD_MAX_SIZE == 16 * 1024 * 1024
    over = pdf_bytes() + b"0" * (16 * 1024 * 1024)

    assert_error(upload(manager_client, over, name="scan.pdf", category="document"), 413, "PAYLOAD_TOO_LARGE")


def test_a_body_larger_than_any_upload_is_413_before_it_is_read(manager_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    assert_error(upload(manager_client, pdf_bytes() + b"0" * 4096, category="document"), 413, "PAYLOAD_TOO_LARGE")


def test_an_empty_file_is_422(manager_client):
    body = assert_error(upload(manager_client, b"", name="empty.jpg"), 422, "VALIDATION_ERROR")
    assert "file" in body["error"]["details"]


def test_missing_file_and_unknown_category_are_422(manager_client):
    response = manager_client.post(URL, {"category": "photos"}, format="multipart")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"file", "category"}


def test_a_json_body_is_415(manager_client):
    response = manager_client.post(URL, {"file": "aGVsbG8=", "category": "document"}, format="json")
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_anonymous_upload_is_401(api_client):
    assert_error(upload(api_client, image_bytes("JPEG")), 401, "AUTHENTICATION_REQUIRED")


@pytest.mark.parametrize("role", ["user", "manager", "admin", "api_key:user"])
def test_every_logged_in_role_may_upload(as_role, role):
    response = upload(as_role(role), image_bytes("JPEG"), category="document")
    assert response.status_code == 201, response.content


def test_uploads_count_as_creations_for_the_rate_limit(manager_client, settings):
    settings.RATELIMIT_CREATE = "2/h"
    for _ in range(2):
        assert upload(manager_client, image_bytes("JPEG")).status_code == 201
    response = upload(manager_client, image_bytes("JPEG"))
    assert_error(response, 429, "RATE_LIMIT_EXCEEDED")
    assert response["Retry-After"]


def test_errors_speak_kazakh(manager_client):
    response = manager_client.post(
        URL,
        {"file": SimpleUploadedFile("x.jpg", ELF_EXECUTABLE), "category": "portfolio"},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="kz",
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    message = body["error"]["details"]["file"][0]
    assert set("әғқңөұүһі") & set(message.lower()), message
