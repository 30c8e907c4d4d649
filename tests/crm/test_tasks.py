"""Tasks: the next step on a lead or project, overdue / due today on the dashboard and as list
filters, a reminder email exactly once when one falls due (beat claims, the outbox emails), and
the lead list shows each lead's next task."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.models import Event
from apps.crm import services
from apps.crm.models import Task
from apps.crm.tasks import remind_due_tasks
from tests.accounts.factories import UserFactory
from tests.crm.factories import TaskFactory
from tests.leads.factories import LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def test_create_on_a_lead_or_a_project_only(manager):
    lead, project = LeadFactory(), ProjectFactory()
    on_lead = services.task_create(title=" Позвонить ", due_at=NOW, assignee=manager, lead=lead, author=manager)
    on_project = services.task_create(title="Замер", due_at=NOW, assignee=manager, project=project)

    assert (on_lead.title, on_lead.lead, on_lead.created_by) == ("Позвонить", lead, manager)
    assert on_project.project == project
    with pytest.raises(ValidationError) as error:
        services.task_create(title="Ни к чему", due_at=NOW, assignee=manager)
    assert "lead" in error.value.message_dict


def test_only_staff_can_be_assignees(client_user):
    with pytest.raises(ValidationError) as error:
        services.task_create(title="Позвонить", due_at=NOW, assignee=client_user, lead=LeadFactory())
    assert "assignee" in error.value.message_dict


def test_overdue_and_due_today_querysets(manager):
    now = timezone.now()
    overdue = TaskFactory(assignee=manager, due_at=now - datetime.timedelta(hours=1))
    later_today = TaskFactory(assignee=manager, due_at=now + datetime.timedelta(minutes=1))
    TaskFactory(assignee=manager, due_at=now + datetime.timedelta(days=2))
    TaskFactory(assignee=manager, due_at=now - datetime.timedelta(days=1), done_at=now)

    assert list(Task.objects.overdue(now=now)) == [overdue]
    # Unless the test runs in the last minute of the day (company time), the minute-later task is today.
    if timezone.localtime(now).date() == timezone.localtime(now + datetime.timedelta(minutes=1)).date():
        assert list(Task.objects.due_today(now=now)) == [later_today]


def test_due_reminder_is_sent_exactly_once(manager, django_capture_on_commit_callbacks):
    task = TaskFactory(assignee=manager, due_at=timezone.now() - datetime.timedelta(minutes=1), title="Позвонить Асель")
    TaskFactory(assignee=manager, due_at=timezone.now() + datetime.timedelta(hours=3))  # not due yet
    TaskFactory(assignee=manager, due_at=timezone.now() - datetime.timedelta(hours=1), done_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_tasks() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_tasks() == 0  # the next beat run finds nothing new

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [manager.email]
    assert "Позвонить Асель" in mail.outbox[0].subject
    assert f"/admin/crm/task/{task.pk}/change/" in mail.outbox[0].body
    assert Event.objects.filter(type="task.due").count() == 1
    task.refresh_from_db()
    assert task.reminded_at is not None


def test_due_reminder_is_in_the_assignees_language(django_capture_on_commit_callbacks):
    kazakh = UserFactory(role="manager", language="kk")
    TaskFactory(assignee=kazakh, due_at=timezone.now() - datetime.timedelta(minutes=1), title="Қоңырау шалу")
    with django_capture_on_commit_callbacks(execute=True):
        remind_due_tasks()
    assert mail.outbox[0].subject == "Тапсырма мерзімі: Қоңырау шалу"


def test_moving_the_due_time_gets_a_new_reminder(manager, django_capture_on_commit_callbacks):
    task = TaskFactory(assignee=manager, due_at=timezone.now() - datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        remind_due_tasks()
    services.task_update(task=task, data={"due_at": timezone.now() - datetime.timedelta(seconds=1)})
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_due_tasks() == 1
    assert len(mail.outbox) == 2


def test_changelist_filters_overdue_and_today(admin_client, admin_user):
    overdue = TaskFactory(assignee=admin_user, due_at=NOW - datetime.timedelta(hours=2), title="Просрочено")
    TaskFactory(assignee=admin_user, due_at=NOW + datetime.timedelta(days=3), title="Потом")
    url = reverse("admin:crm_task_changelist")

    response = admin_client.get(url, {"due": "overdue"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [overdue]


def test_add_task_from_the_lead_page_presets_the_lead(admin_client):
    lead = LeadFactory()
    response = admin_client.get(reverse("admin:leads_lead_add_task", args=[lead.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:crm_task_add')}?lead={lead.pk}"
    form = admin_client.get(response["Location"]).context["adminform"].form
    assert str(form.initial["lead"]) == str(lead.pk)


def test_admin_creates_a_task_through_the_service(admin_client, manager):
    lead = LeadFactory()
    data = {"title": "Отправить замеры", "due_at": "2030-01-02T10:00", "assignee": manager.pk, "lead": lead.pk}
    response = admin_client.post(reverse("admin:crm_task_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    task = Task.objects.get()
    assert (task.title, task.assignee, task.lead, task.created_by.email) == (
        "Отправить замеры",
        manager,
        lead,
        "admin@example.com",
    )


def test_dashboard_shows_my_overdue_and_today(admin_client, admin_user):
    TaskFactory(assignee=admin_user, due_at=NOW - datetime.timedelta(hours=1), title="Срочно перезвонить")
    TaskFactory(due_at=NOW - datetime.timedelta(hours=1), title="Чужая задача")  # someone else's

    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert response.context["crm"]["tasks"]["overdue"] == 1
    html = response.content.decode()
    assert "Срочно перезвонить" in html
    assert "Чужая задача" not in html


def test_lead_list_shows_the_next_task_without_a_query_per_row(admin_client, django_assert_max_num_queries):
    url = reverse("admin:leads_lead_changelist")
    lead = LeadFactory()
    TaskFactory(lead=lead, due_at=NOW + datetime.timedelta(days=2), title="Потом")
    TaskFactory(lead=lead, due_at=NOW + datetime.timedelta(days=1), title="Сначала это")
    response = admin_client.get(url)
    assert "Сначала это" in response.content.decode()
    with django_assert_max_num_queries(40) as one:
        admin_client.get(url)
    for lead in LeadFactory.create_batch(99):
        TaskFactory(lead=lead)
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(url)
