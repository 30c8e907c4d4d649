"""The CRM back office for client projects: pages, filters, the status pipeline, overdue work and
the budget totals per status above the list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts import services as account_services
from apps.accounts.models import Role
from apps.projects.admin import ProjectAdmin, money
from apps.projects.models import Project, ProjectStatus
from tests.accounts.factories import UserFactory
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

# Clients come from request.getfixturevalue, which pytest-django cannot see when it orders the
# tests: the mark keeps these with the other database tests, before any transactional one.
pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:projects_project_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def manager_client(client, manager):
    account_services.user_groups_sync(user=manager)
    client.force_login(manager)
    return client


def post_action(client, action, objects, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [o.pk for o in objects], **extra})


def names(client, **params) -> set[str]:
    return {project.name for project in client.get(CHANGELIST, params).context["cl"].result_list}


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
def test_pages_render(request, as_manager):
    client = request.getfixturevalue("manager_client" if as_manager else "admin_client")
    project = ProjectFactory(name="Кухня Ахметовых", client_name="Айдар Ахметов")
    assert client.get(CHANGELIST).status_code == 200
    assert "Кухня Ахметовых" in client.get(CHANGELIST, {"q": "Ахметов"}).content.decode()
    assert client.get(reverse("admin:projects_project_add")).status_code == 200
    assert client.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "design"},
        {"overdue": "yes"},
        {"overdue": "no"},
        {"assignment": "mine"},
        {"assignment": "unassigned"},
        {"deadline__gte": "2020-01-01"},
        {"created_at__year": "2030"},
    ],
)
def test_filters_render(admin_client, params):
    ProjectFactory.create_batch(2)
    assert admin_client.get(CHANGELIST, params).status_code == 200


def test_overdue_filter_and_badge(admin_client):
    yesterday = timezone.localdate() - timedelta(days=1)
    ProjectFactory(name="Опаздывает", deadline=yesterday, status=ProjectStatus.PRODUCTION)
    ProjectFactory(name="Сдан", deadline=yesterday, status=ProjectStatus.COMPLETED)
    ProjectFactory(name="В срок")
    assert names(admin_client, overdue="yes") == {"Опаздывает"}
    assert names(admin_client, overdue="no") == {"Сдан", "В срок"}
    html = admin_client.get(CHANGELIST).content.decode()
    assert "bg-red-100" in html  # the overdue deadline is a red badge


def test_assignment_and_manager_filters(admin_client, admin_user):
    other = UserFactory(role=Role.MANAGER)
    ProjectFactory(name="Мой", manager=admin_user)
    ProjectFactory(name="Его", manager=other)
    ProjectFactory(name="Ничей")
    assert names(admin_client, assignment="mine") == {"Мой"}
    assert names(admin_client, assignment="unassigned") == {"Ничей"}
    assert names(admin_client, manager__id__exact=other.pk) == {"Его"}


def test_budget_totals_per_status_follow_the_filters(admin_client):
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("100000"))
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("250000"))
    ProjectFactory(status=ProjectStatus.PRODUCTION, budget=Decimal("1000000"))
    ProjectFactory(status=ProjectStatus.PRODUCTION, budget=None)
    totals = admin_client.get(CHANGELIST).context["budget_totals"]
    by_status = {entry["status"]: entry for entry in totals["statuses"]}
    assert [entry["status"] for entry in totals["statuses"]] == ["design", "production"]  # pipeline order
    assert by_status["design"]["count"] == 2
    assert by_status["design"]["amounts"] == ["350\xa0000\xa0KZT"]
    assert by_status["production"]["amounts"] == ["1\xa0000\xa0000\xa0KZT"]
    assert totals["count"] == 4
    assert totals["amounts"] == ["1\xa0350\xa0000\xa0KZT"]
    # filtered: only what the list shows is summed
    totals = admin_client.get(CHANGELIST, {"status__exact": "production"}).context["budget_totals"]
    assert [entry["status"] for entry in totals["statuses"]] == ["production"]
    html = admin_client.get(CHANGELIST).content.decode()
    assert 'id="budget-totals"' in html


def test_money_is_grouped_in_every_site_language():
    for language in ("ru", "kk", "ky"):
        with translation.override(language):
            assert money(Decimal("1200000.00"), "KZT") == "1\xa0200\xa0000\xa0KZT"


def test_budget_totals_are_one_query(db, django_assert_num_queries):
    ProjectFactory.create_batch(3)
    with django_assert_num_queries(1):
        ProjectAdmin.budget_totals(Project.objects.all())


def test_add_project_through_the_service(admin_client, admin_user):
    lead = LeadFactory()
    response = admin_client.post(
        reverse("admin:projects_project_add"),
        {
            "name": "Детская для Алии",
            "status": ProjectStatus.MEASUREMENT,
            "manager": admin_user.pk,
            "description": "",
            "budget": "750000",
            "currency": "kzt",
            "deadline": "",
            "client_name": "Алия",
            "client_email": "ALIYA@example.com",
            "client_phone": "8 701 111 22 33",
            "lead": lead.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    project = Project.objects.get()
    assert project.currency == "KZT"
    assert project.client_phone == "+77011112233"
    assert project.client_email == "aliya@example.com"
    assert project.lead == lead


def test_change_project_through_the_service(admin_client):
    project = ProjectFactory()
    url = reverse("admin:projects_project_change", args=[project.pk])
    response = admin_client.post(
        url,
        {
            "name": project.name,
            "status": ProjectStatus.APPROVAL,
            "manager": "",
            "description": project.description,
            "budget": "600000",
            "currency": "KZT",
            "deadline": project.deadline.isoformat(),
            "client_name": project.client_name,
            "client_email": project.client_email,
            "client_phone": "bad phone",
        },
    )
    assert response.status_code == 200  # the phone is refused on the form
    assert "client_phone" in response.context["adminform"].form.errors
    response = admin_client.post(
        url,
        {
            "name": project.name,
            "status": ProjectStatus.APPROVAL,
            "manager": "",
            "description": project.description,
            "budget": "600000",
            "currency": "KZT",
            "deadline": project.deadline.isoformat(),
            "client_name": project.client_name,
            "client_email": project.client_email,
            "client_phone": project.client_phone,
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVAL
    assert project.budget == Decimal("600000")


def test_status_action_moves_projects_along_the_pipeline(admin_client):
    projects = ProjectFactory.create_batch(2)
    response = post_action(admin_client, "set_status", projects)
    assert response.status_code == 200
    response = post_action(admin_client, "set_status", projects, status=ProjectStatus.PRODUCTION, apply="1")
    assert response.status_code == 302
    assert set(Project.objects.values_list("status", flat=True)) == {ProjectStatus.PRODUCTION}


def test_assign_to_me_action(manager_client, manager):
    project = ProjectFactory()
    post_action(manager_client, "assign_to_me", [project])
    project.refresh_from_db()
    assert project.manager == manager


def test_manager_cannot_delete_projects(manager_client):
    project = ProjectFactory()
    assert manager_client.get(reverse("admin:projects_project_delete", args=[project.pk])).status_code == 403


def test_changelist_queries_do_not_grow_with_rows(admin_client, admin_user, django_assert_max_num_queries):
    lead = LeadFactory()
    ProjectFactory(manager=admin_user, lead=lead)
    with django_assert_max_num_queries(13):
        assert admin_client.get(CHANGELIST).status_code == 200
    for _ in range(59):
        ProjectFactory(manager=admin_user, lead=LeadFactory())
    with django_assert_max_num_queries(13):
        response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 50


def test_list_and_page_show_the_clients_phone_to_call_and_to_write_on_whatsapp(admin_client):
    project = ProjectFactory(name="Кухня", client_name="", client_phone="+77011234567")

    page = admin_client.get(reverse("admin:projects_project_changelist")).content.decode()
    assert '<a href="tel:+77011234567"' in page and ">+7 701 123 4567</a>" in page
    assert 'href="https://wa.me/77011234567" target="_blank" rel="noopener noreferrer"' in page
    assert f'href="{reverse("admin:projects_project_change", args=[project.pk])}"' in page

    page = admin_client.get(reverse("admin:projects_project_change", args=[project.pk])).content.decode()
    assert 'href="tel:+77011234567"' in page


def test_the_project_list_search_finds_the_clients_phone_written_any_way(admin_client):
    project = ProjectFactory(client_phone="+77011234567")
    ProjectFactory(client_phone="+77020000000")
    response = admin_client.get(reverse("admin:projects_project_changelist"), {"q": "8 (701) 123-45-67"})
    assert [obj.pk for obj in response.context["cl"].result_list] == [project.pk]
