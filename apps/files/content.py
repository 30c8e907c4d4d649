"""What an uploaded file really is, read from its bytes — never from its name or the client's
Content-Type — and the clean copy of an image we store instead of the bytes we were sent.

Images are decoded in full with Pillow and re-encoded: what is stored is a plain image with no
EXIF (location, camera serial), no XMP, no text chunks and nothing appended after the image
data. Office documents are recognised by the parts their zip archive declares; nothing in
them is unpacked beyond the small `[Content_Types].xml`."""

import io
import os
import struct
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError


@dataclass(frozen=True)
class FileType:
    mime_type: str
    extension: str
    pillow_format: str = ""  # set for images

    @property
    def is_image(self) -> bool:
        return bool(self.pillow_format)


JPEG = FileType("image/jpeg", "jpg", "JPEG")
PNG = FileType("image/png", "png", "PNG")
WEBP = FileType("image/webp", "webp", "WEBP")
PDF = FileType("application/pdf", "pdf")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")

IMAGE_TYPES = (JPEG, PNG, WEBP)
DOCUMENT_TYPES = (PDF, DOCX, XLSX)

# A decoded image this large would take hundreds of megabytes of memory: refuse it.
MAX_IMAGE_PIXELS = 50_000_000
# `[Content_Types].xml` of a real document is a few kilobytes.
MAX_CONTENT_TYPES_XML = 256 * 1024
MAX_ZIP_ENTRIES = 10_000
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


class ImageRejected(ValueError):
    """The bytes claim to be an image but are not one we can decode and store."""


def _head(fileobj, size: int = 16) -> bytes:
    fileobj.seek(0)
    head = fileobj.read(size)
    fileobj.seek(0)
    return head or b""


def sniff(fileobj) -> FileType | None:
    """The type of the file by its magic bytes (and, for a zip, by its declared parts); None for
    anything the platform does not accept (executables, HTML, SVG, GIF, archives, ...)."""
    head = _head(fileobj)
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _office_type(fileobj)
    return None


def _office_type(fileobj) -> FileType | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/vbaProject.bin" in names or "xl/vbaProject.bin" in names:
                return None
            with archive.open("[Content_Types].xml") as part:
                declared = part.read(MAX_CONTENT_TYPES_XML + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, RuntimeError, ValueError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    if len(declared) > MAX_CONTENT_TYPES_XML:
        return None
    if "word/document.xml" in names and DOCX_MAIN in declared:
        return DOCX
    if "xl/workbook.xml" in names and XLSX_MAIN in declared:
        return XLSX
    return None


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    width: int
    height: int


class ImageTooLarge(ImageRejected):
    """More pixels than the caller's budget: refused from the header, before anything is decoded."""

    def __init__(self, width: int, height: int, max_pixels: int):
        self.width, self.height, self.max_pixels = width, height, max_pixels
        super().__init__(f"{width}x{height} is more than {max_pixels} pixels")


def clean_image(fileobj, file_type: FileType, *, max_pixels: int = MAX_IMAGE_PIXELS) -> CleanImage:
    """Decode every pixel, apply the EXIF orientation, and re-encode in the same format with only
    the colour profile and transparency kept. Raises ImageRejected (ImageTooLarge past
    `max_pixels`).

    Memory: Pillow opens lazily, so the size is read from the header and checked before any pixel
    is decoded; the decoded image is then encoded in place (no copy), so the peak is about one
    decoded image (`max_pixels` x 3-4 bytes) plus the encoder's buffers."""
    formats = [file_type.pillow_format]
    head = _head(fileobj)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=formats) as probe:
                if probe.width * probe.height > min(max_pixels, MAX_IMAGE_PIXELS):
                    raise ImageTooLarge(probe.width, probe.height, min(max_pixels, MAX_IMAGE_PIXELS))
                probe.verify()
            fileobj.seek(0)
            with Image.open(fileobj, formats=formats) as decoded:
                decoded.load()  # a truncated or corrupt image fails here, not later on the site
                image = ImageOps.exif_transpose(decoded)
                return CleanImage(content=_encode(image, file_type, head), width=image.width, height=image.height)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(str(exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, TypeError, IndexError, struct.error) as exc:
        raise ImageRejected(str(exc)) from exc
    finally:
        fileobj.seek(0)


def _encode(image, file_type: FileType, head: bytes) -> bytes:
    keep = {key: image.info[key] for key in ("icc_profile", "transparency") if key in image.info}
    image.info = keep  # drops exif, xmp, comments and text chunks
    options: dict = {}
    if "icc_profile" in keep:
        options["icc_profile"] = keep["icc_profile"]
    if file_type is JPEG:
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=90, optimize=True, progressive=True)
    elif file_type is PNG:
        options.update(optimize=True)
    else:
        # A lossless WebP (VP8L) stays lossless; a lossy one is re-encoded at high quality.
        options.update({"lossless": True} if head[12:16] == b"VP8L" else {"quality": 90, "method": 4})
    out = io.BytesIO()
    try:
        image.save(out, file_type.pillow_format, **options)
    except (OSError, ValueError) as exc:
        raise ImageRejected(str(exc)) from exc
    return out.getvalue()


def clean_original_filename(name: str | None, *, max_length: int = 255) -> str:
    """The client's file name, for display only: no directories, no control or direction-changing
    characters, no leading dots, at most `max_length` characters (the extension kept)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".").strip()
    if len(name) > max_length:
        stem, ext = os.path.splitext(name)
        ext = ext[:16]
        name = stem[: max_length - len(ext)] + ext
    return name or "file"
