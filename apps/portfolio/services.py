"""Writes for the portfolio: projects, their images and their status. The one path used by the
API, the admin (save_model, inlines and actions) and the demo loader.

Translated text comes in as {language: text} (`{"ru": "...", "kk": "..."}`); the Russian title
is required, since it is what every other language falls back to."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.content_cache import bump_content_version
from apps.core.events import emit, snapshot
from apps.core.timeutils import to_utc_iso
from apps.files import selectors as file_selectors
from apps.files import services as file_services
from apps.files.models import FileCategory, UploadedFile

from .models import CATEGORY_LABELS, PortfolioImage, PortfolioProject, ProjectStatus, Review

LANGUAGES = ("ru", "kk", "ky")
PLAIN_FIELDS = {"category", "status", "completion_date", "project_url"}
TRANSLATED_FIELDS = {"title", "description", "client", "technologies"}
MAX_TECHNOLOGIES = 50
MAX_TECHNOLOGY_LENGTH = 100


def _set_translations(project: PortfolioProject, field: str, values: dict | None) -> None:
    """`values`: {language: text} (a list of strings for `technologies`)."""
    for language, value in (values or {}).items():
        if language not in LANGUAGES:
            raise ValueError(f"Unknown language {language!r}")
        if field == "technologies":
            setattr(project, f"{field}_{language}", technologies_clean(value))
        else:
            setattr(project, f"{field}_{language}", (value or "").strip())
    # Client and materials written in one language only are the Russian ones too, so that every
    # language has something to fall back to (as the required Russian title is for the title).
    if field in ("client", "technologies") and values and not getattr(project, f"{field}_ru", None):
        first = next((getattr(project, f"{field}_{language}") for language in values), None)
        setattr(project, f"{field}_ru", first)


def technologies_clean(values) -> list[str]:
    """Materials and techniques: trimmed, without blanks or repeats, within the limits."""
    if values is None:
        return []
    if not isinstance(values, list | tuple) or not all(isinstance(v, str) for v in values):
        raise ValidationError({"technologies": _("Send a list of strings.")})
    cleaned = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    if len(cleaned) > MAX_TECHNOLOGIES:
        raise ValidationError(
            {"technologies": _("At most %(count)d materials and techniques.") % {"count": MAX_TECHNOLOGIES}}
        )
    if any(len(v) > MAX_TECHNOLOGY_LENGTH for v in cleaned):
        raise ValidationError(
            {"technologies": _("Each entry may be at most %(count)d characters.") % {"count": MAX_TECHNOLOGY_LENGTH}}
        )
    return cleaned


def _validate_and_save(project: PortfolioProject) -> None:
    if not (project.title_ru or "").strip():
        raise ValidationError(
            {"title": _("A title in Russian is required: it is shown when a translation is missing.")}
        )
    for language in LANGUAGES:
        value = getattr(project, f"technologies_{language}")
        setattr(project, f"technologies_{language}", technologies_clean(value) if value is not None else None)
    try:
        project.full_clean()
    except ValidationError as exc:
        # title_ru / description_kk ... are the API's `title` / `description`.
        raise ValidationError({_api_field(field): messages for field, messages in exc.message_dict.items()}) from exc
    project.save()


def _emit(event_type: str, project: PortfolioProject) -> None:
    """`project.*` events for the showcase carry `"kind": "portfolio"` (contract §11)."""
    data = snapshot(project, ("id", "category", "status", "client", "completion_date", "project_url"))
    data.update(
        kind="portfolio",
        title=project.title_ru,
        title_kk=project.title_kk or "",
        title_ky=project.title_ky or "",
        technologies=list(project.technologies or []),
        created_at=to_utc_iso(project.created_at),
        updated_at=to_utc_iso(project.updated_at),
    )
    emit(event_type, data)


def _api_field(field: str) -> str:
    base, _sep, language = field.rpartition("_")
    return base if base in TRANSLATED_FIELDS and language in LANGUAGES else field


@transaction.atomic
def portfolio_project_create(
    *,
    title: dict[str, str],
    description: dict[str, str] | None = None,
    category: str,
    status: str = ProjectStatus.DRAFT,
    technologies: dict[str, list[str]] | None = None,
    client: dict[str, str] | None = None,
    completion_date: date | None = None,
    project_url: str = "",
    image_ids: list[int] | None = None,
    primary_image_id: int | None = None,
) -> PortfolioProject:
    project = PortfolioProject(
        category=(category or "").strip(),
        status=status or ProjectStatus.DRAFT,
        completion_date=completion_date,
        project_url=project_url or "",
    )
    _set_translations(project, "title", title)
    _set_translations(project, "description", description)
    _set_translations(project, "client", client)
    _set_translations(project, "technologies", technologies)
    _validate_and_save(project)
    if image_ids:
        portfolio_images_set(project=project, file_ids=image_ids, primary_file_id=primary_image_id)
    _emit("project.created", project)
    return project


@transaction.atomic
def portfolio_project_update(*, project: PortfolioProject, data: dict) -> PortfolioProject:
    """Partial update: only the keys in `data` change. `image_ids`, when present, is the whole
    new list of the project's images (see portfolio_images_set)."""
    unknown = set(data) - PLAIN_FIELDS - TRANSLATED_FIELDS - {"image_ids", "primary_image_id"}
    if unknown:
        raise ValueError(f"Unknown portfolio fields: {sorted(unknown)}")
    for field in TRANSLATED_FIELDS & set(data):
        _set_translations(project, field, data[field])
    for field in PLAIN_FIELDS & set(data):
        value = data[field]
        if field == "category" and isinstance(value, str):
            value = value.strip()
        if field == "project_url":
            value = value or ""
        setattr(project, field, value)
    _validate_and_save(project)
    if "image_ids" in data:
        portfolio_images_set(
            project=project, file_ids=data["image_ids"] or [], primary_file_id=data.get("primary_image_id")
        )
    elif data.get("primary_image_id") is not None:
        portfolio_image_make_primary(project=project, file_id=data["primary_image_id"])
    _emit("project.updated", project)
    return project


