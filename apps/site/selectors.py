"""Reads for the site: its content, a client's own records and the staff's CRM figures."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from apps.consultations.models import ConsultationStatus
from apps.consultations.selectors import consultation_list
from apps.leads.models import ContactMessageStatus, LeadStatus
from apps.leads.selectors import contact_message_list, lead_list
from apps.projects.models import CLOSED_PROJECT_STATUSES
from apps.projects.selectors import project_list

from .models import BlogPost, CompanyDetails, EmailConfirmation, FaqItem, Page, ServicePage, Showroom

# --- Content -----------------------------------------------------------------------------------


def page_get(*, key: str) -> Page | None:
    return Page.objects.filter(key=key).first()


def service_page_list() -> QuerySet[ServicePage]:
    return ServicePage.objects.published().order_by("order", "id")


def service_page_get(*, slug: str) -> ServicePage | None:
    return ServicePage.objects.published().filter(slug=slug).first()


def service_faq(*, service: ServicePage) -> list[FaqItem]:
    return list(FaqItem.objects.published().filter(service=service))


def general_faq() -> list[FaqItem]:
    return list(FaqItem.objects.published().filter(service__isnull=True))


# The company's details are on every page (footer, structured data): read once, then from the
# cache until services.company_details_save (or a showroom's save) clears it. The cached object
# carries every language's columns, so one entry serves ru, kk and ky.
COMPANY_CACHE_KEY = "site:company-details:v1"
COMPANY_CACHE_SECONDS = 24 * 3600


def company_details() -> CompanyDetails | None:
    """The company's details with its showrooms (prefetched), or None before they are set up."""
    company = cache.get(COMPANY_CACHE_KEY)
    if company is None:
        showrooms = Prefetch("showrooms", queryset=Showroom.objects.order_by("order", "id"))
        company = CompanyDetails.objects.prefetch_related(showrooms).filter(pk=CompanyDetails.SINGLETON_PK).first()
        if company is None:
            return None
        cache.set(COMPANY_CACHE_KEY, company, COMPANY_CACHE_SECONDS)
    return company


def blog_post_list() -> QuerySet[BlogPost]:
    return BlogPost.objects.published().order_by("-published_at", "-id")


def blog_post_get(*, slug: str) -> BlogPost | None:
    return BlogPost.objects.published().select_related("service").filter(slug=slug).first()


# --- A client's own records --------------------------------------------------------------------


def email_is_confirmed(*, user) -> bool:
    return EmailConfirmation.objects.filter(user=user, email__iexact=user.email).exists()


def client_consultations(*, user) -> QuerySet:
    """Consultations requested with the client's (confirmed) email."""
    return consultation_list().filter(email__iexact=user.email)


def client_projects(*, user) -> QuerySet:
    """Projects made for the client's (confirmed) email, or from a lead with it."""
    return project_list().filter(Q(client_email__iexact=user.email) | Q(lead__email__iexact=user.email))


# --- The staff's CRM figures -------------------------------------------------------------------


def crm_overview(*, now=None) -> dict:
    """What a manager checks first: new work, what is due, what is in production."""
    now = now or timezone.now()
    week_ago = now - timedelta(days=7)
    leads = lead_list()
    lead_counts = leads.order_by().aggregate(
        total=Count("id"),
        new=Count("id", filter=Q(status=LeadStatus.NEW)),
        open=Count("id", filter=Q(status__in=(LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED))),
        this_week=Count("id", filter=Q(created_at__gte=week_ago)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True, status=LeadStatus.NEW)),
    )
    consultations = consultation_list()
    consultation_counts = consultations.order_by().aggregate(
        new=Count("id", filter=Q(status=ConsultationStatus.NEW)),
        upcoming=Count("id", filter=Q(status=ConsultationStatus.SCHEDULED, scheduled_at__gte=now)),
    )
    projects = project_list()
    project_counts = projects.order_by().aggregate(
        active=Count("id", filter=~Q(status__in=CLOSED_PROJECT_STATUSES)),
        overdue=Count("id", filter=~Q(status__in=CLOSED_PROJECT_STATUSES) & Q(deadline__lt=timezone.localdate(now))),
    )
    messages = contact_message_list()
    return {
        "leads": lead_counts,
        "consultations": consultation_counts,
        "projects": project_counts,
        "unread_messages": messages.filter(status=ContactMessageStatus.NEW).count(),
        "recent_leads": list(leads[:6]),
        "upcoming_consultations": list(
            consultations.filter(status=ConsultationStatus.SCHEDULED, scheduled_at__gte=now).order_by("scheduled_at")[
                :6
            ]
        ),
        "new_consultations": list(consultations.filter(status=ConsultationStatus.NEW)[:6]),
        "active_projects": list(projects.exclude(status__in=CLOSED_PROJECT_STATUSES).order_by("deadline", "id")[:6]),
    }


def _counts_by(queryset: QuerySet, field: str) -> dict[str, int]:
    return dict(queryset.order_by().values_list(field).annotate(n=Count("id")).values_list(field, "n"))


def crm_analytics(*, days: int = 30, now=None) -> dict:
    """The figures the CRM already holds, for the analytics page (page views come with the
    analytics app): inquiries per day, leads by source, interest and status, conversion."""
    now = now or timezone.now()
    start = timezone.localdate(now) - timedelta(days=days - 1)
    leads = lead_list()
    period_leads = leads.filter(created_at__date__gte=start)
    messages_per_day = _per_day(contact_message_list().filter(created_at__date__gte=start))
    consultations_per_day = _per_day(consultation_list().filter(created_at__date__gte=start))
    daily = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        daily.append(
            {"date": day, "messages": messages_per_day.get(day, 0), "consultations": consultations_per_day.get(day, 0)}
        )
    total = period_leads.count()
    converted = period_leads.filter(status=LeadStatus.CONVERTED).count()
    return {
        "days": days,
        "start": start,
        "daily": daily,
        "period_leads": total,
        "period_converted": converted,
        "conversion_rate": round(100 * converted / total, 1) if total else 0.0,
        "by_source": _counts_by(period_leads, "source"),
        "by_interest": _counts_by(period_leads, "service_interest"),
        "by_status": _counts_by(leads, "status"),
        "projects_by_status": _counts_by(project_list(), "status"),
        "messages_total": sum(d["messages"] for d in daily),
        "consultations_total": sum(d["consultations"] for d in daily),
    }


def _per_day(queryset: QuerySet) -> dict:
    from django.db.models.functions import TruncDate

    rows = queryset.order_by().annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("id"))
    return {row["day"]: row["n"] for row in rows}
