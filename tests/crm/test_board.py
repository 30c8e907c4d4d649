"""The pipeline boards: columns with counts and sums, filters, moves through the status services
(timeline entry written), permissions, and a fixed number of queries at 1 and 100 records."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.accounts import services as account_services
from apps.leads.models import ActivityKind, LeadStatus
from apps.projects.models import ProjectStatus
from tests.accounts.factories import UserFactory
from tests.crm.factories import TaskFactory
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

LEADS = reverse("crm-board", args=["leads"])
PROJECTS = reverse("crm-board", args=["projects"])
MOVE_LEAD = reverse("crm-board-move", args=["leads"])
MOVE_PROJECT = reverse("crm-board-move", args=["projects"])


def column(response, status):
    return next(c for c in response.context["columns"] if c.status == status)


def test_lead_board_has_a_column_per_status_with_counts(admin_client):
    LeadFactory.create_batch(2, status=LeadStatus.NEW)
    LeadFactory(status=LeadStatus.QUALIFIED, name="Айжан Ким")

    response = admin_client.get(LEADS)

    assert response.status_code == 200
    assert [c.status for c in response.context["columns"]] == list(LeadStatus.values)
    assert column(response, LeadStatus.NEW).count == 2
    assert [card.name for card in column(response, LeadStatus.QUALIFIED).cards] == ["Айжан Ким"]
    assert "Айжан Ким" in response.content.decode()
    assert column(response, LeadStatus.CONVERTED).droppable is False  # converted only by converting


def test_lead_board_filters_mine_and_source(admin_client, admin_user):
    LeadFactory(assigned_to=admin_user, source="website", name="Мой лид")
    LeadFactory(source="website", name="Чужой лид")
    LeadFactory(assigned_to=admin_user, source="import", name="Импортированный")

    response = admin_client.get(LEADS, {"mine": "1", "source": "website"})

    names = [card.name for c in response.context["columns"] for card in c.cards]
    assert names == ["Мой лид"]


def test_project_board_sums_budgets_per_stage_and_currency(admin_client):
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("1200000"), currency="KZT")
    ProjectFactory(status=ProjectStatus.DESIGN, budget=Decimal("300000"), currency="KZT")
    ProjectFactory(status=ProjectStatus.DESIGN, budget=None)

    response = admin_client.get(PROJECTS)

    design = column(response, ProjectStatus.DESIGN)
    assert design.count == 3
    assert design.totals == [("KZT", Decimal("1500000"))]
    assert design.total_text == "1\u00a0500\u00a0000\u00a0KZT"


def test_drag_and_drop_moves_a_lead_through_the_service(admin_client, admin_user):
    lead = LeadFactory(status=LeadStatus.NEW)

    response = admin_client.post(
        MOVE_LEAD, {"id": lead.pk, "status": LeadStatus.CONTACTED}, HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {"ok": True, "id": lead.pk, "status": "contacted"}
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    entry = lead.activities.get(kind=ActivityKind.STATUS_CHANGE)
    assert (entry.params, entry.author) == ({"old": "new", "new": "contacted"}, admin_user)


def test_no_javascript_form_moves_a_project_and_returns_to_the_board(admin_client):
    project = ProjectFactory(status=ProjectStatus.PLANNING)

    response = admin_client.post(
        MOVE_PROJECT, {"id": project.pk, "status": ProjectStatus.MEASUREMENT, "next": PROJECTS + "?mine=1"}
    )

    assert response.status_code == 302
    assert response["Location"] == PROJECTS + "?mine=1"
    project.refresh_from_db()
    assert project.status == ProjectStatus.MEASUREMENT


def test_a_lead_cannot_be_dropped_on_converted(admin_client):
    lead = LeadFactory(status=LeadStatus.QUALIFIED)
    response = admin_client.post(
        MOVE_LEAD, {"id": lead.pk, "status": LeadStatus.CONVERTED}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert json.loads(response.content)["ok"] is False
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED


def test_move_needs_the_change_permission(client):
    viewer = UserFactory(role="manager")
    viewer.groups.clear()
    viewer.user_permissions.set([Permission.objects.get(codename="view_lead")])
    lead = LeadFactory(status=LeadStatus.NEW)
    client.force_login(viewer)

    assert client.get(LEADS).status_code == 200  # may look
    assert 'class="crm-move' not in client.get(LEADS).content.decode()  # no move forms
    response = client.post(MOVE_LEAD, {"id": lead.pk, "status": LeadStatus.LOST})
    assert response.status_code == 403
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW
    assert not lead.activities.filter(kind=ActivityKind.STATUS_CHANGE).exists()


def test_board_needs_the_view_permission(client):
    nobody = UserFactory(role="manager")
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get(PROJECTS).status_code == 403


def test_a_manager_moves_cards(client, manager):
    account_services.user_groups_sync(user=manager)
    client.force_login(manager)
    lead = LeadFactory()
    response = client.post(MOVE_LEAD, {"id": lead.pk, "status": LeadStatus.LOST}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert client.get(LEADS).status_code == 200


def test_anonymous_goes_to_the_admin_login(client):
    response = client.get(LEADS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize(("url", "make"), [(LEADS, "lead"), (PROJECTS, "project")])
def test_board_query_count_is_the_same_for_1_and_100_records(admin_client, django_assert_max_num_queries, url, make):
    def add(n):
        for _ in range(n):
            record = LeadFactory() if make == "lead" else ProjectFactory()
            TaskFactory(**{make: record, "lead": record if make == "lead" else None})

    add(1)
    admin_client.get(url)
    with django_assert_max_num_queries(40) as one:
        admin_client.get(url)
    add(99)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = admin_client.get(url)
    assert sum(c.count for c in response.context["columns"]) == 100


@pytest.mark.parametrize(("changelist", "kind"), [("leads_lead", "leads"), ("projects_project", "projects")])
def test_each_changelist_links_to_its_board(admin_client, changelist, kind):
    page = admin_client.get(reverse(f"admin:{changelist}_changelist")).content.decode()
    button = reverse(f"admin:{changelist}_open_board")
    assert button in page
    assert admin_client.get(button)["Location"] == reverse("crm-board", args=[kind])


def test_a_card_shows_its_interest_and_moves_back_to_the_same_filtered_page(admin_client, admin_user):
    from django.utils import translation

    from apps.leads.models import ServiceInterest

    LeadFactory(status=LeadStatus.NEW, name="Карина", service_interest=ServiceInterest.KITCHEN_DESIGN)
    page = LEADS + "?source=website&mine=0"
    html = admin_client.get(page, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    with translation.override("kk"):
        label = str(ServiceInterest.KITCHEN_DESIGN.label)
    assert f"{label} · " in html  # the reader's language, written once per page
    assert f'name="next" value="{page.replace("&", "&amp;")}"' in html
    options = html.split('name="status"', 1)[1].split("</select>", 1)[0]
    with translation.override("kk"):
        assert str(LeadStatus.CONTACTED.label) in options


def test_a_card_is_written_out_escaped_with_its_task_in_local_time(admin_client, admin_user):
    """Cards are written in Python (apps/crm/cards.py): what a client or a manager typed is escaped,
    the next task's time is shown in the site's time zone (Asia/Almaty, UTC+5) and marked when late,
    and a card in a column no card may be dropped into has no move form."""
    import datetime

    from django.utils import timezone

    due = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    lead = LeadFactory(status=LeadStatus.NEW, name='<script>alert("x")</script>', assigned_to=admin_user)
    admin_user.name = "Ерлан & <b>Ко</b>"
    admin_user.save()
    TaskFactory(lead=lead, title="Позвонить <клиенту>", due_at=due)
    converted = LeadFactory(status=LeadStatus.CONVERTED, name="Айдана")

    html = admin_client.get(LEADS).content.decode()

    card = html.split(f'data-id="{lead.pk}"', 1)[1].split("</li>", 1)[0]
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in card
    assert "Ерлан &amp; &lt;b&gt;Ко&lt;/b&gt;" in card
    local = due.astimezone(datetime.timezone(datetime.timedelta(hours=5)))
    assert f'text-red-600 dark:text-red-400">⏰ {local:%d.%m %H:%M} · Позвонить &lt;клиенту&gt;</div>' in card
    assert f'href="{reverse("admin:leads_lead_change", args=[lead.pk])}"' in card
    assert 'class="crm-move' in card
    fixed = html.split(f'data-id="{converted.pk}"', 1)[1].split("</li>", 1)[0]
    assert 'class="crm-move' not in fixed
    assert html.count(f'data-id="{converted.pk}"') == 1
