"""The admin's front page (Unfold's DASHBOARD_CALLBACK): what a manager needs each morning.
New leads today and this week, unassigned leads, consultations in the next 48 hours, overdue
projects, my overdue and due-today tasks; each a figure, a short list and a link to the filtered
list."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.content_cache import LEAD_LIST, kept
from apps.leads.models import OPEN_LEAD_STATUSES, ContactMessage, ContactMessageStatus, Lead

from .models import Task

SHORT_LIST = 5


def _changelist(name: str, **params) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def dashboard_callback(request, context: dict) -> dict:
    user = request.user
    today = timezone.localdate()
    today_start = timezone.make_aware(datetime.combine(today, time.min))
    week_start = today_start - timedelta(days=today.weekday())
    crm: dict = {}

    if user.has_perm("leads.view_lead"):
        open_unassigned = Q(assigned_to__isnull=True, status__in=OPEN_LEAD_STATUSES)
        crm["leads"] = Lead.objects.aggregate(
            today=Count("pk", filter=Q(created_at__gte=today_start)),
            week=Count("pk", filter=Q(created_at__gte=week_start)),
            unassigned=Count("pk", filter=open_unassigned),
        )
        # Oldest first: the lead waiting longest is the one to take.
        crm["unassigned_leads"] = list(Lead.objects.filter(open_unassigned).order_by("created_at", "id")[:SHORT_LIST])
        crm["links"] = {
            # The same parameters as the list's own "created" filter, so it shows as selected there.
            "today": _changelist("leads_lead", created_at__gte=str(today_start)),
            "week": _changelist("leads_lead", created_at__gte=str(week_start)),
            "unassigned": _changelist(
                "leads_lead", assignment="unassigned", status__in=",".join(str(s) for s in OPEN_LEAD_STATUSES)
            ),
        }

    if user.has_perm("consultations.view_consultation"):
        from apps.consultations.selectors import consultations_upcoming

        upcoming = consultations_upcoming(hours=48)
        crm["consultations"] = {
            "count": upcoming.count(),
            "items": list(upcoming.order_by("scheduled_at")[:SHORT_LIST]),
            "link": _changelist("consultations_consultation", when="next48h"),
        }

    if user.has_perm("projects.view_project"):
        from apps.projects.models import Project

        overdue = Project.objects.overdue().select_related("manager")
        crm["projects"] = {
            "count": overdue.count(),
            "items": list(overdue.order_by("deadline", "id")[:SHORT_LIST]),
            "link": _changelist("projects_project", overdue="yes"),
        }

    if user.has_perm("crm.view_task"):
        mine = Task.objects.open().filter(assignee=user)
        now = timezone.now()
        crm["tasks"] = mine.aggregate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            today=Count("pk", filter=Q(due_at__gte=now, due_at__lt=today_start + timedelta(days=1))),
        )
        crm["tasks"]["items"] = list(
            mine.filter(due_at__lt=today_start + timedelta(days=1)).select_related("lead", "project")[:SHORT_LIST]
        )
        crm["tasks"]["links"] = {
            "overdue": _changelist("crm_task", due="overdue", assignment="mine"),
            "today": _changelist("crm_task", due="today", assignment="mine"),
        }

    context["crm"] = crm
    context["title"] = _("Today in the CRM")
    return context


# --- Sidebar -----------------------------------------------------------------------------------


def _unassigned_open_leads() -> int:
    return Lead.objects.filter(assigned_to__isnull=True, status__in=OPEN_LEAD_STATUSES).count()


def sidebar_badges(request) -> dict[str, str]:
    """The sidebar's counts: open leads nobody has taken, contact messages nobody has opened.
    A count of nothing is "" (no badge), and only what the user may see is counted."""
    user = request.user
    badges = {"leads": "", "messages": ""}
    if user.has_perm("leads.view_lead"):
        # Counted once per change of the leads (every admin page shows it; at 100,000 leads the
        # count is a scan of the table on PostgreSQL).
        count = kept("crm:badge:unassigned-open-leads", _unassigned_open_leads, LEAD_LIST)
        badges["leads"] = str(count) if count else ""
    if user.has_perm("leads.view_contactmessage"):
        count = ContactMessage.objects.filter(status=ContactMessageStatus.NEW).count()
        badges["messages"] = str(count) if count else ""
    return badges


def language_switch_url(request) -> str:
    """Where Unfold's language menu posts: Django's set_language, mounted by apps.crm.urls."""
    try:
        return reverse("crm-set-language")
    except NoReverseMatch:  # not mounted yet: the menu posts nowhere rather than break every page
        return "/crm/set-language/"
