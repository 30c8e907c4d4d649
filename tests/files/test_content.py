"""What a file is, from its bytes; and the client's file name, made harmless for display."""

import io

import pytest

from apps.files import content
from apps.files.content import clean_original_filename, sniff

from .samples import ELF_EXECUTABLE, HTML_PAGE, docx_bytes, image_bytes, pdf_bytes, xlsx_bytes, zip_bytes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (image_bytes("JPEG"), content.JPEG),
        (image_bytes("PNG"), content.PNG),
        (image_bytes("WEBP"), content.WEBP),
        (pdf_bytes(), content.PDF),
        (docx_bytes(), content.DOCX),
        (xlsx_bytes(), content.XLSX),
        (zip_bytes({"a.txt": b"hello"}), None),
        (b"PK\x03\x04 not really a zip", None),
        (ELF_EXECUTABLE, None),
        (HTML_PAGE, None),
        (b"", None),
    ],
)
def test_sniff(data, expected):
    stream = io.BytesIO(data)
    assert sniff(stream) == expected
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Кухня.jpg", "Кухня.jpg"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Айгерим\\Desktop\\фото.png", "фото.png"),
        (".htaccess", "htaccess"),
        ("..", "file"),
        ("", "file"),
        (None, "file"),
        ("evil\u202egpj.exe", "evilgpj.exe"),  # no right-to-left override to disguise the extension
        ("a\x00b.jpg", "ab.jpg"),
        ("line\nbreak.jpg", "linebreak.jpg"),
        ("x" * 300 + ".jpeg", "x" * 250 + ".jpeg"),
    ],
)
def test_clean_original_filename(name, expected):
    assert clean_original_filename(name) == expected
