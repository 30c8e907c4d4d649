import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.projects import selectors, services
from apps.projects.models import Project, ProjectStatus
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_create_with_defaults(manager):
    project = services.project_create(
        name="  Гардеробная  ",
        budget=Decimal("750000"),
        deadline=datetime.date(2031, 1, 15),
        client_name="Марат",
        client_email="Marat@Example.com",
        client_phone="8 777 123 45 67",
        manager=manager,
    )

    project.refresh_from_db()
    assert project.name == "Гардеробная"
    assert project.status == ProjectStatus.PLANNING
    assert (project.budget, project.currency) == (Decimal("750000.00"), "KZT")
    assert (project.client_email, project.client_phone) == ("marat@example.com", "+77771234567")
    assert project.manager == manager
    assert project.lead is None


def test_currency_comes_from_the_setting_or_the_caller(settings):
    settings.DEFAULT_CURRENCY = "USD"
    assert services.project_create(name="A").currency == "USD"
    assert services.project_create(name="B", currency="kgs").currency == "KGS"


def test_create_links_the_lead():
    lead = LeadFactory()
    project = services.project_create(name="Кухня", lead=lead)
    lead.refresh_from_db()
    assert lead.project == project


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"name": ""}, {"name"}),
        ({"name": "A", "client_phone": "abc"}, {"client_phone"}),
        ({"name": "A", "budget": Decimal("-5")}, {"budget"}),
        ({"name": "A", "status": "shipped"}, {"status"}),
        ({"name": "A", "client_email": "nope"}, {"client_email"}),
    ],
)
def test_create_validation_names_the_field(kwargs, fields):
    with pytest.raises(ValidationError) as exc:
        services.project_create(**kwargs)
    assert set(exc.value.message_dict) == fields
    assert not Project.objects.exists()


def test_a_lead_has_at_most_one_project():
    lead = LeadFactory()
    services.project_create(name="Первый", lead=lead)
    with pytest.raises(ValidationError) as exc:
        services.project_create(name="Второй", lead=lead)
    assert set(exc.value.message_dict) == {"lead"}


def test_update_is_partial_and_moves_through_the_workflow(manager):
    project = ProjectFactory(budget=Decimal("100"), currency="KZT")

    for status in (
        ProjectStatus.MEASUREMENT,
        ProjectStatus.DESIGN,
        ProjectStatus.APPROVAL,
        ProjectStatus.PRODUCTION,
        ProjectStatus.INSTALLATION,
        ProjectStatus.COMPLETED,
    ):
        services.project_update(project=project, data={"status": status}, actor=manager)
        project.refresh_from_db()
        assert project.status == status

    services.project_update(
        project=project, data={"currency": "usd", "client_phone": "+996 509 912 569", "manager": manager}
    )
    project.refresh_from_db()
    assert (project.currency, project.client_phone, project.manager) == ("USD", "+996509912569", manager)
    assert project.budget == Decimal("100.00")  # untouched


def test_update_refuses_bad_values_and_unknown_fields():
    project = ProjectFactory()
    for data, field in (({"status": "shipped"}, "status"), ({"client_phone": "abc"}, "client_phone")):
        with pytest.raises(ValidationError) as exc:
            services.project_update(project=project, data=data)
        assert set(exc.value.message_dict) == {field}
    with pytest.raises(ValueError, match="lead"):
        services.project_update(project=project, data={"lead": None})
    project.refresh_from_db()
    assert project.status == ProjectStatus.PLANNING


def test_overdue_means_an_open_project_past_its_deadline():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    late = ProjectFactory(deadline=yesterday)
    ProjectFactory(deadline=yesterday, status=ProjectStatus.COMPLETED)
    ProjectFactory(deadline=timezone.localdate() + datetime.timedelta(days=3))

    assert list(selectors.project_list(overdue=True)) == [late]
    assert late.is_overdue


def test_budget_totals_by_status_and_currency():
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("100"), currency="KZT")
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("50"), currency="KZT")
    ProjectFactory(status=ProjectStatus.DESIGN, budget=None, currency="KZT")
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("7"), currency="USD")

    totals = selectors.budget_totals_by_status(Project.objects.all())

    assert totals == [
        {"status": "design", "currency": "KZT", "total": Decimal("150"), "count": 3},
        {"status": "design", "currency": "USD", "total": Decimal("7"), "count": 1},
    ]
