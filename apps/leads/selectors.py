"""Reads for the sales pipeline."""

from datetime import datetime

from django.db.models import F, Q, QuerySet

from apps.core.prepared import PreparedQuery

from .models import ContactMessage, Lead


def _open_by_contact(email: str | None = None, phone: str | None = None) -> QuerySet[Lead]:
    match = Q()
    if email is not None:
        match |= Q(email=email)
    if phone is not None:
        match |= Q(phone=phone)
    return Lead.objects.open().filter(match).order_by("created_at", "id")[:1]


# Every inquiry asks: compiled once per shape (apps/core/prepared.py), not on every request.
_open_by_contact_query = PreparedQuery(_open_by_contact)


def lead_find_open(*, email: str = "", phone: str = "", for_update: bool = False) -> Lead | None:
    """The oldest open lead with this email or phone: where a new inquiry belongs. Emails are stored
    lower-cased (services.clean_contact, migration 0006), so this is an indexed equality: `iexact`
    scanned every lead (on SQLite through the Unicode LIKE, 3,400 calls an inquiry at 5,000 leads)."""
    email = (email or "").strip().lower()
    if not email and not phone:
        return None
    return _open_by_contact_query.first(email=email or None, phone=phone or None, for_update=for_update)


def lead_list(
    *,
    status: str | None = None,
    source: str | None = None,
    service_interest: str | None = None,
    assigned_to: int | None = None,
    search: str | None = None,
) -> QuerySet[Lead]:
    leads = Lead.objects.select_related("assigned_to", "project", "attribution").order_by("-created_at", "-id")
    if status:
        leads = leads.filter(status=status)
    if source:
        leads = leads.filter(source=source)
    if service_interest:
        leads = leads.filter(service_interest=service_interest)
    if assigned_to:
        leads = leads.filter(assigned_to_id=assigned_to)
    if search:
        leads = leads.filter(
            Q(name__icontains=search) | Q(email__icontains=search) | Q(phone__icontains=search.replace(" ", ""))
        )
    return leads


ATTRIBUTION_FIELDS = ("channel", "referrer_host", "utm_source", "utm_medium", "utm_campaign", "landing_page")


def lead_list_rows(**filters) -> QuerySet[Lead]:
    """`lead_list` for the API's list: the project's id instead of the joined project and user, and
    the visit's source (the analytics app's `attribution`, null without one) as plain columns."""
    sources = {f"attribution_{field}": F(f"attribution__{field}") for field in ATTRIBUTION_FIELDS}
    return lead_list(**filters).select_related(None).annotate(project_pk=F("project__id"), **sources)


def lead_latest_activity_id(*, lead: Lead) -> int | None:
    """The id of the newest entry on the lead's timeline (the inquiry just added to it)."""
    return lead.activities.order_by("-pk").values_list("pk", flat=True).first()


def lead_get(*, lead_id: int) -> Lead | None:
    return Lead.objects.select_related("assigned_to", "project", "attribution").filter(pk=lead_id).first()


def contact_message_list(*, status=None, date_from=None, date_to=None) -> QuerySet[ContactMessage]:
    """Each bound may be a date (that whole day, inclusive) or an aware datetime (that instant)."""
    messages = ContactMessage.objects.order_by("-created_at", "-id")
    if status:
        messages = messages.filter(status=status)
    if isinstance(date_from, datetime):
        messages = messages.filter(created_at__gte=date_from)
    elif date_from:
        messages = messages.filter(created_at__date__gte=date_from)
    if isinstance(date_to, datetime):
        messages = messages.filter(created_at__lte=date_to)
    elif date_to:
        messages = messages.filter(created_at__date__lte=date_to)
    return messages


def contact_message_get(*, message_id: int) -> ContactMessage | None:
    return ContactMessage.objects.filter(pk=message_id).first()
