from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel

CATEGORY_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
validate_category = RegexValidator(CATEGORY_PATTERN, _("Use lowercase Latin letters, digits, hyphens and underscores."))


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", _("Published")
    DRAFT = "draft", _("Draft")
    ARCHIVED = "archived", _("Archived")


# The company's own categories and their names on the site; the API takes any slug (v2.0.0's
# example uses `web`), and one not listed here shows as itself.
CATEGORY_LABELS = {
    "montessori": _("Montessori furniture"),
    "kitchens": _("Kitchens"),
    "children-rooms": _("Children's rooms"),
    "custom-furniture": _("Custom furniture"),
    "design-bureau": _("Design bureau"),
    "academy": _("Design academy"),
}


def category_label(slug: str) -> str:
    return str(CATEGORY_LABELS.get(slug, slug.replace("-", " ").replace("_", " ").capitalize()))


class PortfolioProjectQuerySet(models.QuerySet):
    def published(self):
        """What visitors see: active projects only (djangoproject.com's EntryQuerySet.published())."""
        return self.filter(status=ProjectStatus.ACTIVE)


class PortfolioProject(BaseModel):
    """A finished piece of the company's work, shown on /portfolio and through the v2.0.0 API.
    `title` and `description` are translated (modeltranslation: title_ru, title_kk, title_ky)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    category = models.CharField(_("category"), max_length=50, validators=[validate_category], db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    technologies = models.JSONField(
        _("materials and techniques"),
        default=list,
        blank=True,
        help_text=_("For example: solid oak, Blum fittings, natural oil finish"),
    )
    client = models.CharField(_("client"), max_length=200, blank=True)
    completion_date = models.DateField(_("completion date"), null=True, blank=True)
    project_url = models.URLField(_("project link"), max_length=500, blank=True)

    objects = PortfolioProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio project")
        verbose_name_plural = _("portfolio projects")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "category", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portfolio:detail", kwargs={"project_id": self.pk})

    @property
    def category_label(self) -> str:
        return category_label(self.category)

    @property
    def is_published(self) -> bool:
        return self.status == ProjectStatus.ACTIVE

    @property
    def cover(self):
        """The primary image, else the first; from the prefetched images when there are any."""
        images = list(self.images.all())
        return next((image for image in images if image.is_primary), images[0] if images else None)


class PortfolioImage(models.Model):
    """An uploaded image shown with a project, in `position` order; one per project is primary
    (the cover). The image's id in the API is its uploaded file's id, so `image_ids` round-trips."""

    project = models.ForeignKey(
        PortfolioProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="images"
    )
    file = models.OneToOneField(
        "files.UploadedFile",
        verbose_name=_("file"),
        on_delete=models.PROTECT,  # deleting a file shown in the portfolio is a 409, not a hole
        related_name="portfolio_image",
    )
    alt = models.CharField(_("alternative text"), max_length=300, blank=True)
    is_primary = models.BooleanField(_("cover"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_primary=True), name="portfolio_one_primary_image"
            )
        ]

    def __str__(self):
        return self.alt or self.file.original_filename or str(self.file_id)


class ReviewQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(is_approved=True)


class Review(BaseModel):
    """A client's words about the company, shown on the site once a manager approves them.
    `service` is a service page's slug (the same slugs as the project categories)."""

    name = models.CharField(_("client's name"), max_length=100)
    city = models.CharField(_("city"), max_length=60, blank=True)
    text = models.TextField(_("review"), max_length=3000)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("From 1 to 5")
    )
    photo = models.ForeignKey(
        "files.UploadedFile",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        PortfolioProject,
        verbose_name=_("portfolio project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    service = models.CharField(
        _("service"), max_length=50, blank=True, choices=list(CATEGORY_LABELS.items()), db_index=True
    )
    written_on = models.DateField(_("written on"), default=timezone.localdate)
    is_approved = models.BooleanField(_("approved"), default=False, db_index=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-written_on", "-id"]

    def __str__(self):
        return f"{self.name}: {self.rating}/5"
