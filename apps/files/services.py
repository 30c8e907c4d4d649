"""Writes for uploaded files: upload, delete, thumbnails and a user's avatar. The one path used
by the API, the admin and the demo loader."""

import io
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import ProtectedError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image

from apps.core.exceptions import Conflict

from .content import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    FileType,
    ImageRejected,
    ImageTooLarge,
    clean_image,
    clean_original_filename,
    sniff,
)
from .exceptions import PayloadTooLarge
from .models import THUMBNAIL_WIDTHS, FileCategory, UploadedFile, stored_name, thumbnail_name

logger = logging.getLogger(__name__)

ALLOWED_TYPES = {
    FileCategory.PORTFOLIO: IMAGE_TYPES,
    FileCategory.AVATAR: IMAGE_TYPES,
    FileCategory.DOCUMENT: DOCUMENT_TYPES + IMAGE_TYPES,
}
TYPE_LABELS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}
THUMBNAIL_QUALITY = 80


def allowed_types_label(category: str) -> str:
    return ", ".join(TYPE_LABELS[t.mime_type] for t in ALLOWED_TYPES[category])


def _inspect(*, upload: File, category: str) -> tuple[FileType, File, int | None, int | None]:
    """(type, content to store, width, height) of an acceptable upload; raises PayloadTooLarge
    (413) above FILE_UPLOAD_MAX_SIZE and ValidationError (422) for a type the category does not
    take or an image that does not decode."""
    if category not in FileCategory.values:
        raise ValidationError({"category": _("Choose one of: %(choices)s") % {"choices": ", ".join(FileCategory)}})
    limit = settings.FILE_UPLOAD_MAX_SIZE
    if upload.size > limit:
        raise PayloadTooLarge(_("The file is larger than the limit of %(limit)s") % {"limit": filesizeformat(limit)})
    if not upload.size:
        raise ValidationError({"file": _("The file is empty")})

    file_type = sniff(upload)
    if file_type is None or file_type not in ALLOWED_TYPES[category]:
        raise ValidationError(
            {
                "file": _("This type of file is not accepted as %(category)s. Accepted: %(allowed)s.")
                % {"category": FileCategory(category).label.lower(), "allowed": allowed_types_label(category)}
            }
        )
    if not file_type.is_image:
        return file_type, upload, None, None
    max_pixels = settings.FILE_IMAGE_MAX_PIXELS[category]
    try:
        clean = clean_image(upload, file_type, max_pixels=max_pixels)
    except ImageTooLarge as exc:
        logger.info("Refused an image upload: %s", exc)
        raise ValidationError(
            {
                "file": _(
                    "The image is %(width)d×%(height)d pixels; an image for this category may have at most "
                    "%(megapixels)s megapixels. Make it smaller and upload it again."
                )
                % {"width": exc.width, "height": exc.height, "megapixels": f"{max_pixels / 1_000_000:g}"}
            }
        ) from exc
    except ImageRejected as exc:
        logger.info("Refused an image upload: %s", exc)
        raise ValidationError(
            {"file": _("The image could not be read. Upload a whole JPEG, PNG or WebP file.")}
        ) from exc
    return file_type, ContentFile(clean.content), clean.width, clean.height


def file_check(*, upload: File, category: str) -> None:
    """Everything file_upload checks, without storing anything (for forms that save later)."""
    _inspect(upload=upload, category=category)


@transaction.atomic
def file_upload(*, owner, upload: File, category: str) -> UploadedFile:
    """Store `upload` under a generated name after checking what it really is (see _inspect).
    Images are stored re-encoded, without their metadata."""
    file_type, content, width, height = _inspect(upload=upload, category=category)
    record = UploadedFile(
        owner=owner,
        category=category,
        mime_type=file_type.mime_type,
        original_filename=clean_original_filename(getattr(upload, "name", "")),
        size=content.size,
        width=width,
        height=height,
    )
    content.seek(0)
    record.file.save(stored_name(category=category, extension=file_type.extension), content, save=False)
    try:
        record.full_clean()
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    return record


@transaction.atomic
def file_delete(*, file: UploadedFile) -> None:
    """Delete the record, then (after commit) its bytes and thumbnails. A file still shown in the
    portfolio is a 409; an avatar made of it is cleared."""
    names = [file.file.name, *file.thumbnails.values()]
    storage = file.file.storage
    try:
        file.delete()
    except ProtectedError as exc:
        raise Conflict(_("This file is used in the portfolio: remove it from the project first.")) from exc
    get_user_model().objects.filter(avatar=names[0]).update(avatar=None)
    transaction.on_commit(lambda: _delete_stored(storage, names))


def _delete_stored(storage, names: list[str]) -> None:
    for name in names:
        try:
            storage.delete(name)
        except OSError:  # a leftover file is harmless; a failed request after commit is not
            logger.warning("Could not delete stored file %s", name, exc_info=True)


@transaction.atomic
def user_avatar_set(*, user, file: UploadedFile | None):
    """Make `file` (an avatar the user uploaded) the user's avatar; None removes it."""
    if file is not None and (file.owner_id != user.pk or file.category != FileCategory.AVATAR):
        raise ValidationError({"avatar_id": _("Choose an image you uploaded with the category avatar.")})
    user.avatar = file.file.name if file is not None else None
    user.save(update_fields=["avatar"])
    return user


def file_thumbnails_make(*, file_id: int) -> dict[str, str]:
    """The WebP copies of a portfolio image in THUMBNAIL_WIDTHS narrower than the original.
    Made once: widths already recorded are skipped, so running it again changes nothing."""
    file = UploadedFile.objects.filter(pk=file_id).first()
    if file is None or not file.is_image or file.category != FileCategory.PORTFOLIO or not file.width:
        return {}
    wanted = [width for width in THUMBNAIL_WIDTHS if width < file.width]
    made = dict(file.thumbnails)
    missing = [width for width in wanted if str(width) not in made]
    if not missing:
        return made
    storage = file.file.storage
    with file.file.open("rb") as stored, Image.open(stored) as original:
        original.load()
        image = original.convert("RGBA" if original.has_transparency_data else "RGB")
    for width in sorted(missing, reverse=True):
        name = thumbnail_name(file.file.name, width)
        if not storage.exists(name):
            height = max(round(image.height * width / image.width), 1)
            out = io.BytesIO()
            image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0).save(
                out, "WEBP", quality=THUMBNAIL_QUALITY, method=6
            )
            name = storage.save(name, ContentFile(out.getvalue()))
        made[str(width)] = name
    UploadedFile.objects.filter(pk=file.pk).update(thumbnails=made)
    return made


def file_thumbnails_queue(*, file_ids: list[int]) -> None:
    """Queue the thumbnails of these images once the current transaction commits."""
    from .tasks import make_thumbnails

    for file_id in file_ids:
        transaction.on_commit(lambda file_id=file_id: _queue(make_thumbnails, file_id))


def _queue(task, file_id: int) -> None:
    try:
        task.delay(file_id)
    except Exception:  # a broker outage must not fail the request: the site shows the original
        logger.exception("Could not queue thumbnails for file %s", file_id)
