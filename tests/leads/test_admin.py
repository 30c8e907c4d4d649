"""The CRM back office for leads and contact messages: every page, filter, action and the
Managers group; the /crm shortcuts and the morning dashboard."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import include, path, reverse
from django.utils import timezone, translation

from apps.accounts import services as account_services
from apps.accounts.models import Role
from apps.leads import services
from apps.leads.models import (
    ActivityKind,
    ContactMessage,
    ContactMessageStatus,
    Lead,
    LeadActivity,
    LeadSource,
    LeadStatus,
    lead_source_label,
)
from apps.projects import services as project_services
from apps.projects.models import Project
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import ContactMessageFactory, LeadFactory
from tests.projects.factories import ProjectFactory

# Clients come from request.getfixturevalue, which pytest-django cannot see when it orders the
# tests: the mark keeps these with the other database tests, before any transactional one.
pytestmark = pytest.mark.django_db

# The tests of /crm/... mount apps.crm.urls themselves, whether or not baimuras/urls.py does yet.
urlpatterns = [path("crm/", include("apps.crm.urls")), path("", include("baimuras.urls"))]

CHANGELIST = reverse("admin:leads_lead_changelist")
MESSAGES = reverse("admin:leads_contactmessage_changelist")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def manager_client(client, manager):
    account_services.user_groups_sync(user=manager)
    client.force_login(manager)
    return client


def post_action(client, url, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    return client.post(url, data)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
def test_lead_changelist_search_add_and_change_pages_render(request, as_manager):
    client = request.getfixturevalue("manager_client" if as_manager else "admin_client")
    lead = LeadFactory(name="Айгерим Садыкова", email="aigerim@example.com", phone="+77771234567")
    assert client.get(CHANGELIST).status_code == 200
    response = client.get(CHANGELIST, {"q": "Айгерим"})
    assert response.status_code == 200
    assert "Айгерим Садыкова" in response.content.decode()
    assert client.get(reverse("admin:leads_lead_add")).status_code == 200
    response = client.get(reverse("admin:leads_lead_change", args=[lead.pk]))
    assert response.status_code == 200
    assert "Айгерим Садыкова" in response.content.decode()


@pytest.mark.parametrize("term", ["aigerim@example.com", "+7 777 123 45 67", "87771234567", "Садыкова"])
def test_lead_search_by_name_email_and_any_phone_spelling(admin_client, term):
    LeadFactory(name="Айгерим Садыкова", email="aigerim@example.com", phone="+77771234567")
    LeadFactory(name="Другой клиент", email="other@example.com", phone="+77011112233")
    response = admin_client.get(CHANGELIST, {"q": term})
    results = list(response.context["cl"].result_list)
    assert [lead.name for lead in results] == ["Айгерим Садыкова"]


@pytest.mark.parametrize(
    "params",
    [
        {"status__exact": "new"},
        {"assignment": "mine"},
        {"assignment": "unassigned"},
        {"service_interest__exact": "kitchen_design"},
        {"source": "website"},
        {"created_at__gte": "2020-01-01 00:00:00+06:00"},
        {"created_at__year": "2030"},
    ],
)
def test_lead_filters_render(admin_client, params):
    LeadFactory.create_batch(2)
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    assert not response.context.get("ERROR")  # an unknown lookup redirects with ?e=1 instead


def test_lead_filters_select_the_right_rows(admin_client, admin_user):
    other_manager = UserFactory(role=Role.MANAGER)
    mine = LeadFactory(name="Мой лид", assigned_to=admin_user)
    theirs = LeadFactory(name="Чужой лид", assigned_to=other_manager, status=LeadStatus.CONTACTED)
    nobody = LeadFactory(name="Ничей лид")

    def names(**params):
        return {lead.name for lead in admin_client.get(CHANGELIST, params).context["cl"].result_list}

    assert names(assignment="mine") == {mine.name}
    assert names(assignment="unassigned") == {nobody.name}
    assert names(assigned_to__id__exact=other_manager.pk) == {theirs.name}
    assert names(status__exact="contacted") == {theirs.name}


def test_lead_list_shows_badges_manager_and_age(admin_client, admin_user):
    LeadFactory(name="Бейдж", assigned_to=admin_user, status=LeadStatus.QUALIFIED)
    html = admin_client.get(CHANGELIST).content.decode()
    assert "Qualified" in html or "Квалифицирован" in html
    assert admin_user.name in html
    assert "Kitchen design" in html or "Дизайн кухни" in html


def test_add_lead_goes_through_the_service(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:leads_lead_add"),
        {
            "name": "Нуржан Ахметов",
            "email": "",
            "phone": "8 777 123 45 67",
            "language": "kk",
            "service_interest": "montessori",
            "source": "phone",
            "assigned_to": admin_user.pk,
            "notes": "Позвонил сам",
        },
    )
    assert response.status_code == 302, response.content
    lead = Lead.objects.get(name="Нуржан Ахметов")
    assert lead.phone == "+77771234567"
    assert lead.assigned_to == admin_user
    kinds = set(lead.activities.values_list("kind", flat=True))
    assert {ActivityKind.CREATED, ActivityKind.ASSIGNMENT} <= kinds


def test_add_lead_without_contact_or_with_bad_phone_shows_form_errors(admin_client):
    url = reverse("admin:leads_lead_add")
    base = {"name": "Без контактов", "language": "ru", "source": "admin"}
    response = admin_client.post(url, {**base, "email": "", "phone": ""})
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    response = admin_client.post(url, {**base, "phone": "abc"})
    assert response.status_code == 200
    assert "phone" in response.context["adminform"].form.errors
    assert not Lead.objects.exists()


def test_change_lead_logs_status_change_and_quick_note(admin_client):
    lead = LeadFactory()
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    data = {
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "language": "ru",
        "status": LeadStatus.CONTACTED,
        "service_interest": lead.service_interest,
        "source": lead.source,
        "assigned_to": "",
        "notes": lead.notes,
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "0",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1000",
        "activities-0-kind": ActivityKind.CALL,
        "activities-0-text": "Перезвонить в пятницу",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    assert lead.activities.filter(kind=ActivityKind.STATUS_CHANGE).exists()
    note = lead.activities.get(kind=ActivityKind.CALL)
    assert note.text == "Перезвонить в пятницу"
    assert note.author is not None


def test_change_page_offers_no_converted_status_by_hand(admin_client):
    lead = LeadFactory()
    form = admin_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).context["adminform"].form
    assert LeadStatus.CONVERTED not in dict(form.fields["status"].choices)


def test_timeline_shows_entries_read_only(admin_client):
    lead = LeadFactory()
    services.lead_add_note(lead=lead, text="Первая заметка")
    html = admin_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert "Первая заметка" in html
    assert 'name="activities-0-text"' in html  # the empty "add note" row; past entries are no form rows
    assert "Первая заметка</textarea>" not in html


# --- bulk actions ------------------------------------------------------------------------------


def test_set_status_action_asks_then_changes_through_the_service(admin_client):
    leads = LeadFactory.create_batch(2)
    response = post_action(admin_client, CHANGELIST, "set_status", leads)
    assert response.status_code == 200
    assert "admin/crm/action_form.html" in [t.name for t in response.templates]
    response = post_action(admin_client, CHANGELIST, "set_status", leads, status=LeadStatus.QUALIFIED, apply="1")
    assert response.status_code == 302
    assert set(Lead.objects.values_list("status", flat=True)) == {LeadStatus.QUALIFIED}
    assert LeadActivity.objects.filter(kind=ActivityKind.STATUS_CHANGE).count() == 2


def test_set_status_cannot_pick_converted(admin_client):
    lead = LeadFactory()
    response = post_action(admin_client, CHANGELIST, "set_status", [lead], status=LeadStatus.CONVERTED, apply="1")
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors
    lead.refresh_from_db()
    assert lead.status == LeadStatus.NEW


def test_assign_to_me_action(manager_client, manager):
    leads = LeadFactory.create_batch(2)
    response = post_action(manager_client, CHANGELIST, "assign_to_me", leads)
    assert response.status_code == 302
    assert set(Lead.objects.values_list("assigned_to", flat=True)) == {manager.pk}
    assert LeadActivity.objects.filter(kind=ActivityKind.ASSIGNMENT, author=manager).count() == 2


def test_assign_to_manager_action(admin_client):
    other = UserFactory(role=Role.MANAGER, name="Алия")
    lead = LeadFactory()
    response = post_action(admin_client, CHANGELIST, "assign_to_manager", [lead])
    assert response.status_code == 200
    assert other in response.context["form"].fields["manager"].queryset
    response = post_action(admin_client, CHANGELIST, "assign_to_manager", [lead], manager=other.pk, apply="1")
    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.assigned_to == other


def test_mark_lost_action_reports_converted_leads_as_errors(admin_client):
    open_lead = LeadFactory()
    converted = LeadFactory()
    project_services.lead_convert(lead=converted, project_name="Кухня")
    response = post_action(admin_client, CHANGELIST, "mark_lost", [open_lead, converted])
    assert response.status_code == 302
    open_lead.refresh_from_db()
    converted.refresh_from_db()
    assert open_lead.status == LeadStatus.LOST
    assert converted.status == LeadStatus.CONVERTED
    shown = messages_of(admin_client.get(CHANGELIST))
    assert any(converted.name in message for message in shown)


def test_export_action_offers_the_export_form(admin_client):
    lead = LeadFactory()
    response = post_action(admin_client, CHANGELIST, "export_admin_action", [lead])
    assert response.status_code == 200
    assert "format" in response.context["form"].fields


# --- convert to project ------------------------------------------------------------------------


def test_convert_with_the_form_creates_the_project(admin_client, admin_user):
    lead = LeadFactory(name="Семья Сидоровых")
    url = reverse("admin:projects_project_convert_lead", args=[lead.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert page.context["form"].initial["project_name"]
    deadline = timezone.localdate() + timedelta(days=60)
    response = admin_client.post(
        url, {"project_name": "Кухня для семьи Сидоровых", "budget": "500000", "deadline": deadline.isoformat()}
    )
    project = Project.objects.get(lead=lead)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:projects_project_change", args=[project.pk])
    assert project.name == "Кухня для семьи Сидоровых"
    assert project.budget == Decimal("500000")
    assert project.deadline == deadline
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED


def test_convert_twice_is_an_error_message_not_a_server_error(admin_client):
    lead = LeadFactory()
    url = reverse("admin:projects_project_convert_lead", args=[lead.pk])
    admin_client.post(url, {"project_name": "Первый"})
    response = admin_client.post(url, {"project_name": "Второй"}, follow=True)
    assert response.status_code == 200
    assert Project.objects.filter(lead=lead).count() == 1
    assert any("already been converted" in m or "уже" in m for m in messages_of(response))
    # Opening the page again says so too, instead of offering a second conversion.
    response = admin_client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:leads_lead_change", args=[lead.pk])


def test_convert_form_errors_stay_on_the_page(admin_client):
    lead = LeadFactory()
    url = reverse("admin:projects_project_convert_lead", args=[lead.pk])
    response = admin_client.post(url, {"project_name": "", "budget": "-5"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"project_name", "budget"}
    assert not Project.objects.exists()


def test_convert_bulk_action_sends_one_lead_to_the_form(admin_client):
    lead, other = LeadFactory.create_batch(2)
    response = post_action(admin_client, CHANGELIST, "convert_selected", [lead])
    assert response["Location"] == reverse("admin:projects_project_convert_lead", args=[lead.pk])
    response = post_action(admin_client, CHANGELIST, "convert_selected", [lead, other])
    assert response.status_code == 302
    assert response["Location"].startswith(CHANGELIST)


def test_lost_lead_cannot_be_converted_message(admin_client):
    lead = LeadFactory(status=LeadStatus.LOST)
    url = reverse("admin:projects_project_convert_lead", args=[lead.pk])
    response = admin_client.post(url, {"project_name": "Шкаф"}, follow=True)
    assert response.status_code == 200
    assert not Project.objects.exists()
    assert messages_of(response)


# --- contact messages --------------------------------------------------------------------------


@pytest.mark.parametrize("as_manager", [False, True], ids=["admin", "manager"])
def test_message_pages_render(request, as_manager):
    client = request.getfixturevalue("manager_client" if as_manager else "admin_client")
    message = ContactMessageFactory(name="Данияр", subject="Детская комната")
    assert client.get(MESSAGES).status_code == 200
    assert "Данияр" in client.get(MESSAGES, {"q": "Детская"}).content.decode()
    assert client.get(reverse("admin:leads_contactmessage_add")).status_code == 200
    assert client.get(reverse("admin:leads_contactmessage_change", args=[message.pk])).status_code == 200


@pytest.mark.parametrize("params", [{"status__exact": "new"}, {"source": "contact_form"}, {"created_at__year": "2030"}])
def test_message_filters_render(admin_client, params):
    ContactMessageFactory()
    response = admin_client.get(MESSAGES, params)
    assert response.status_code == 200


def test_new_messages_come_first(admin_client):
    older_new = ContactMessageFactory(name="Старое новое")
    read = ContactMessageFactory(name="Прочитанное", status=ContactMessageStatus.READ)
    newer_new = ContactMessageFactory(name="Свежее новое")
    rows = list(admin_client.get(MESSAGES).context["cl"].result_list)
    assert [m.pk for m in rows] == [newer_new.pk, older_new.pk, read.pk]


def test_opening_a_new_message_marks_it_read(admin_client):
    message = ContactMessageFactory()
    admin_client.get(reverse("admin:leads_contactmessage_change", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == ContactMessageStatus.READ
    assert message.read_at is not None


def test_reply_sends_the_email_and_marks_replied(admin_client, admin_user):
    message = ContactMessageFactory(email="client@example.kz", subject="Кухня")
    page = admin_client.get(reverse("admin:leads_contactmessage_change", args=[message.pk]))
    assert page.context["reply_form"].initial["subject"] == "Re: Кухня"
    response = admin_client.post(
        reverse("admin:leads_contactmessage_reply", args=[message.pk]),
        {"subject": "Re: Кухня", "body": "Здравствуйте! Приглашаем на замер."},
        follow=True,
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == ContactMessageStatus.REPLIED
    assert message.replied_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["client@example.kz"]
    assert "Приглашаем на замер" in mail.outbox[0].body
    assert message.lead.activities.filter(kind=ActivityKind.EMAIL).exists()


def test_reply_without_text_is_an_error_message(admin_client):
    message = ContactMessageFactory()
    response = admin_client.post(
        reverse("admin:leads_contactmessage_reply", args=[message.pk]), {"subject": "Re", "body": ""}, follow=True
    )
    assert response.status_code == 200
    assert messages_of(response)
    assert not mail.outbox
    message.refresh_from_db()
    assert message.status != ContactMessageStatus.REPLIED


def test_change_message_status_and_archive_action(admin_client):
    message, other = ContactMessageFactory.create_batch(2)
    url = reverse("admin:leads_contactmessage_change", args=[message.pk])
    response = admin_client.post(url, {"status": ContactMessageStatus.ARCHIVED})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == ContactMessageStatus.ARCHIVED
    response = post_action(admin_client, MESSAGES, "mark_read", [other])
    other.refresh_from_db()
    assert other.status == ContactMessageStatus.READ
    post_action(admin_client, MESSAGES, "mark_archived", [other])
    other.refresh_from_db()
    assert other.status == ContactMessageStatus.ARCHIVED


def test_add_message_in_admin_links_a_lead(admin_client):
    response = admin_client.post(
        reverse("admin:leads_contactmessage_add"),
        {"name": "Звонок", "email": "", "phone": "+7 701 111 22 33", "subject": "", "message": "Хочу шкаф"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    message = ContactMessage.objects.get()
    assert message.lead.phone == "+77011112233"
    assert message.source == LeadSource.ADMIN


# --- query counts: fixed, however many rows --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "make"),
    [
        (CHANGELIST, lambda n, user: LeadFactory.create_batch(n, assigned_to=user)),
        (MESSAGES, lambda n, user: ContactMessageFactory.create_batch(n)),
    ],
    ids=["leads", "messages"],
)
def test_changelist_queries_do_not_grow_with_rows(admin_client, admin_user, django_assert_max_num_queries, url, make):
    make(1, admin_user)
    with django_assert_max_num_queries(12):
        assert admin_client.get(url).status_code == 200
    make(59, admin_user)
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 50  # a full page of rows, still the same queries


# --- the Managers group ------------------------------------------------------------------------


def test_managers_group_has_exactly_the_crm_permissions(db):
    group = Group.objects.get(name=account_services.MANAGERS_GROUP)
    # Other apps (the portfolio) add their own permissions to the group; these are the CRM's.
    crm_apps = ("leads", "projects", "consultations", "accounts", "crm")
    codes = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.filter(content_type__app_label__in=crm_apps).select_related("content_type")
    }
    assert codes == {
        "leads.view_lead",
        "leads.add_lead",
        "leads.change_lead",
        "leads.view_leadactivity",
        "leads.add_leadactivity",  # the timeline is a record: added to, never changed or deleted
        "leads.view_contactmessage",
        "leads.add_contactmessage",
        "leads.change_contactmessage",
        "projects.view_project",
        "projects.add_project",
        "projects.change_project",
        "consultations.view_consultation",
        "consultations.add_consultation",
        "consultations.change_consultation",
        "accounts.view_user",
        "crm.view_task",
        "crm.add_task",
        "crm.change_task",
    }


def test_managers_group_sync_follows_the_role(manager):
    account_services.user_groups_sync(user=manager)
    assert manager.groups.filter(name=account_services.MANAGERS_GROUP).exists()
    manager.role = Role.USER
    manager.save()
    account_services.user_groups_sync(user=manager)
    assert not manager.groups.filter(name=account_services.MANAGERS_GROUP).exists()


def test_manager_opens_leads_but_not_api_keys(manager_client):
    assert manager_client.get(CHANGELIST).status_code == 200
    assert manager_client.get(reverse("admin:accounts_apikey_changelist")).status_code == 403
    assert manager_client.get(reverse("admin:accounts_authsession_changelist")).status_code == 403
    assert manager_client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_manager_cannot_delete_leads(manager_client):
    lead = LeadFactory()
    response = manager_client.get(CHANGELIST)
    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    assert manager_client.get(reverse("admin:leads_lead_delete", args=[lead.pk])).status_code == 403


def test_a_new_manager_is_put_in_the_group_by_their_role(manager):
    assert manager.groups.filter(name=account_services.MANAGERS_GROUP).exists()


def test_manager_taken_out_of_the_group_sees_nothing(client, manager):
    manager.groups.clear()
    client.force_login(manager)
    assert client.get(CHANGELIST).status_code == 403


def test_admin_deletes_a_lead_through_the_service(admin_client):
    lead = LeadFactory()
    response = admin_client.post(reverse("admin:leads_lead_delete", args=[lead.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Lead.objects.exists()


# --- /crm shortcuts ----------------------------------------------------------------------------


@pytest.mark.urls("tests.leads.test_admin")
@pytest.mark.parametrize(
    ("path", "target"),
    [("/crm/leads", "admin:leads_lead_changelist"), ("/crm/projects", "admin:projects_project_changelist")],
)
def test_crm_shortcuts_lead_staff_to_the_lists(admin_client, path, target):
    response = admin_client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse(target)


@pytest.mark.urls("tests.leads.test_admin")
@pytest.mark.parametrize("path", ["/crm/leads", "/crm/projects"])
def test_crm_shortcuts_send_anonymous_to_the_admin_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert f"next={path}" in response["Location"]


@pytest.mark.urls("tests.leads.test_admin")
def test_language_switch_of_the_admin_menu(admin_client):
    response = admin_client.post("/crm/set-language/", {"language": "kk", "next": "/admin/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "kk"


# --- dashboard ---------------------------------------------------------------------------------


def test_dashboard_shows_the_morning_figures(admin_client, admin_user, django_assert_max_num_queries):
    LeadFactory.create_batch(3)
    LeadFactory(assigned_to=admin_user)
    week_ago = LeadFactory()
    Lead.objects.filter(pk=week_ago.pk).update(created_at=timezone.now() - timedelta(days=30))
    soon = timezone.now() + timedelta(hours=20)
    ConsultationFactory(name="Скоро встреча", status="scheduled", scheduled_at=soon)
    ConsultationFactory(status="scheduled", scheduled_at=timezone.now() + timedelta(days=5))
    ProjectFactory(name="Просроченная кухня", deadline=timezone.localdate() - timedelta(days=3))
    ProjectFactory(deadline=timezone.localdate() - timedelta(days=3), status="completed")
    # The figures are aggregates: a fixed handful of queries (15, 2 of them my tasks), 9 for the visitors
    # panel (analytics), 1 for switched-off webhook subscriptions and 2 for the company-details sidebar
    # entry (site); none grows with the data.
    with django_assert_max_num_queries(26):
        response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    crm = response.context["crm"]
    assert crm["leads"] == {"today": 4, "week": 4, "unassigned": 4}
    assert crm["consultations"]["count"] == 1
    assert [c.name for c in crm["consultations"]["items"]] == ["Скоро встреча"]
    assert crm["projects"]["count"] == 1
    html = response.content.decode()
    assert 'id="crm-dashboard"' in html
    assert "Скоро встреча" in html and "Просроченная кухня" in html
    # each figure links to its filtered list, and the link works
    assert admin_client.get(crm["links"]["unassigned"]).status_code == 200
    assert admin_client.get(crm["links"]["today"]).status_code == 200
    assert admin_client.get(crm["consultations"]["link"]).status_code == 200
    assert admin_client.get(crm["projects"]["link"]).status_code == 200


def test_sidebar_shows_crm_to_managers_but_not_api_keys(manager_client):
    html = manager_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:leads_lead_changelist") in html
    assert reverse("admin:accounts_apikey_changelist") not in html
    assert 'action="/crm/set-language/"' in html  # the language menu posts to apps.crm.urls


def test_sidebar_badges_count_only_what_waits(admin_client):
    from apps.crm.dashboard import sidebar_badges

    request = admin_client.get(reverse("admin:index")).wsgi_request
    assert sidebar_badges(request) == {"leads": "", "messages": ""}  # nothing waits: no badge at all
    LeadFactory.create_batch(2)
    ContactMessageFactory()  # its factory lead is a third open, unassigned lead
    assert sidebar_badges(request) == {"leads": "3", "messages": "1"}


# --- phones to call, long names, sources by name -------------------------------------------------


def test_lead_list_and_page_show_the_phone_to_call_and_to_write_on_whatsapp(manager_client):
    lead = LeadFactory(name="Звонок", phone="+77771234567")

    page = manager_client.get(CHANGELIST).content.decode()
    assert '<a href="tel:+77771234567"' in page
    assert ">+7 777 123 4567</a>" in page
    assert 'href="https://wa.me/77771234567" target="_blank" rel="noopener noreferrer"' in page
    assert f'href="{reverse("admin:leads_lead_change", args=[lead.pk])}"' in page  # the name links to the lead

    page = manager_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert 'href="tel:+77771234567"' in page and 'href="https://wa.me/77771234567"' in page


def test_a_150_character_name_is_cut_on_the_lead_list_with_the_whole_name_in_its_tooltip(manager_client):
    name = "Анастасия-" * 15
    assert len(name) == 150
    lead = LeadFactory(name=name, status=LeadStatus.QUALIFIED, assigned_to=None)

    page = manager_client.get(CHANGELIST).content.decode()

    change = reverse("admin:leads_lead_change", args=[lead.pk])
    shown = name[:59] + "…"
    link = f'<a href="{change}" class="crm-cut font-medium text-primary-600 dark:text-primary-500"'
    assert f'{link} title="{name}">{shown}</a>' in page
    assert f">{name}<" not in page  # nowhere in full as text: the status and manager columns stay on screen


def test_contact_messages_cut_long_subjects_and_show_sources_and_languages_by_name(manager_client):
    contact = ContactMessageFactory(
        name="Отправитель", phone="+77011234567", subject="Т" * 150, source=LeadSource.CONTACT_FORM, language="kk"
    )

    page = manager_client.get(MESSAGES).content.decode()
    assert f'title="{"Т" * 150}">{"Т" * 69}…</span>' in page
    assert "contact_form" not in page.replace('value="contact_form"', "").replace("source=contact_form", "")

    page = manager_client.get(reverse("admin:leads_contactmessage_change", args=[contact.pk])).content.decode()
    assert lead_source_label(LeadSource.CONTACT_FORM) in page
    assert ">contact_form<" not in page and "contact_form\n" not in page
    assert "Казахский" in page
    assert 'href="tel:+77011234567"' in page and ">+7 701 123 4567</a>" in page


def test_the_lead_form_picks_the_source_by_its_name_and_keeps_an_api_clients_own(admin_client):
    lead = LeadFactory(source=LeadSource.CONTACT_FORM)
    form = admin_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).context["adminform"].form
    choices = dict(form.fields["source"].choices)
    assert str(choices[LeadSource.CONTACT_FORM]) == lead_source_label(LeadSource.CONTACT_FORM) != "contact_form"

    partner = LeadFactory(source="partner_site")
    form = admin_client.get(reverse("admin:leads_lead_change", args=[partner.pk])).context["adminform"].form
    assert dict(form.fields["source"].choices)["partner_site"] == "partner_site"


@pytest.mark.parametrize("source", [LeadSource.PHONE, LeadSource.SOCIAL_MEDIA, LeadSource.REFERRAL])
def test_the_sources_managers_and_partners_set_show_by_name(manager_client, source):
    LeadFactory(source=source)
    page = manager_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    with translation.override("kk"):
        label = lead_source_label(source)
    assert label != source
    assert f">{label}<" in page.replace("\n", "").replace("  ", "")


def test_the_sidebar_badge_and_the_source_filter_follow_every_committed_change(
    admin_client, admin_user, committed, django_assert_max_num_queries
):
    """Both are kept in the shared cache until the leads change (every admin page reads them; at
    100,000 leads each was a scan of the table): a new lead, an assignment or a new source shows
    on the next page."""
    from apps.crm.dashboard import sidebar_badges

    request = admin_client.get(reverse("admin:index")).wsgi_request
    with committed():
        lead = LeadFactory(source=LeadSource.WEBSITE)
    assert sidebar_badges(request)["leads"] == "1"
    with django_assert_max_num_queries(1):  # the messages' count; the leads' is kept
        assert sidebar_badges(request)["leads"] == "1"

    assert 'href="?source=partner_site"' not in admin_client.get(CHANGELIST).content.decode()  # kept without it
    with committed():
        LeadFactory(source="partner_site")
    assert sidebar_badges(request)["leads"] == "2"
    assert 'href="?source=partner_site"' in admin_client.get(CHANGELIST).content.decode()  # the filter offers it

    with committed():
        services.lead_assign(lead=lead, manager=admin_user, actor=admin_user)
    assert sidebar_badges(request)["leads"] == "1"


def test_with_the_lead_list_cache_off_the_badge_is_counted_every_time(
    admin_client, committed, settings, django_assert_num_queries
):
    from apps.crm.dashboard import sidebar_badges

    settings.LEAD_LIST_CACHE_SECONDS = 0
    request = admin_client.get(reverse("admin:index")).wsgi_request
    with committed():
        LeadFactory()
    sidebar_badges(request)
    with django_assert_num_queries(2):  # the leads' count and the messages'
        assert sidebar_badges(request)["leads"] == "1"
