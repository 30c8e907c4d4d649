"""The demo's month looks like an office's: leads on weekdays in office hours (each its own minute),
a card in every column of both boards, consultations booked in working hours, tasks overdue and due
today, and the demo client's project on their dashboard. Loading twice changes nothing."""

import io
import random
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from apps.accounts import demo as accounts_demo
from apps.accounts.models import User
from apps.consultations.models import Consultation
from apps.crm import demo as crm_demo
from apps.crm import selectors
from apps.crm.models import Task
from apps.leads.models import ContactMessage, Lead, LeadActivity
from apps.portfolio import demo as portfolio_demo
from apps.projects.models import Project

pytestmark = pytest.mark.django_db

DEMO_LEADS = Q(email__endswith=f"@{crm_demo.DOMAIN}") | Q(email__iexact=crm_demo.CLIENT_EMAIL)


@pytest.fixture
def demo(settings, monkeypatch, tmp_path):
    monkeypatch.setattr(accounts_demo, "_password_file", lambda: tmp_path / "demo-admin-password")
    monkeypatch.setattr(portfolio_demo, "load", lambda: 0)  # its drawn pictures are tested in tests/portfolio
    call_command("load_demo", pageviews=0, stdout=io.StringIO())
    return (tmp_path / "demo-admin-password").read_text().strip()


def in_office_hours(moment) -> bool:
    local = timezone.localtime(moment)
    return local.weekday() < 5 and crm_demo.OPENS <= local.hour < crm_demo.CLOSES


def test_leads_came_in_over_a_month_on_weekdays_in_office_hours(demo, settings):
    assert settings.TIME_ZONE == "Asia/Almaty"
    created = list(Lead.objects.filter(DEMO_LEADS).values_list("created_at", flat=True))

    assert len(created) >= 20
    assert all(in_office_hours(moment) for moment in created), sorted(map(timezone.localtime, created))
    minutes = {timezone.localtime(moment).replace(second=0, microsecond=0) for moment in created}
    assert len(minutes) == len(created)  # not all stamped the same minute
    now = timezone.now()
    assert all(now - timedelta(days=31) < moment < now for moment in created)
    assert max(created) - min(created) > timedelta(days=14)


def test_timeline_and_inquiries_follow_the_leads_dates(demo):
    for lead in Lead.objects.filter(DEMO_LEADS):
        entries = list(LeadActivity.objects.filter(lead=lead).order_by("id").values_list("created_at", flat=True))
        assert entries[0] == lead.created_at
        assert entries == sorted(entries)
        assert entries[-1] <= timezone.now()
    for message in ContactMessage.objects.filter(email__endswith=f"@{crm_demo.DOMAIN}"):
        assert in_office_hours(message.created_at)
    for project in Project.objects.filter(lead__in=Lead.objects.filter(DEMO_LEADS)):
        assert project.created_at >= project.lead.created_at


def test_every_board_column_has_cards(demo):
    manager = User.objects.get(email="manager@baimuras.local")

    lead_columns = selectors.lead_board(user=manager)
    project_columns = selectors.project_board(user=manager)

    assert {column.status: column.count > 0 for column in lead_columns} == {c.status: True for c in lead_columns}
    assert all(column.cards for column in project_columns), [(c.status, c.count) for c in project_columns]


def test_consultations_are_booked_in_working_hours_ahead(demo):
    booked = Consultation.objects.filter(scheduled_at__isnull=False)

    assert booked.count() >= 2
    for consultation in booked:
        assert in_office_hours(consultation.scheduled_at), timezone.localtime(consultation.scheduled_at)
        assert consultation.scheduled_at > timezone.now()
        assert consultation.assigned_to is not None


def test_project_visits_are_in_working_hours(demo):
    visits = [
        *Project.objects.exclude(measurement_date=None).values_list("measurement_date", flat=True),
        *Project.objects.exclude(installation_date=None).values_list("installation_date", flat=True),
    ]

    assert len(visits) >= 3
    assert all(in_office_hours(visit) for visit in visits)


def test_the_managers_day_has_overdue_tasks_and_tasks_due_today(demo):
    manager = User.objects.get(email="manager@baimuras.local")
    tasks = Task.objects.filter(assignee=manager)

    assert tasks.overdue().count() >= 2
    assert tasks.due_today().count() >= 2
    assert tasks.filter(due_at__gte=timezone.now() + timedelta(days=1)).exists()
    assert all(in_office_hours(task.due_at) for task in tasks.overdue())


def test_the_demo_client_sees_their_project_and_visit_on_their_dashboard(demo, client):
    assert client.login(email=crm_demo.CLIENT_EMAIL, password=demo)

    response = client.get(reverse("site:dashboard"))

    assert response.status_code == 200
    project = Project.objects.get(client_email=crm_demo.CLIENT_EMAIL)
    assert [p.pk for p in response.context["projects"]] == [project.pk]
    assert project.name in response.content.decode()
    assert [c.email for c in response.context["consultations"]] == [crm_demo.CLIENT_EMAIL]


def test_loading_twice_changes_nothing(demo):
    counts = [model.objects.count() for model in (Lead, LeadActivity, Project, Consultation, Task, ContactMessage)]

    call_command("load_demo", pageviews=0, stdout=io.StringIO())

    assert [model.objects.count() for model in (Lead, LeadActivity, Project, Consultation, Task, ContactMessage)] == (
        counts
    )


# -- the calendar arithmetic, at any hour the demo is loaded --


@pytest.mark.parametrize("hour", [0, 8, 12, 18, 23])
@pytest.mark.parametrize("day", [0, 4, 5, 6])  # 2026-11-30 is a Monday: Monday, Friday, Saturday, Sunday
def test_office_moments_and_slots_at_any_time(hour, day):
    now = timezone.make_aware(datetime(2026, 11, 30, hour, 30) + timedelta(days=day))

    moments = crm_demo.office_moments(random.Random(1), 25, now=now)
    later = crm_demo._later_today(now, 17)

    assert moments == sorted(moments) and all(in_office_hours(m) and m < now for m in moments)
    assert in_office_hours(crm_demo.next_office_slot(now.date(), 11))
    assert crm_demo.next_office_slot(now.date(), 11) > now
    assert now < later and timezone.localdate(later) == now.date()
    assert crm_demo.previous_office_day(now.date()) < now.date()
