import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FileCategory(models.TextChoices):
    PORTFOLIO = "portfolio", _("Portfolio image")
    AVATAR = "avatar", _("Avatar")
    DOCUMENT = "document", _("Document")


# Served to anyone at their URL; documents only to their uploader and staff (contract §9).
PUBLIC_CATEGORIES = (FileCategory.PORTFOLIO, FileCategory.AVATAR)

# Widths (px) of the WebP copies made for portfolio images: the site's srcset uses them.
THUMBNAIL_WIDTHS = (400, 800, 1200)


def stored_name(*, category: str, extension: str, when=None) -> str:
    """files/<category>/<yyyy>/<mm>/<uuid>.<ext>: never anything the client sent."""
    when = when or timezone.now()
    return f"files/{category}/{when:%Y}/{when:%m}/{uuid.uuid4().hex}.{extension}"


def thumbnail_name(name: str, width: int) -> str:
    """files/portfolio/2025/06/<uuid>.jpg -> thumbs/portfolio/2025/06/<uuid>-w400.webp"""
    stem = posixpath.splitext(name)[0]
    if stem.startswith("files/"):
        stem = "thumbs/" + stem.removeprefix("files/")
    return f"{stem}-w{width}.webp"


def _upload_to(instance, filename):
    # The service names the file (stored_name) before saving; this only keeps Django's contract.
    return filename


class UploadedFile(models.Model):
    """A file someone uploaded through the API or the admin: a portfolio image, an avatar or a
    document. The bytes live in the default storage under a generated name."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # a manager who leaves must not take the portfolio with them
        related_name="uploaded_files",
    )
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size, bytes"))
    mime_type = models.CharField(_("MIME type"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=FileCategory.choices, db_index=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    # {"400": "thumbs/portfolio/2025/06/<uuid>-w400.webp", ...}; empty until the task has run.
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["owner", "category"])]

    def __str__(self):
        return self.original_filename or self.filename

    @property
    def filename(self) -> str:
        return posixpath.basename(self.file.name or "")

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")

    @property
    def is_public(self) -> bool:
        return self.category in PUBLIC_CATEGORIES

    def thumbnail_srcset(self) -> list[tuple[str, int]]:
        """(url, width) of each thumbnail made so far, narrowest first."""
        storage = self.file.storage
        return [
            (storage.url(name), int(width))
            for width, name in sorted(self.thumbnails.items(), key=lambda item: int(item[0]))
        ]
