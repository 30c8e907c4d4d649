"""The pipeline boards of the back office (mounted under /admin/crm/ by baimuras/urls.py, behind
the admin's login). Thin: read the filters, call a selector, render; a move calls the same
service as every other status change (timeline entry, events)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.selectors import staff_list
from apps.core.admin_base import error_text
from apps.core.exceptions import ApplicationError
from apps.leads import services as lead_services
from apps.leads.admin import LEAD_STATUS_COLORS
from apps.leads.models import LEAD_SOURCE_LABELS, Lead, LeadStatus, ServiceInterest
from apps.projects import services as project_services
from apps.projects.admin import PROJECT_STATUS_COLORS, money
from apps.projects.models import Project, ProjectStatus

from . import selectors

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
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
    for column in columns:
        column.variant = board["colors"].get(column.status)
        column.droppable = column.status in board["targets"]
        column.total_text = " · ".join(money(total, currency) for currency, total in column.totals)
    can_move = request.user.has_perm(_perm(kind, "change"))
    targets = [(value, label) for value, label in board["statuses"].choices if value in board["targets"]]
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
        "move_url": reverse("crm-board-move", args=[kind]),
        "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        "now": timezone.now(),
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
