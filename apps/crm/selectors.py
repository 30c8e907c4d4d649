"""Reads of the back office: the pipeline boards (leads by status, projects by stage)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from apps.leads.models import Lead, LeadStatus
from apps.projects.models import Project, ProjectStatus

from .models import Task

CARDS_PER_COLUMN = 50


@dataclass
class Column:
    status: str
    label: str
    count: int = 0
    totals: list[tuple[str, Decimal]] = field(default_factory=list)  # (currency, sum of budgets)
    cards: list = field(default_factory=list)


def _with_next_task(queryset: QuerySet, relation: str) -> QuerySet:
    upcoming = Task.objects.open().filter(**{relation: OuterRef("pk")}).order_by("due_at", "id")
    return queryset.annotate(
        next_task_title=Subquery(upcoming.values("title")[:1]),
        next_task_due=Subquery(upcoming.values("due_at")[:1]),
    )


def lead_board(*, user, mine: bool = False, manager: int | None = None, source: str = "", interest: str = ""):
    """One column per lead status, in pipeline order: its count and its newest cards. A fixed
    number of queries (one for the counts, one per column), however many leads there are."""
    leads = Lead.objects.all()
    if mine:
        leads = leads.filter(assigned_to=user)
    if manager:
        leads = leads.filter(assigned_to_id=manager)
    if source:
        leads = leads.filter(source=source)
    if interest:
        leads = leads.filter(service_interest=interest)
    counts = dict(leads.order_by().values_list("status").annotate(n=Count("pk")))
    cards = _with_next_task(leads.select_related("assigned_to"), "lead").order_by("-updated_at", "-id")
    return [
        Column(
            status=status,
            label=label,
            count=counts.get(status, 0),
            cards=list(cards.filter(status=status)[:CARDS_PER_COLUMN]),
        )
        for status, label in LeadStatus.choices
    ]


def project_board(*, user, mine: bool = False, manager: int | None = None):
    """One column per project stage: count, budget sums (one per currency) and cards."""
    projects = Project.objects.all()
    if mine:
        projects = projects.filter(manager=user)
    if manager:
        projects = projects.filter(manager_id=manager)
    counts: dict[str, int] = {}
    sums: dict[str, list] = {}
    for row in projects.order_by().values("status", "currency").annotate(n=Count("pk"), total=Sum("budget")):
        counts[row["status"]] = counts.get(row["status"], 0) + row["n"]
        if row["total"] is not None:
            sums.setdefault(row["status"], []).append((row["currency"], row["total"]))
    cards = _with_next_task(projects.select_related("manager", "lead"), "project").order_by("-updated_at", "-id")
    return [
        Column(
            status=status,
            label=label,
            count=counts.get(status, 0),
            totals=sorted(sums.get(status, [])),
            cards=list(cards.filter(status=status)[:CARDS_PER_COLUMN]),
        )
        for status, label in ProjectStatus.choices
    ]
