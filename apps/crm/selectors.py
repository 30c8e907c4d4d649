"""Reads of the back office: the pipeline boards (leads by status, projects by stage) and the
calendar (consultations, measurement and installation visits)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from apps.accounts.models import Role
from apps.consultations.models import Consultation, ConsultationStatus, ConsultationType
from apps.leads.models import Lead, LeadStatus
from apps.projects.models import Project, ProjectStatus

from .models import CalendarFeed, Task

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


# --- The calendar ------------------------------------------------------------------------------

# Neither model stores how long a visit takes: these are the lengths the calendar draws.
CONSULTATION_MINUTES = {
    ConsultationType.OFFICE_VISIT: 60,
    ConsultationType.HOME_VISIT: 90,
    ConsultationType.ONLINE: 45,
}
MEASUREMENT_MINUTES = 60
INSTALLATION_MINUTES = 240


@dataclass
class CalendarEntry:
    """One thing on the calendar: a consultation, or a project's measurement or installation."""

    kind: str  # "consultation", "measurement" or "installation"
    record: object  # the Consultation or the Project
    start: datetime
    end: datetime
    client: str
    manager: object | None

    @property
    def uid_part(self) -> str:
        return (
            f"consultation-{self.record.pk}" if self.kind == "consultation" else f"project-{self.record.pk}-{self.kind}"
        )


def calendar_entries(*, start: datetime, end: datetime, manager: int | None = None) -> list[CalendarEntry]:
    """Consultations scheduled in [start, end) and project visits in it, in time order: two
    queries, however many there are. Cancelled consultations and projects are left out."""
    consultations = (
        Consultation.objects.filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .exclude(status=ConsultationStatus.CANCELLED)
        .select_related("assigned_to")
    )
    in_range = Q(measurement_date__gte=start, measurement_date__lt=end) | Q(
        installation_date__gte=start, installation_date__lt=end
    )
    projects = Project.objects.filter(in_range).exclude(status=ProjectStatus.CANCELLED).select_related("manager")
    if manager:
        consultations = consultations.filter(assigned_to_id=manager)
        projects = projects.filter(manager_id=manager)
    entries = [
        CalendarEntry(
            kind="consultation",
            record=c,
            start=c.scheduled_at,
            end=c.scheduled_at + timedelta(minutes=CONSULTATION_MINUTES.get(c.consultation_type, 60)),
            client=c.name,
            manager=c.assigned_to,
        )
        for c in consultations
    ]
    for project in projects:
        for kind, moment, minutes in (
            ("measurement", project.measurement_date, MEASUREMENT_MINUTES),
            ("installation", project.installation_date, INSTALLATION_MINUTES),
        ):
            if moment is not None and start <= moment < end:
                entries.append(
                    CalendarEntry(
                        kind=kind,
                        record=project,
                        start=moment,
                        end=moment + timedelta(minutes=minutes),
                        client=project.client_name or project.name,
                        manager=project.manager,
                    )
                )
    entries.sort(key=lambda e: (e.start, e.kind, e.record.pk))
    return entries


def calendar_feed_user(*, token: str):
    """The owner of a feed token, if the token is current and its owner still an active manager
    or admin; else None."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True, user__role__in=(Role.ADMIN, Role.MANAGER))
        .first()
    )
    return feed.user if feed is not None else None
