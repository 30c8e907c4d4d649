"""Reads for the portfolio. Visitors, and clients (`user`), see published projects only; the
company's staff see every status. Lists load their images in one extra query, whatever their
number."""

from django.db.models import Avg, CharField, Count, F, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation

from .models import PortfolioImage, PortfolioProject, Review

SORT_FIELDS = ("created_at", "updated_at", "title")
ORDERS = ("asc", "desc")
SITE_LANGUAGES = ("ru", "kk", "ky")


def can_see_unpublished(user) -> bool:
    return bool(user is not None and user.is_authenticated and getattr(user, "is_manager_or_admin", False))


def _with_images(projects: QuerySet) -> QuerySet:
    images = PortfolioImage.objects.select_related("file").order_by("position", "id")
    return projects.prefetch_related(Prefetch("images", queryset=images))


def current_language() -> str:
    language = (translation.get_language() or "ru").split("-")[0]
    return language if language in SITE_LANGUAGES else "ru"


def _title_in_current_language():
    """The title readers of this language see: theirs, or the Russian one when it is missing."""
    language = current_language()
    if language == "ru":
        return F("title_ru")
    return Coalesce(NullIf(F(f"title_{language}"), Value("")), F("title_ru"), output_field=CharField())


def project_list(
    *,
    user=None,
    category: str | None = None,
    status: str | None = None,
    material: str | None = None,
    sort: str = "created_at",
    order: str = "desc",
) -> QuerySet[PortfolioProject]:
    """`status` narrows what the caller may see: for visitors a draft filter finds nothing.
    `material` keeps the projects whose materials, as this language reads them, include it."""
    if sort not in SORT_FIELDS or order not in ORDERS:
        raise ValueError(f"Unsupported ordering {sort} {order}")
    projects = PortfolioProject.objects.all()
    if not can_see_unpublished(user):
        projects = projects.published()
    if status:
        projects = projects.filter(status=status)
    if category:
        projects = projects.filter(category=category)
    if material:
        projects = projects.filter(pk__in=_ids_with_material(projects, material))
    if sort == "title":
        projects = projects.annotate(sort_title=_title_in_current_language())
        key = "sort_title"
    else:
        key = sort
    prefix = "-" if order == "desc" else ""
    return _with_images(projects).order_by(f"{prefix}{key}", f"{prefix}id")


def _ids_with_material(projects: QuerySet, material: str) -> list[int]:
    """Materials are a JSON list per language, which SQLite cannot search inside: read the lists
    (one query, no images) and match here, case-insensitively, falling back to Russian."""
    language = current_language()
    wanted = material.strip().casefold()
    ids = []
    fields = ["pk", "technologies_ru"] + ([f"technologies_{language}"] if language != "ru" else [])
    for row in projects.values_list(*fields):
        materials = row[-1] or row[1] or []
        if any(item.casefold() == wanted for item in materials):
            ids.append(row[0])
    return ids


def project_get(*, project_id: int, user=None) -> PortfolioProject | None:
    projects = PortfolioProject.objects.all()
    if not can_see_unpublished(user):
        projects = projects.published()
    return _with_images(projects).filter(pk=project_id).first()


def published_categories() -> list[str]:
    """Category slugs that have at least one published project, for the site's filter."""
    return list(PortfolioProject.objects.published().order_by("category").values_list("category", flat=True).distinct())


# --- Reviews -----------------------------------------------------------------------------------


def review_list(*, service: str | None = None, project: PortfolioProject | None = None) -> QuerySet[Review]:
    """Approved reviews, newest first, with their photos; narrowed to a service's or a project's."""
    reviews = Review.objects.approved().select_related("photo")
    if service:
        reviews = reviews.filter(service=service)
    if project is not None:
        reviews = reviews.filter(project=project)
    return reviews.order_by("-written_on", "-id")


def review_summary(*, service: str | None = None) -> dict:
    """{"average": 4.8, "count": 12} of the approved reviews (average None when there are none)."""
    reviews = Review.objects.approved()
    if service:
        reviews = reviews.filter(service=service)
    return reviews.order_by().aggregate(average=Avg("rating"), count=Count("id"))
