"""A timeline entry in words: its kind and params rendered in the active language. Params hold
codes and ids (`{"old": "new", "new": "contacted"}`), so a Kazakh-speaking manager reads the same
entry in Kazakh that a Russian-speaking one wrote in Russian."""

from django.utils.translation import gettext as _

from apps.core.phones import format_phone

from .models import ActivityKind, LeadStatus, lead_source_label


def _status(code) -> str:
    try:
        return str(LeadStatus(code).label)
    except ValueError:
        return str(code or "—")


def _field_label(field: str) -> str:
    from .models import Lead

    try:
        return str(Lead._meta.get_field(field).verbose_name)
    except Exception:
        return field


def render_entry(kind: str, params: dict | None, text: str = "") -> str:
    params = params or {}
    if not params:
        return text  # a person's words (note, call, email) or an entry from before params existed
    if kind == ActivityKind.CREATED:
        return _("Lead created (source: %(source)s)") % {"source": lead_source_label(params.get("source", ""))}
    if kind == ActivityKind.STATUS_CHANGE:
        return _("Status: %(old)s → %(new)s") % {"old": _status(params.get("old")), "new": _status(params.get("new"))}
    if kind == ActivityKind.ASSIGNMENT:
        name = params.get("manager") or ""
        return _("Assigned to %(name)s") % {"name": name} if name else _("Unassigned")
    if kind == ActivityKind.INQUIRY:
        heading = _("New inquiry (source: %(source)s)") % {"source": lead_source_label(params.get("source", ""))}
        if offered := params.get("offered"):
            details = ", ".join(
                f"{_field_label(field)}: {format_phone(value) if field == 'phone' else value}"
                for field, value in offered.items()
            )
            heading += "\n" + _("Contact details that differ from the lead (check them before adding): %(details)s") % {
                "details": details
            }
        return f"{heading}\n{text}" if text else heading
    if kind == ActivityKind.CONVERTED:
        return _("Converted from %(old)s into the project “%(name)s”") % {
            "old": _status(params.get("old")),
            "name": params.get("project", ""),
        }
    return text
