"""Real file bytes for the tests: images drawn with Pillow, office documents built as their zip
archives really are, and things pretending to be images."""

import io
import zipfile

from PIL import Image, ImageDraw

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def image_bytes(
    fmt: str = "JPEG", size: tuple[int, int] = (640, 480), *, exif: Image.Exif | None = None, **save
) -> bytes:
    """A small picture (a sky, a floor and a wooden cabinet) in `fmt`."""
    mode = "RGBA" if fmt == "PNG" and save.pop("alpha", False) else "RGB"
    image = Image.new(mode, size, (236, 228, 214))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.rectangle([0, height * 2 // 3, width, height], fill=(176, 132, 88))
    draw.rectangle([width // 4, height // 3, width * 3 // 4, height * 2 // 3], fill=(120, 84, 52))
    draw.ellipse([width // 2 - 8, height // 2 - 8, width // 2 + 8, height // 2 + 8], fill=(60, 60, 60))
    out = io.BytesIO()
    if exif is not None:
        save["exif"] = exif.tobytes()
    image.save(out, fmt, **save)
    return out.getvalue()


def exif_with_location(*, orientation: int | None = None) -> Image.Exif:
    """EXIF as a phone writes it: camera, time and where the photo was taken (Almaty)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0x0132] = "2025:06:20 10:15:00"  # DateTime
    if orientation:
        exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",
        2: (43.0, 14.0, 18.0),
        3: "E",
        4: (76.0, 55.0, 42.0),
    }
    return exif


def docx_bytes() -> bytes:
    return _office(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
            ),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>Смета на кухню</w:t></w:r></w:p></w:body></w:document>"
            ),
        }
    )


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Материал", "Количество"])
    sheet.append(["Массив дуба", 3])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def _office(parts: dict[str, str]) -> bytes:
    return zip_bytes({name: text.encode() for name, text in parts.items()})


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


# An x86-64 ELF executable's header, and a Windows one's: what a disguised program starts with.
ELF_EXECUTABLE = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
HTML_PAGE = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_IMAGE = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>'
