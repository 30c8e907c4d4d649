"""The public site's own content: the pages' copy, the six service pages and the blog.

Every text field a visitor reads is translated (ru, kk, ky) by django-modeltranslation
(`translation.py`); managers edit each language on its own tab in the admin. Rich text
(`body`) is HTML, sanitized with nh3 by `services.content_save` before it is stored."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.leads.models import ServiceInterest


class Illustration(models.TextChoices):
    """The site's own artwork in static/img/site/ (drawn by `manage.py draw_site_images`)."""

    HOME = "home", _("Living room with a Montessori corner")
    MONTESSORI = "montessori", _("Montessori shelf and floor bed")
    KITCHEN = "kitchen", _("Kitchen")
    CHILDREN_ROOM = "children-room", _("Children's room")
    CUSTOM_FURNITURE = "custom-furniture", _("Wardrobe made to measure")
    DESIGN_BUREAU = "design-bureau", _("Drafting table with a floor plan")
    ACADEMY = "academy", _("Workshop class")
    WORKSHOP = "workshop", _("Our workshop")
    MATERIALS = "materials", _("Wood and finish samples")


# (width, height) of every drawing; the files come in these widths, as WebP and PNG.
ILLUSTRATION_SIZE = (1600, 1000)
ILLUSTRATION_WIDTHS = (480, 800, 1200, 1600)


class PageKey(models.TextChoices):
    HOME = "home", _("Home page")
    ABOUT = "about", _("About")
    SERVICES = "services", _("Services overview")
    BLOG = "blog", _("Blog")
    CONTACT = "contact", _("Contacts")


class ServiceSlug(models.TextChoices):
    """The six service pages of contract §12, at /services/<slug>."""

    MONTESSORI = "montessori", _("Montessori furniture")
    KITCHENS = "kitchens", _("Kitchens")
    CHILDREN_ROOMS = "children-rooms", _("Children's rooms")
    CUSTOM_FURNITURE = "custom-furniture", _("Custom furniture")
    DESIGN_BUREAU = "design-bureau", _("Design bureau")
    ACADEMY = "academy", _("Design academy")


# Which CRM service interest a service page's consultation requests are filed under.
SERVICE_INTEREST_OF = {
    ServiceSlug.MONTESSORI: ServiceInterest.MONTESSORI,
    ServiceSlug.KITCHENS: ServiceInterest.KITCHEN_DESIGN,
    ServiceSlug.CHILDREN_ROOMS: ServiceInterest.CHILDREN_ROOM,
    ServiceSlug.CUSTOM_FURNITURE: ServiceInterest.CUSTOM_FURNITURE,
    ServiceSlug.DESIGN_BUREAU: ServiceInterest.DESIGN_BUREAU,
    ServiceSlug.ACADEMY: ServiceInterest.ACADEMY,
}


class Page(BaseModel):
    """The copy of a fixed page of the site (home, about, services overview, blog, contacts)."""

    key = models.CharField(_("page"), max_length=16, choices=PageKey.choices, unique=True)
    title = models.CharField(_("heading"), max_length=160)
    lead = models.TextField(_("lead paragraph"), max_length=600, blank=True)
    body = models.TextField(_("text (HTML)"), max_length=20000, blank=True)
    meta_title = models.CharField(_("title for search engines"), max_length=70, blank=True)
    meta_description = models.CharField(_("description for search engines"), max_length=170, blank=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["key"]

    def __str__(self):
        return self.get_key_display()


class ServicePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class ServicePage(BaseModel):
    """One of the six services; its URL is fixed by the slug."""

    slug = models.SlugField(_("address"), max_length=32, choices=ServiceSlug.choices, unique=True)
    title = models.CharField(_("heading"), max_length=160)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    lead = models.TextField(_("lead paragraph"), max_length=600, blank=True)
    body = models.TextField(_("text (HTML)"), max_length=20000, blank=True)
    meta_title = models.CharField(_("title for search engines"), max_length=70, blank=True)
    meta_description = models.CharField(_("description for search engines"), max_length=170, blank=True)
    illustration = models.CharField(_("illustration"), max_length=32, choices=Illustration.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = ServicePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("service page")
        verbose_name_plural = _("service pages")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("site:service", kwargs={"slug": self.slug})

    @property
    def service_interest(self) -> str:
        """The CRM's name for this service (`kitchen_design` for /services/kitchens)."""
        return SERVICE_INTEREST_OF[self.slug]


class BlogPostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, published_at__lte=timezone.now())


class BlogPost(BaseModel):
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    title = models.CharField(_("heading"), max_length=200)
    excerpt = models.TextField(_("excerpt"), max_length=400, blank=True)
    body = models.TextField(_("text (HTML)"), max_length=40000, blank=True)
    meta_description = models.CharField(_("description for search engines"), max_length=170, blank=True)
    illustration = models.CharField(_("illustration"), max_length=32, choices=Illustration.choices)
    service = models.ForeignKey(
        ServicePage,
        verbose_name=_("related service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    is_published = models.BooleanField(_("published"), default=False)

    objects = BlogPostQuerySet.as_manager()

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title or self.slug

    def get_absolute_url(self):
        return reverse("site:blog-post", kwargs={"slug": self.slug})


class EmailConfirmation(models.Model):
    """A client proved they read this address (the link the site emailed them).

    /dashboard shows a client the consultations and projects filed under their email only once
    it is confirmed: registration checks no email, and anyone could otherwise sign up with a
    stranger's address and read that stranger's requests."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="email_confirmation", verbose_name=_("user")
    )
    email = models.EmailField(_("email"))
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmed email")
        verbose_name_plural = _("confirmed emails")

    def __str__(self):
        return self.email