@transaction.atomic
def portfolio_project_set_status(*, project: PortfolioProject, status: str) -> PortfolioProject:
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Unknown status")})
    if project.status != status:
        project.status = status
        project.save(update_fields=["status", "updated_at"])
        _emit("project.updated", project)
    return project


@transaction.atomic
def portfolio_project_delete(*, project: PortfolioProject) -> None:
    """Delete the project and the uploaded images only it showed."""
    files = [image.file for image in project.images.select_related("file")]
    project.delete()
    for file in files:
        file_services.file_delete(file=file)


# --- Images ------------------------------------------------------------------------------------


def _check_files(*, project: PortfolioProject, file_ids: list[int]) -> dict[int, UploadedFile]:
    files = file_selectors.files_by_ids(ids=file_ids)
    missing = [str(i) for i in file_ids if i not in files]
    if missing:
        raise ValidationError({"image_ids": _("No uploaded file with id %(ids)s.") % {"ids": ", ".join(missing)}})
    wrong = [str(i) for i in file_ids if files[i].category != FileCategory.PORTFOLIO or not files[i].is_image]
    if wrong:
        raise ValidationError(
            {
                "image_ids": _("Files %(ids)s are not portfolio images (upload them with category portfolio).")
                % {"ids": ", ".join(wrong)}
            }
        )
    taken = PortfolioImage.objects.filter(file_id__in=file_ids).exclude(project=project)
    taken_ids = [str(i) for i in taken.values_list("file_id", flat=True)]
    if taken_ids:
        raise ValidationError(
            {"image_ids": _("Files %(ids)s are already shown in another project.") % {"ids": ", ".join(taken_ids)}}
        )
    return files


