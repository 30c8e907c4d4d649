from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.models import BaseModel, PreparedInsertModel


class LeadStatus(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    CONVERTED = "converted", _("Converted")
    LOST = "lost", _("Lost")


OPEN_LEAD_STATUSES = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED)


class ServiceInterest(models.TextChoices):
    MONTESSORI = "montessori", _("Montessori furniture")
    KITCHEN_DESIGN = "kitchen_design", _("Kitchen design")
    CHILDREN_ROOM = "children_room", _("Children's room")
    CUSTOM_FURNITURE = "custom_furniture", _("Custom furniture")
    DESIGN_BUREAU = "design_bureau", _("Design bureau")
    ACADEMY = "academy", _("Design academy")
    OTHER = "other", _("Other")


class LeadSource:
    """Sources the platform sets itself; API clients may send any short slug."""

    WEBSITE = "website"
    CONTACT_FORM = "contact_form"
    CONSULTATION_FORM = "consultation_form"
    N8N = "n8n"
    API = "api"
    ADMIN = "admin"
    IMPORT = "import"
    # Set by managers and partners: where a person who did not use the site came from.
    PHONE = "phone"
    SOCIAL_MEDIA = "social_media"
    REFERRAL = "referral"


# What a source is called wherever people read it (admin, emails, exports); an unknown slug from
# an API client is shown as it is.
LEAD_SOURCE_LABELS = {
    LeadSource.WEBSITE: pgettext_lazy("lead source", "Website"),
    LeadSource.CONTACT_FORM: pgettext_lazy("lead source", "Contact form"),
    LeadSource.CONSULTATION_FORM: pgettext_lazy("lead source", "Consultation form"),
    LeadSource.N8N: pgettext_lazy("lead source", "n8n automation"),
    LeadSource.API: pgettext_lazy("lead source", "API"),
    LeadSource.ADMIN: pgettext_lazy("lead source", "Added by a manager"),
    LeadSource.IMPORT: pgettext_lazy("lead source", "Import"),
    LeadSource.PHONE: pgettext_lazy("lead source", "Phone call"),
    LeadSource.SOCIAL_MEDIA: pgettext_lazy("lead source", "Social media"),
    LeadSource.REFERRAL: pgettext_lazy("lead source", "Recommendation"),
}


def lead_source_label(source: str) -> str:
    return str(LEAD_SOURCE_LABELS.get(source, source or "—"))


class LeadQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_LEAD_STATUSES)

    def unassigned(self):
        return self.filter(assigned_to__isnull=True)


class Lead(BaseModel):
    """The unit of the sales pipeline: one person interested in the company's work."""

    name = models.CharField(_("name"), max_length=150)
    # Indexed in Meta.indexes: a field's `db_index` also makes, on PostgreSQL, a second index for
    # LIKE 'prefix%' that no query here uses, and every inquiry would write to both.
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LeadStatus.choices, default=LeadStatus.NEW)
    source = models.SlugField(_("source"), max_length=50, default=LeadSource.API, db_index=False)
    service_interest = models.CharField(
        _("service interest"), max_length=32, choices=ServiceInterest.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_leads",
        limit_choices_to={"role__in": ("admin", "manager")},
    )
    language = models.CharField(_("language"), max_length=8, default="ru")
    stale_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = LeadQuerySet.as_manager()

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Also what a filter on the status alone uses: no index of its own.
            models.Index(fields=["status", "created_at"]),
            # The board's columns (newest change first) and the lists' default order, read with a
            # LIMIT: without them each is a sort of every lead in the column. (`created_at` has
            # its index from BaseModel.)
            models.Index(fields=["status", "updated_at"], name="leads_lead_status_updated"),
            # Duplicate detection (selectors.lead_find_open) and the lists' filters.
            models.Index(fields=["email"], name="leads_lead_email"),
            models.Index(fields=["phone"], name="leads_lead_phone"),
            models.Index(fields=["source"], name="leads_lead_source"),
            models.Index(fields=["service_interest"], name="leads_lead_service_interest"),
        ]

    def save(self, *args, **kwargs):
        # Stored lower-cased whoever saves (services, admin, fixtures): duplicate detection looks
        # emails up by an indexed equality (selectors.lead_find_open).
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    def __str__(self):
        return self.name

    @property
    def source_label(self) -> str:
        return lead_source_label(self.source)


class ActivityKind(models.TextChoices):
    CREATED = "created", _("Created")
    NOTE = "note", _("Note")
    CALL = "call", _("Call")
    EMAIL = "email", _("Email")
    STATUS_CHANGE = "status_change", _("Status change")
    ASSIGNMENT = "assignment", _("Assignment")
    INQUIRY = "inquiry", _("Inquiry")
    CONVERTED = "converted", _("Converted to project")


class LeadActivity(PreparedInsertModel):
    """One entry of a lead's timeline: what happened (`kind`) and its facts (`params`: codes and
    ids, never sentences), rendered in the reader's language by `message`. `text` is what a person
    wrote (a note, a call, an email, the inquiry). Entries are only ever added: a note is corrected
    by a new note."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities", verbose_name=_("lead"))
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices, default=ActivityKind.NOTE)
    text = models.TextField(_("text"), blank=True, max_length=5000)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message[:60]}"

    @property
    def message(self) -> str:
        """The entry in the active language."""
        from .timeline import render_entry

        return render_entry(self.kind, self.params, self.text)


class ContactMessageStatus(models.TextChoices):
    NEW = "new", _("New")
    READ = "read", _("Read")
    REPLIED = "replied", _("Replied")
    ARCHIVED = "archived", _("Archived")


class ContactMessage(BaseModel):
    """An inquiry exactly as it was sent, from the site or the API; linked to its lead."""

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    project_type = models.CharField(_("project type"), max_length=100, blank=True)
    budget = models.CharField(_("budget"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ContactMessageStatus.choices,
        default=ContactMessageStatus.NEW,
        db_index=True,
    )
    source = models.SlugField(_("source"), max_length=50, default=LeadSource.CONTACT_FORM)
    language = models.CharField(_("language"), max_length=8, default="ru")
    lead = models.ForeignKey(
        Lead, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages", verbose_name=_("lead")
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name}: {self.subject or self.message[:40]}"

    @property
    def source_label(self) -> str:
        return lead_source_label(self.source)
