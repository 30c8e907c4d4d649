"""The public site's own content: the pages' copy, the six service pages and the blog.

Every text field a visitor reads is translated (ru, kk, ky) by django-modeltranslation
(`translation.py`); managers edit each language on its own tab in the admin. Rich text
(`body`) is HTML, sanitized with nh3 by `services.content_save` before it is stored."""

from urllib.parse import quote

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


class PriceUnit(models.TextChoices):
    """What a service's "from … ₸" price is for."""

    ITEM = "item", _("per item")
    METRE = "metre", _("per running metre")
    SQUARE_METRE = "square-metre", _("per square metre")
    PROJECT = "project", _("per project")
    COURSE = "course", _("per course")


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
    # What it costs and takes: "from 180 000 ₸ / 32 000 сом per running metre".
    price_from_kzt = models.PositiveIntegerField(_("price from, tenge"), null=True, blank=True)
    price_from_kgs = models.PositiveIntegerField(_("price from, som"), null=True, blank=True)
    price_unit = models.CharField(_("price is"), max_length=16, choices=PriceUnit.choices, blank=True)
    duration = models.CharField(_("how long it takes"), max_length=120, blank=True)
    included = models.TextField(_("what is included"), max_length=2000, blank=True, help_text=_("One item per line"))

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
    def included_items(self) -> list[str]:
        return [line.strip() for line in (self.included or "").splitlines() if line.strip()]

    @property
    def has_price(self) -> bool:
        return self.price_from_kzt is not None or self.price_from_kgs is not None

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


# --- The company's details ---------------------------------------------------------------------


class CompanyDetails(BaseModel):
    """How visitors reach the company: one row (pk 1), edited in the admin, shown on /contact, in
    the footer, in the phone's "write to us" button and in every page's structured data. Read
    through selectors.company_details(), which caches it; services.company_details_save clears
    the cache."""

    SINGLETON_PK = 1

    name = models.CharField(_("company name"), max_length=100, default="BaiMuras")
    description = models.CharField(_("short description"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, help_text=_("International format, for example +77071234567")
    )
    telegram = models.CharField(
        _("Telegram username"), max_length=32, blank=True, help_text=_("Without @, for example baimuras")
    )
    instagram = models.CharField(
        _("Instagram username"), max_length=30, blank=True, help_text=_("Without @, for example baimuras")
    )
    messenger_greeting = models.CharField(
        _("prefilled messenger message"),
        max_length=200,
        blank=True,
        help_text=_("The text WhatsApp and Telegram open with, in each language"),
    )

    class Meta:
        verbose_name = _("company details")
        verbose_name_plural = _("company details")

    def __str__(self):
        return str(_("Company details"))

    # Links open the messenger with the greeting in the page's language (modeltranslation reads
    # the active language's column), URL-encoded.
    @property
    def whatsapp_url(self) -> str:
        if not self.whatsapp:
            return ""
        url = f"https://wa.me/{self.whatsapp.lstrip('+')}"
        return f"{url}?text={quote(self.messenger_greeting)}" if self.messenger_greeting else url

    @property
    def telegram_url(self) -> str:
        if not self.telegram:
            return ""
        url = f"https://t.me/{self.telegram}"
        return f"{url}?text={quote(self.messenger_greeting)}" if self.messenger_greeting else url

    @property
    def instagram_url(self) -> str:
        return f"https://www.instagram.com/{self.instagram}/" if self.instagram else ""


class Showroom(BaseModel):
    """A place clients can visit: its address, phone, hours and a link to the map."""

    class Country(models.TextChoices):
        KAZAKHSTAN = "KZ", _("Kazakhstan")
        KYRGYZSTAN = "KG", _("Kyrgyzstan")

    company = models.ForeignKey(
        CompanyDetails, verbose_name=_("company"), on_delete=models.CASCADE, related_name="showrooms"
    )
    city = models.CharField(_("city"), max_length=60)
    address = models.CharField(_("address"), max_length=200)
    hours = models.CharField(
        _("opening hours"), max_length=120, help_text=_("As visitors read it: Mon–Fri 10:00–19:00")
    )
    opening_hours = models.CharField(
        _("opening hours for search engines"),
        max_length=120,
        blank=True,
        help_text=_("schema.org format, for example: Mo-Fr 10:00-19:00, Sa 11:00-16:00"),
    )
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    phone = models.CharField(_("phone"), max_length=20, help_text=_("International format, for example +77273551840"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("showroom")
        verbose_name_plural = _("showrooms")
        ordering = ["order", "id"]

    def __str__(self):
        return self.city

    @property
    def map_url(self) -> str:
        """The showroom on OpenStreetMap: a plain link, no map script on our pages."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


class FaqItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class FaqItem(BaseModel):
    """A question visitors ask, answered once: on a service's page, or in the general FAQ."""

    service = models.ForeignKey(
        ServicePage,
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="faq",
        help_text=_("Empty: a general question, shown on the services and contact pages"),
    )
    question = models.CharField(_("question"), max_length=200)
    answer = models.TextField(_("answer"), max_length=2000)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = FaqItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("question and answer")
        verbose_name_plural = _("questions and answers")
        ordering = ["order", "id"]

    def __str__(self):
        return self.question
