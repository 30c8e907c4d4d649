"""The CRM back office for consultations: upcoming first, today and this week, and the actions
to schedule, complete, cancel and remind now."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services as account_services
from apps.accounts.models import Role
from apps.consultations.models import Consultation, ConsultationStatus
from apps.leads.models import Lead, LeadSource
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory

# Clients come from request.getfixturevalue, which pytest-django cannot see when it orders the
# tests: the mark keeps these with the other database tests, before any transactional one.
pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:consultations_consultation_changelist")


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


def rows(client, **params) -> list[Consultation]:
    return list(client.get(CHANGELIST, params).context["cl"].result_list)


def at(days: int, hour: int = 12):
    return timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=days), time(hour)))


def scheduled(**kwargs):
    return ConsultationFactory(status=ConsultationStatus.SCHEDULED, **kwargs)


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
def test_pages_render(request, as_manager):
    client = request.getfixturevalue("manager_client" if as_manager else "admin_client")
    consultation = ConsultationFactory(name="Гульнара Омарова")
    assert client.get(CHANGELIST).status_code == 200
    assert "Гульнара Омарова" in client.get(CHANGELIST, {"q": "Омарова"}).content.decode()
    assert client.get(reverse("admin:consultations_consultation_add")).status_code == 200
    assert client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk])).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"when": "today"},
        {"when": "next48h"},
        {"when": "week"},
        {"when": "upcoming"},
        {"when": "past"},
        {"status__exact": "scheduled"},
        {"assignment": "mine"},
        {"assignment": "unassigned"},
        {"consultation_type__exact": "online"},
        {"service_type__exact": "kitchen_design"},
    ],
)
def test_filters_render(admin_client, params):
    ConsultationFactory.create_batch(2)
    assert admin_client.get(CHANGELIST, params).status_code == 200


def test_upcoming_first_then_requests_then_the_rest(admin_client):
    later = scheduled(name="Послезавтра", scheduled_at=at(2))
    past = ConsultationFactory(name="Прошла", status=ConsultationStatus.COMPLETED, scheduled_at=at(-3))
    request = ConsultationFactory(name="Заявка")
    sooner = scheduled(name="Завтра", scheduled_at=at(1))
    assert [c.pk for c in rows(admin_client)] == [sooner.pk, later.pk, request.pk, past.pk]


def test_today_and_this_week_filters(admin_client):
    today = scheduled(name="Сегодня", scheduled_at=timezone.now() + timedelta(minutes=30))
    ConsultationFactory(name="Просит сегодня", preferred_date=timezone.localdate())
    scheduled(name="Через месяц", scheduled_at=at(30))
    names = {c.name for c in rows(admin_client, when="today")}
    if timezone.localtime(today.scheduled_at).date() == timezone.localdate():  # not just before midnight
        assert names == {"Сегодня", "Просит сегодня"}
    week = {c.name for c in rows(admin_client, when="week")}
    assert "Через месяц" not in week
    assert "Просит сегодня" in week
    assert {c.name for c in rows(admin_client, when="next48h")} == {"Сегодня"}


def test_schedule_action_asks_for_time_and_manager(admin_client):
    manager = UserFactory(role=Role.MANAGER, name="Ержан")
    consultations = ConsultationFactory.create_batch(2)
    response = post_action(admin_client, "schedule", consultations)
    assert response.status_code == 200
    assert manager in response.context["form"].fields["manager"].queryset
    when = timezone.localtime(timezone.now() + timedelta(days=3)).replace(second=0, microsecond=0)
    response = post_action(
        admin_client,
        "schedule",
        consultations,
        scheduled_at=when.strftime("%Y-%m-%dT%H:%M"),
        manager=manager.pk,
        apply="1",
    )
    assert response.status_code == 302
    for consultation in consultations:
        consultation.refresh_from_db()
        assert consultation.status == ConsultationStatus.SCHEDULED
        assert consultation.scheduled_at == when
        assert consultation.assigned_to == manager


def test_schedule_in_the_past_is_refused_on_the_form(admin_client):
    consultation = ConsultationFactory()
    past = timezone.localtime(timezone.now() - timedelta(days=1))
    response = post_action(
        admin_client, "schedule", [consultation], scheduled_at=past.strftime("%Y-%m-%dT%H:%M"), apply="1"
    )
    assert response.status_code == 200
    assert "scheduled_at" in response.context["form"].errors
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.NEW


def test_complete_and_cancel_actions(manager_client):
    done, dropped = scheduled(scheduled_at=at(1)), scheduled(scheduled_at=at(2))
    assert post_action(manager_client, "complete", [done]).status_code == 302
    assert post_action(manager_client, "cancel", [dropped]).status_code == 302
    done.refresh_from_db()
    dropped.refresh_from_db()
    assert done.status == ConsultationStatus.COMPLETED
    assert dropped.status == ConsultationStatus.CANCELLED


def test_send_reminder_now_queues_the_reminder_email(admin_client, django_capture_on_commit_callbacks):
    consultation = scheduled(email="guest@example.kz", scheduled_at=timezone.now() + timedelta(hours=30))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(admin_client, "send_reminder_now", [consultation])
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["guest@example.kz"]
    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at is not None  # claimed: the sweep will not send it again


def test_send_reminder_now_refuses_what_cannot_be_reminded(admin_client, django_capture_on_commit_callbacks):
    request = ConsultationFactory()  # not scheduled
    sent = scheduled(scheduled_at=timezone.now() + timedelta(hours=1), reminder_2h_sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(admin_client, "send_reminder_now", [request, sent])
    assert response.status_code == 302
    assert not mail.outbox
    shown = [str(m) for m in admin_client.get(CHANGELIST).context["messages"]]
    assert len(shown) == 2
    assert any("already been sent" in m or "уже" in m for m in shown)


def test_add_consultation_goes_through_the_services(admin_client, admin_user):
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(second=0, microsecond=0)
    response = admin_client.post(
        reverse("admin:consultations_consultation_add"),
        {
            "name": "Мадина",
            "email": "madina@example.com",
            "phone": "+7 777 000 11 22",
            "language": "kk",
            "service_type": "children_room",
            "consultation_type": "home_visit",
            "preferred_date": "",
            "scheduled_at_0": when.strftime("%d.%m.%Y"),
            "scheduled_at_1": when.strftime("%H:%M"),
            "status": ConsultationStatus.NEW,
            "assigned_to": admin_user.pk,
            "message": "Детская для двоих",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    consultation = Consultation.objects.get()
    assert consultation.phone == "+77770001122"
    assert consultation.status == ConsultationStatus.SCHEDULED
    assert consultation.assigned_to == admin_user
    assert consultation.lead == Lead.objects.get(source=LeadSource.ADMIN)


def test_changelist_queries_do_not_grow_with_rows(admin_client, admin_user, django_assert_max_num_queries):
    scheduled(scheduled_at=at(1), assigned_to=admin_user)
    with django_assert_max_num_queries(11):
        assert admin_client.get(CHANGELIST).status_code == 200
    for day in range(59):
        scheduled(scheduled_at=at(day + 2), assigned_to=admin_user)
    with django_assert_max_num_queries(11):
        response = admin_client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 50


def test_list_and_page_show_the_phone_to_call_and_to_write_on_whatsapp(admin_client):
    consultation = ConsultationFactory(name="Айдана " * 20, phone="+77011234567")

    page = admin_client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert '<a href="tel:+77011234567"' in page and ">+7 701 123 4567</a>" in page
    assert 'href="https://wa.me/77011234567" target="_blank" rel="noopener noreferrer"' in page
    change = reverse("admin:consultations_consultation_change", args=[consultation.pk])
    assert f'<a href="{change}" class="crm-cut' in page
    assert f'title="{consultation.name}">{consultation.name[:59]}…</a>' in page  # cut, whole in the tooltip

    page = admin_client.get(change).content.decode()
    assert 'href="tel:+77011234567"' in page and 'href="https://wa.me/77011234567"' in page
    page = admin_client.get(reverse("admin:consultations_consultation_add")).content.decode()
    assert 'name="phone"' in page
