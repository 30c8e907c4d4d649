"""Writes for client projects."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from apps.core.phones import normalize_phone

from .models import Project

PROJECT_FIELDS = {
    "name",
    "description",
    "status",
    "budget",
    "currency",
    "deadline",
    "client_name",
    "client_email",
    "client_phone",
    "manager",
}


@transaction.atomic
def project_create(
    *,
    name: str,
    description: str = "",
    status: str | None = None,
    budget: Decimal | None = None,
    currency: str | None = None,
    deadline: date | None = None,
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
        lead=lead,
        client_name=client_name or "",
        client_email=(client_email or "").lower(),
        client_phone=normalize_phone(client_phone),
        manager=manager,
    )
    if status:
        project.status = status
    project.full_clean()
    project.save()
    return project


@transaction.atomic
def project_update(*, project: Project, data: dict, actor=None) -> Project:
    """Partial update: only the keys in `data` change."""
    unknown = set(data) - PROJECT_FIELDS
    if unknown:
        raise ValueError(f"Unknown project fields: {sorted(unknown)}")
    if "client_phone" in data:
        data = {**data, "client_phone": normalize_phone(data["client_phone"])}
    if data.get("currency"):
        data = {**data, "currency": data["currency"].upper()}
    for field, value in data.items():
        setattr(project, field, value)
    project.full_clean()
    project.save()
    return project
