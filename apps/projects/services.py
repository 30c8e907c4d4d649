"""Writes for client projects."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.events import emit, snapshot
from apps.core.exceptions import Conflict
from apps.core.phones import normalize_phone
from apps.core.validation import full_clean
from apps.leads import services as lead_services
from apps.leads.events import lead_data
from apps.leads.models import ActivityKind, Lead, LeadStatus

from .models import Project

PROJECT_FIELDS = {
    "name",
    "description",
    "status",
    "budget",
    "currency",
    "deadline",
    "measurement_date",
    "installation_date",
    "client_name",
    "client_email",
    "client_phone",
    "manager",
}


PROJECT_EVENT_FIELDS = (
    "id",
    "name",
    "description",
    "status",
    "budget",
    "currency",
    "deadline",
    "lead",
    "client_name",
    "client_email",
    "client_phone",
    "manager",
    "created_at",
    "updated_at",
)


def _project_data(project: Project, **extra) -> dict:
    """`project.*` events of client projects carry `"kind": "client"` (contract §11)."""
    return {**snapshot(project, PROJECT_EVENT_FIELDS), "kind": "client", **extra}


def _client_phone(value: str | None) -> str:
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError({"client_phone": exc.messages}) from exc


@transaction.atomic
def project_create(
    *,
    name: str,
    description: str = "",
    status: str | None = None,
    budget: Decimal | None = None,
    currency: str | None = None,
    deadline: date | None = None,
    measurement_date: datetime | None = None,
    installation_date: datetime | None = None,
    lead=None,
    client_name: str = "",
    client_email: str = "",
    client_phone: str = "",
    manager=None,
) -> Project:
    project = Project(
        name=(name or "").strip(),
        description=description or "",
        budget=budget,
        currency=(currency or settings.DEFAULT_CURRENCY).upper(),
        deadline=deadline,
        measurement_date=measurement_date,
        installation_date=installation_date,
        lead=lead,
        client_name=client_name or "",
        client_email=(client_email or "").lower(),
        client_phone=_client_phone(client_phone),
        manager=manager,
    )
    if status:
        project.status = status
    full_clean(project)
    project.save()
    emit("project.created", _project_data(project))
    return project


@transaction.atomic
def project_update(*, project: Project, data: dict, actor=None) -> Project:
    """Partial update: only the keys in `data` change."""
    unknown = set(data) - PROJECT_FIELDS
    if unknown:
        raise ValueError(f"Unknown project fields: {sorted(unknown)}")
    if "client_phone" in data:
        data = {**data, "client_phone": _client_phone(data["client_phone"])}
    if "client_email" in data:
        data = {**data, "client_email": (data["client_email"] or "").strip().lower()}
    if data.get("currency"):
        data = {**data, "currency": data["currency"].upper()}
    before = {field: getattr(project, field) for field in data}
    for field, value in data.items():
        setattr(project, field, value)
    full_clean(project)
    project.save()
    changed = sorted(field for field in data if getattr(project, field) != before[field])
    if changed:
        emit("project.updated", _project_data(project, changed=changed))
    return project


def lead_has_project(*, lead: Lead) -> bool:
    return Project.objects.filter(lead=lead).exists()


@transaction.atomic
def lead_convert(
    *, lead: Lead, project_name: str, budget: Decimal | None = None, deadline: date | None = None, actor=None
):
    """The lead becomes a client project; converting twice is a conflict."""
    given = lead
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.status == LeadStatus.CONVERTED or lead_has_project(lead=lead):
        raise Conflict(_("This lead has already been converted into a project"))
    if lead.status == LeadStatus.LOST:
        raise Conflict(_("A lost lead cannot be converted; reopen it first"))
    manager = lead.assigned_to or (actor if getattr(actor, "role", None) in ("admin", "manager") else None)
    try:
        project = project_create(
            name=project_name,
            budget=budget,
            deadline=deadline,
            lead=lead,
            client_name=lead.name,
            client_email=lead.email,
            client_phone=lead.phone,
            manager=manager,
            description=lead.notes,
        )
    except ValidationError as exc:
        # Name the caller's argument, not the project's field, in the per-field errors.
        if hasattr(exc, "error_dict") and "name" in exc.error_dict:
            exc.error_dict["project_name"] = exc.error_dict.pop("name")
        raise
    old_status = lead.status
    lead.status = LeadStatus.CONVERTED
    lead.save(update_fields=["status", "updated_at"])
    # The caller's instance must not keep the old status: saving it later would undo the conversion.
    given.status, given.updated_at = lead.status, lead.updated_at
    Lead._meta.get_field("project").set_cached_value(given, project)  # nor a "no project" it had cached
    emit("lead.updated", lead_data(lead, changed=["status"], project_id=project.pk))
    lead_services.activity_add(
        lead=lead,
        kind=ActivityKind.CONVERTED,
        params={"old": str(old_status), "project_id": project.pk, "project": project.name},
        author=actor,
    )
    return project
