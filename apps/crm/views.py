"""The pipeline boards, the calendar and the record search of the back office (mounted under
/admin/crm/ by baimuras/urls.py, behind the admin's login), and the managers' iCalendar feeds (a
public address whose secret is the credential). Thin: read the filters, call a selector, render;
a move calls the same service as every other status change (timeline entry, events)."""

import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from apps.accounts.selectors import staff_list
from apps.core.admin_base import error_text
from apps.core.exceptions import ApplicationError
from apps.leads import services as lead_services
from apps.leads.admin import LEAD_STATUS_COLORS
from apps.leads.models import LEAD_SOURCE_LABELS, Lead, LeadStatus, ServiceInterest
from apps.projects import services as project_services
from apps.projects.admin import PROJECT_STATUS_COLORS, money
from apps.projects.models import Project, ProjectStatus

from . import calendar, ical, search, selectors, services
from .cards import CardWriter
from .models import CalendarFeed

BOARDS = {
    "leads": {
        "model": Lead,
        "statuses": LeadStatus,
        "colors": LEAD_STATUS_COLORS,
        # `converted` is reached only by converting a lead: no card is dropped there by hand.
        "targets": [s for s in LeadStatus.values if s != LeadStatus.CONVERTED],
        "title": gettext_lazy("Leads"),
    },
    "projects": {
        "model": Project,
        "statuses": ProjectStatus,
        "colors": PROJECT_STATUS_COLORS,
        "targets": list(ProjectStatus.values),
        "title": gettext_lazy("Projects"),
    },
}


def _perm(kind: str, action: str) -> str:
    model = BOARDS[kind]["model"]._meta
    return f"{model.app_label}.{action}_{model.model_name}"


def _int(value) -> int | None:
    """An id from the query string, or None (also for one too big for a database integer)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -(2**63) <= number < 2**63 else None


def board_view(request, kind: str):
    if kind not in BOARDS or not request.user.has_perm(_perm(kind, "view")):
        raise PermissionDenied
    board = BOARDS[kind]
    opts = board["model"]._meta
    filters = {
        "mine": request.GET.get("mine") == "1",
        "manager": _int(request.GET.get("manager")),
    }
    if kind == "leads":
        filters["source"] = request.GET.get("source", "")
        filters["interest"] = request.GET.get("interest", "")
        columns = selectors.lead_board(user=request.user, **filters)
    else:
        columns = selectors.project_board(user=request.user, **filters)
    can_move = request.user.has_perm(_perm(kind, "change"))
    targets = [(value, str(label)) for value, label in board["statuses"].choices if value in board["targets"]]
    now = timezone.now()
    here = request.get_full_path()
    move_url = reverse("crm-board-move", args=[kind])
    # Labels translated once per page, not once per card (a board shows up to 50 cards a column).
    interests = {value: str(label) for value, label in ServiceInterest.choices} if kind == "leads" else None
    cards = CardWriter(
        request,
        kind=kind,
        targets=targets,
        can_move=can_move,
        move_url=move_url,
        here=here,
        now=now,
        interests=interests,
    )
    for column in columns:
        column.variant = board["colors"].get(column.status)
        column.droppable = column.status in board["targets"]
        column.total_text = " · ".join(money(total, currency) for currency, total in column.totals)
        cards.write(column)
    context = {
        **admin.site.each_context(request),
        "title": _("Pipeline board") + ": " + str(board["title"]),
        "kind": kind,
        "columns": columns,
        "targets": targets,
        "can_move": can_move,
        "filters": filters,
        "managers": list(staff_list()),
        "sources": list(LEAD_SOURCE_LABELS.items()) if kind == "leads" else [],
        "interests": ServiceInterest.choices if kind == "leads" else [],
        "move_url": move_url,
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/crm/board.html", context)


def board_move_view(request, kind: str):
    """Move one card: `id` and `status` posted by the drag and drop (fetch, answered in JSON) or
    by the card's own form (no JavaScript: redirected back to the board with a message)."""
    if kind not in BOARDS or not request.user.has_perm(_perm(kind, "change")):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseRedirect(reverse("crm-board", args=[kind]))
    board = BOARDS[kind]
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    record = get_object_or_404(board["model"], pk=_int(request.POST.get("id")))
    status = request.POST.get("status", "")
    try:
        if status not in board["targets"]:
            raise ValidationError(_("A card cannot be moved there by hand."))
        if kind == "leads":
            lead_services.lead_set_status(lead=record, status=status, actor=request.user)
        else:
            project_services.project_update(project=record, data={"status": status}, actor=request.user)
    except (ValidationError, ApplicationError) as exc:
        if wants_json:
            return JsonResponse({"ok": False, "error": error_text(exc)}, status=400)
        messages.error(request, error_text(exc))
    else:
        if wants_json:
            return JsonResponse({"ok": True, "id": record.pk, "status": record.status})
        messages.success(
            request,
            _("“%(name)s” moved to “%(status)s”.") % {"name": record, "status": board["statuses"](status).label},
        )
    back = request.POST.get("next", "")
    return HttpResponseRedirect(back if back.startswith("/admin/crm/board/") else reverse("crm-board", args=[kind]))


# --- The calendar ------------------------------------------------------------------------------


