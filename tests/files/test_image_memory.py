"""Images decode within a memory budget: the size is read from the header (Pillow opens lazily) and
checked against the category's cap before any pixel is decoded. The 194 KB PNG of 7071x7071 pixels
from the issue once lifted a worker from 108 MB to 498 MB.

Pillow allocates pixels with its own C allocator, which tracemalloc does not see, so the real peak
is measured as the growth of the process's maximum resident set size in a fresh interpreter."""

import json
import struct
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.files import services

MB = 1024 * 1024
PROBE = """
import json, resource, sys
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from apps.files import services
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    services.file_check(upload=SimpleUploadedFile("x", data), category=sys.argv[2])
    outcome = "accepted"
except ValidationError as exc:
    outcome = "refused: " + " ".join(exc.message_dict.get("file", []))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"outcome": outcome, "peak_growth_kb": after - before}))
"""


def png_of(width: int, height: int) -> bytes:
    """A real, fully decodable RGB PNG of one colour, built row by row (never held as pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x80\x40\x20" * width
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def huge_png(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("images") / "7071.png"
    path.write_bytes(png_of(7071, 7071))
    return path


def peak_growth(path: Path, category: str) -> dict:
    env = {"DJANGO_SETTINGS_MODULE": "baimuras.settings.test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", PROBE, str(path), category],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_issue_png_is_small_on_disk(huge_png):
    assert huge_png.stat().st_size < 400 * 1024


@pytest.mark.parametrize("category", ["avatar", "portfolio", "document"])
def test_a_7071_square_png_is_refused_from_its_header_without_the_memory(huge_png, category):
    measured = peak_growth(huge_png, category)

    assert measured["outcome"].startswith("refused: ") and "7071×7071" in measured["outcome"], measured
    assert measured["peak_growth_kb"] * 1024 < 20 * MB, measured  # it was ~390 MB


def test_refusing_it_allocates_almost_nothing_in_python(huge_png, db):
    upload = SimpleUploadedFile("huge.png", huge_png.read_bytes())
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            services.file_check(upload=upload, category="avatar")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "7071×7071" in refused.value.message_dict["file"][0]
    assert peak < 2 * MB


def test_an_avatar_at_its_cap_decodes_within_budget(tmp_path):
    side = int(settings.FILE_IMAGE_MAX_PIXELS["avatar"] ** 0.5)
    path = tmp_path / "avatar.png"
    path.write_bytes(png_of(side, side))

    measured = peak_growth(path, "avatar")

    assert measured["outcome"] == "accepted", measured
    # One decoded image (at most 4 bytes a pixel) and the encoder's buffers; no second copy.
    budget = side * side * 4 * 1.5
    assert measured["peak_growth_kb"] * 1024 < budget, measured


def test_the_caps_are_smaller_for_an_avatar_than_for_a_portfolio_photo():
    caps = settings.FILE_IMAGE_MAX_PIXELS
    assert caps["avatar"] < caps["portfolio"] < 7071 * 7071
