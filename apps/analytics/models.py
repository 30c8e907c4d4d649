"""First-party visit statistics: raw page views, their daily rollups, and the source of the visit
that brought each lead. No raw IP is stored anywhere: a visitor is a hash of the address and the
browser with a salt that changes every day and is then deleted (as Plausible does)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    DIRECT = "direct", _("Direct")
    SEARCH = "search", _("Search engines")
    SOCIAL = "social", _("Social networks")
    REFERRAL = "referral", _("Other sites")


class Device(models.TextChoices):
    DESKTOP = "desktop", _("Desktop")
    MOBILE = "mobile", _("Phone")
    TABLET = "tablet", _("Tablet")


class VisitorSalt(models.Model):
    """The salt of one day in the company's time zone. Deleted the next day, after which that
    day's visitor hashes can no longer be tied to an address, not even by trying them all."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("visitor salt")
        verbose_name_plural = _("visitor salts")

    def __str__(self):
        return self.day.isoformat()


class PageView(models.Model):
    """One view of a public HTML page. The source fields are the visit's: its first view sets
    them and every later view of the same visit repeats them."""

    created_at = models.DateTimeField(_("time"), default=timezone.now)
    day = models.DateField(_("day"), db_index=True)  # in settings.TIME_ZONE, the periods' unit
    path = models.CharField(_("page"), max_length=255)
    visitor = models.BigIntegerField(_("visitor"))  # daily-salted hash of IP and user agent
    visit_start = models.BooleanField(_("visit start"), default=False)
    device = models.CharField(_("device"), max_length=8, choices=Device.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.DIRECT)
    referrer_host = models.CharField(_("referrer"), max_length=100, blank=True)
    utm_source = models.CharField("utm_source", max_length=100, blank=True)
    utm_medium = models.CharField("utm_medium", max_length=100, blank=True)
    utm_campaign = models.CharField("utm_campaign", max_length=100, blank=True)

    class Meta:
        verbose_name = _("page view")
        verbose_name_plural = _("page views")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["day", "visitor", "created_at"], name="analytics_pv_day_visitor")]

    def __str__(self):
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"


class Dimension(models.TextChoices):
    TOTAL = "total", _("Total")
    PAGE = "page", _("Page")
    CHANNEL = "channel", _("Channel")
    DEVICE = "device", _("Device")
    REFERRER = "referrer", _("Referrer")


class DailyStat(models.Model):
    """One day's figures for one value of one dimension (the day's total has dimension `total`
    and an empty key). Written for finished days only, by the rollup task; the reports read
    these for past days and the raw page views for today."""

    day = models.DateField(_("day"))
    dimension = models.CharField(_("dimension"), max_length=8, choices=Dimension.choices)
    key = models.CharField(_("value"), max_length=255, blank=True)
    pageviews = models.PositiveIntegerField(_("page views"), default=0)
    visits = models.PositiveIntegerField(_("visits"), default=0)
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    bounces = models.PositiveIntegerField(_("bounces"), default=0)
    duration = models.PositiveBigIntegerField(_("visit seconds"), default=0)

    class Meta:
        verbose_name = _("daily statistic")
        verbose_name_plural = _("daily statistics")
        ordering = ["-day", "dimension", "key"]
        constraints = [
            models.UniqueConstraint(fields=["day", "dimension", "key"], name="analytics_dailystat_unique"),
        ]
        indexes = [models.Index(fields=["dimension", "day"], name="analytics_ds_dim_day")]

    def __str__(self):
        return f"{self.day} {self.dimension} {self.key}"


class LeadAttribution(models.Model):
    """Where the visitor who sent an inquiry came from: the first visit that led to the lead
    (a later inquiry that joins the lead keeps the first source)."""

    lead = models.OneToOneField(
        "leads.Lead", primary_key=True, on_delete=models.CASCADE, related_name="attribution", verbose_name=_("lead")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, db_index=True)
    referrer_host = models.CharField(_("referrer"), max_length=100, blank=True)
    utm_source = models.CharField("utm_source", max_length=100, blank=True, db_index=True)
    utm_medium = models.CharField("utm_medium", max_length=100, blank=True)
    utm_campaign = models.CharField("utm_campaign", max_length=100, blank=True, db_index=True)
    landing_page = models.CharField(_("landing page"), max_length=255, blank=True)
    visit_started_at = models.DateTimeField(_("visit started"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead source")
        verbose_name_plural = _("lead sources")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_channel_display()} {self.referrer_host or self.utm_source}".strip()