def _calendar_manager(request) -> tuple[str, int | None]:
    """The manager filter: `mine=1` (or `manager=mine`), `manager=<id>` or `manager=all`; by
    default a manager sees their own entries and an admin everybody's. Anything else falls back to
    the default."""
    user = request.user
    value = request.GET.get("manager", "")
    if request.GET.get("mine") == "1" or value == "mine":
        return "mine", user.pk
    if value == "all":
        return "all", None
    if (manager := _int(value)) is not None and manager > 0:
        return str(manager), manager
    return ("all", None) if user.is_superuser or user.role != "manager" else ("mine", user.pk)


def calendar_view(request):
    if not request.user.has_perm("consultations.view_consultation"):
        raise PermissionDenied
    now = timezone.now()
    view = request.GET.get("view") if request.GET.get("view") in calendar.VIEWS else "week"
    anchor = calendar.parse_day(request.GET.get("date"), timezone.localdate(now))
    choice, manager = _calendar_manager(request)
    period = calendar.period_for(view, anchor)
    start, end = period.bounds()
    entries = selectors.calendar_entries(start=start, end=end, manager=manager)
    can_view_projects = request.user.has_perm("projects.view_project")
    if not can_view_projects:
        entries = [entry for entry in entries if entry.kind == "consultation"]
    for entry in entries:
        entry.label, entry.url = calendar.entry_label(entry), calendar.entry_admin_path(entry)
    calendar.fill(period, entries, now=now)

    keep = {"mine": "1"} if choice == "mine" else {"manager": choice}
    add_url = ""
    if request.user.has_perm("consultations.add_consultation"):
        preset = {"status": "scheduled", **({"assigned_to": manager} if manager else {})}
        add_url = reverse("admin:consultations_consultation_add") + "?" + urlencode(preset) + "&scheduled_at="

    def link(**params) -> str:
        return "?" + urlencode({"view": view, **keep, **params})

    calendar.add_links(period, keep=keep, add_url=add_url)
    previous, following = calendar.neighbours(period)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    context = {
        **admin.site.each_context(request),
        "title": _("Calendar"),
        "period": period,
        "view": view,
        "choice": choice,
        "managers": list(staff_list()),
        "previous_url": link(date=previous.isoformat()),
        "next_url": link(date=following.isoformat()),
        "today_url": link(),
        "week_url": "?" + urlencode({"view": "week", **keep, "date": anchor.isoformat()}),
        "month_url": "?" + urlencode({"view": "month", **keep, "date": anchor.isoformat()}),
        "feed_url": settings.SITE_URL + reverse("crm-calendar-feed", args=[feed.token]) if feed else "",
        "feed_action_url": reverse("crm-calendar-feed-action"),
        "changelist_url": reverse("admin:consultations_consultation_changelist"),
        "time_zone": settings.TIME_ZONE,
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/crm/calendar.html", context)


FEED_ACTIONS = {
    "enable": (services.calendar_feed_enable, gettext_lazy("Your calendar feed is on: add its address to your phone.")),
    "regenerate": (
        services.calendar_feed_regenerate,
        gettext_lazy("The feed has a new address; the old one no longer works."),
    ),
    "revoke": (services.calendar_feed_revoke, gettext_lazy("The calendar feed is turned off.")),
}


def calendar_feed_action_view(request):
    """Turn the user's own feed on, give it a new secret address, or turn it off (POST, CSRF)."""
    if not request.user.has_perm("consultations.view_consultation"):
        raise PermissionDenied
    back = reverse("crm-calendar")
    if request.method != "POST" or request.POST.get("action") not in FEED_ACTIONS:
        return HttpResponseRedirect(back)
    write, done = FEED_ACTIONS[request.POST["action"]]
    try:
        write(user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(back)  # the message shows at the top


def calendar_feed_view(request, token: str):
    """`/crm/calendar/<token>.ics`: no session, the secret in the address is the credential. An
    unknown or revoked token, or one whose owner is no longer an active manager, is a 404."""
    user = selectors.calendar_feed_user(token=token)
    if user is None:
        raise Http404
    response = HttpResponse(ical.feed_ics(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="baimuras.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


def search_view(request):
    """`/admin/crm/search/?q=`: leads, contact messages, projects, consultations and users matching
    `q`, grouped by kind; works without JavaScript (the command palette is the quick way in)."""
    query = search.clean_query(request.GET.get("q"))
    groups = search.record_search(user=request.user, query=query)
    context = {
        **admin.site.each_context(request),
        "title": pgettext("record search", "Search"),
        "query": query,
        "groups": groups,
        "too_short": 0 < len(query) < search.MIN_QUERY_LENGTH,
    }
    request.current_app = admin.site.name
    return TemplateResponse(request, "admin/crm/search.html", context)


def command_search_view(request):
    """Unfold's `/admin/search/` (the command palette, `apps.crm.search.command_search`), answered
    now: Unfold keeps each user's results of a query for five minutes, in the language they were
    asked in and without the records added since. Its entry (keyed as Unfold 0.91 keys it) is
    dropped first; mounted by baimuras/urls.py in front of the admin's own route."""
    term = (request.GET.get("s") or "").lower()
    cache.delete("unfold_search_" + hashlib.sha256(force_bytes(f"{request.user.pk}_{term}")).hexdigest())
    return admin.site.search(request)