@transaction.atomic
def portfolio_images_set(
    *, project: PortfolioProject, file_ids: list[int], primary_file_id: int | None = None
) -> list[PortfolioImage]:
    """The project's images become exactly these uploaded files, in this order. Images already
    there keep their alt text; the cover is `primary_file_id`, else the current cover if it stays,
    else the first. New images get their thumbnails made after commit."""
    file_ids = list(dict.fromkeys(file_ids))
    if primary_file_id is not None and primary_file_id not in file_ids:
        raise ValidationError({"primary_image_id": _("The cover must be one of image_ids.")})
    files = _check_files(project=project, file_ids=file_ids)
    existing = {image.file_id: image for image in PortfolioImage.objects.filter(project=project)}
    PortfolioImage.objects.filter(project=project).exclude(file_id__in=file_ids).delete()
    if primary_file_id is None and file_ids:
        current = [fid for fid in file_ids if fid in existing and existing[fid].is_primary]
        primary_file_id = current[0] if current else file_ids[0]
    # Clear the old cover first: the database allows one per project at any moment.
    PortfolioImage.objects.filter(project=project, is_primary=True).exclude(file_id=primary_file_id).update(
        is_primary=False
    )
    changed, created = [], []
    for position, file_id in enumerate(file_ids):
        is_primary = file_id == primary_file_id
        image = existing.get(file_id)
        if image is None:
            created.append(
                PortfolioImage(project=project, file=files[file_id], position=position, is_primary=is_primary)
            )
        elif image.position != position or image.is_primary != is_primary:
            image.position, image.is_primary = position, is_primary
            changed.append(image)
    PortfolioImage.objects.bulk_update(changed, ["position", "is_primary"])
    PortfolioImage.objects.bulk_create(created)
    if changed or created or len(existing) != len(file_ids):
        PortfolioProject.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    file_services.file_thumbnails_queue(file_ids=[image.file_id for image in created])
    bump_content_version()  # bulk writes send no signals
    return list(PortfolioImage.objects.filter(project=project).select_related("file"))


@transaction.atomic
def portfolio_image_add(
    *,
    project: PortfolioProject,
    file: UploadedFile,
    alt: dict[str, str] | None = None,
    is_primary: bool = False,
    position: int | None = None,
) -> PortfolioImage:
    _check_files(project=project, file_ids=[file.pk])
    if position is None:
        last = project.images.order_by("-position").values_list("position", flat=True).first()
        position = 0 if last is None else last + 1
    has_cover = project.images.filter(is_primary=True).exists()
    if is_primary and has_cover:
        project.images.filter(is_primary=True).update(is_primary=False)
    image = PortfolioImage(project=project, file=file, position=position, is_primary=is_primary or not has_cover)
    _set_translations(image, "alt", alt)
    image.full_clean()
    image.save()
    file_services.file_thumbnails_queue(file_ids=[file.pk])
    return image


@transaction.atomic
def portfolio_image_update(
    *, image: PortfolioImage, alt: dict[str, str] | None = None, is_primary: bool | None = None, position=None
) -> PortfolioImage:
    _set_translations(image, "alt", alt)
    if position is not None:
        image.position = position
    if is_primary:  # clear the old cover first: the database allows one per project at any moment
        PortfolioImage.objects.filter(project_id=image.project_id, is_primary=True).exclude(pk=image.pk).update(
            is_primary=False
        )
    if is_primary is not None:
        image.is_primary = is_primary
    image.full_clean()
    image.save()
    return image


@transaction.atomic
def portfolio_image_remove(*, image: PortfolioImage) -> None:
    image.delete()


@transaction.atomic
def portfolio_image_make_primary(*, project: PortfolioProject, file_id: int) -> PortfolioImage:
    image = PortfolioImage.objects.filter(project=project, file_id=file_id).first()
    if image is None:
        raise ValidationError({"primary_image_id": _("The cover must be one of the project's images.")})
    return portfolio_image_update(image=image, is_primary=True)


@transaction.atomic
def portfolio_cover_ensure(*, project: PortfolioProject) -> None:
    """A project with images has exactly one cover: the first image unless one is chosen."""
    images = PortfolioImage.objects.filter(project=project).order_by("position", "id")
    if images.exists() and not images.filter(is_primary=True).exists():
        images.filter(pk=images.values("pk")[:1]).update(is_primary=True)
        bump_content_version()  # an update() sends no signal


# --- Reviews -----------------------------------------------------------------------------------


@transaction.atomic
def review_save(*, review: Review) -> Review:
    """Validate and store a client's review (a manager approves it before the site shows it)."""
    if review.photo_id and review.photo.category not in (FileCategory.PORTFOLIO, FileCategory.AVATAR):
        raise ValidationError({"photo": _("Choose an image: a portfolio image or an avatar.")})
    if review.project_id and not review.service:
        review.service = review.project.category if review.project.category in CATEGORY_LABELS else ""
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_set_approved(*, review: Review, approved: bool) -> Review:
    if review.is_approved != approved:
        review.is_approved = approved
        review.save(update_fields=["is_approved", "updated_at"])
    return review
