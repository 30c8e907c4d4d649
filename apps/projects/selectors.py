"""Reads for client projects."""

from django.db.models import DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from .models import Project


def project_list(*, status=None, manager=None, search=None, overdue=None) -> QuerySet[Project]:
    projects = Project.objects.select_related("manager", "lead").order_by("-created_at", "-id")
    if status:
        projects = projects.filter(status=status)
    if manager:
        projects = projects.filter(manager_id=manager)
    if overdue:
        projects = projects.filter(pk__in=Project.objects.overdue().values("pk"))
    if search:
        projects = projects.filter(
            Q(name__icontains=search) | Q(client_name__icontains=search) | Q(client_email__icontains=search)
        )
    return projects


def project_get(*, project_id: int) -> Project | None:
    return Project.objects.select_related("manager", "lead").filter(pk=project_id).first()


def budget_totals_by_status(queryset: QuerySet[Project]) -> list[dict]:
    """[{status, currency, total, count}] for the rows of `queryset` — one query."""
    from django.db.models import Count

    return list(
        queryset.order_by()
        .values("status", "currency")
        .annotate(total=Coalesce(Sum("budget"), 0, output_field=DecimalField()), count=Count("id"))
        .order_by("status", "currency")
    )
