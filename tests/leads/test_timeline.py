"""The timeline as data: one stored entry (kind + params), read in each manager's language; the
old sentence-entries migrated; nobody rewrites or deletes history in the admin."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import translation

from apps.leads import services
from apps.leads.models import ActivityKind, LeadActivity, LeadSource, LeadStatus
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db

timeline_migration = importlib.import_module("apps.leads.migrations.0004_timeline_entries_as_data")


def rendered(entry: LeadActivity, language: str) -> str:
    with translation.override(language):
        return entry.message


def test_status_change_is_stored_as_codes_and_read_in_each_language(manager):
    lead = LeadFactory()
    services.lead_set_status(lead=lead, status=LeadStatus.CONTACTED, actor=manager)
    entry = lead.activities.get(kind=ActivityKind.STATUS_CHANGE)

    assert entry.text == ""
    assert entry.params == {"old": "new", "new": "contacted"}
    assert rendered(entry, "ru") == "Статус: Новый → Связались"
    assert rendered(entry, "kk") == "Мәртебе: Жаңа → Байланыс орнатылды"
    assert rendered(entry, "ky") == "Статус: Жаңы → Байланыш түзүлдү"
    assert rendered(entry, "en") == "Status: New → Contacted"


def test_creation_names_the_source_instead_of_its_code():
    lead = services.lead_create(name="Мария", email="maria@example.com", source=LeadSource.CONTACT_FORM)
    entry = lead.activities.get(kind=ActivityKind.CREATED)

    assert entry.params == {"source": "contact_form"}
    assert rendered(entry, "ru") == "Лид создан (источник: Форма обратной связи)"
    assert rendered(entry, "kk") == "Лид құрылды (дереккөз: Кері байланыс формасы)"
    assert rendered(entry, "ky") == "Лид түзүлдү (булак: Байланыш формасы)"
    assert "contact_form" not in rendered(entry, "kk")


def test_assignment_and_unassignment_render_in_the_readers_language(manager):
    lead = LeadFactory()
    services.lead_assign(lead=lead, manager=manager, actor=manager)
    services.lead_assign(lead=lead, manager=None, actor=manager)
    assigned, unassigned = lead.activities.filter(kind=ActivityKind.ASSIGNMENT).order_by("id")

    assert assigned.params == {"manager_id": manager.pk, "manager": str(manager)}
    assert rendered(assigned, "kk") == f"Тағайындалды: {manager}"
    assert rendered(unassigned, "ru") == "Не назначен"
    assert rendered(unassigned, "ky") == "Дайындалган эмес"


def test_a_note_is_shown_as_written():
    lead = LeadFactory()
    note = services.lead_add_note(lead=lead, text="Перезвонить в пятницу")
    assert note.params == {}
    assert rendered(note, "kk") == "Перезвонить в пятницу"


@pytest.mark.parametrize(
    ("kind", "text", "params", "rest"),
    [
        (ActivityKind.STATUS_CHANGE, "Статус: Новый → Связались", {"old": "new", "new": "contacted"}, ""),
        (ActivityKind.STATUS_CHANGE, "Мәртебе: Жаңа → Байланыс орнатылды", {"old": "new", "new": "contacted"}, ""),
        (ActivityKind.STATUS_CHANGE, "Status: Qualified → Lost", {"old": "qualified", "new": "lost"}, ""),
        (ActivityKind.CREATED, "Лид создан (источник: website)", {"source": "website"}, ""),
        (
            ActivityKind.INQUIRY,
            "Новое обращение (источник: contact_form)\nХочу кухню",
            {"source": "contact_form"},
            "Хочу кухню",
        ),
        (ActivityKind.ASSIGNMENT, "Не назначен", {"manager_id": None, "manager": ""}, ""),
        (
            ActivityKind.CONVERTED,
            "Переведён из статуса «Квалифицирован» в проект «Кухня»",
            None,  # filled in below from the catalog's label of `qualified`
            "",
        ),
    ],
)
def test_migration_turns_old_sentences_into_params(kind, text, params, rest):
    lead = LeadFactory()
    if params is None:
        with translation.override("ru"):
            text = f"Переведён из статуса «{LeadStatus.QUALIFIED.label}» в проект «Кухня»"
        params = {"old": "qualified", "project_id": None, "project": "Кухня"}
    entry = LeadActivity.objects.create(lead=lead, kind=kind, text=text)

    timeline_migration.forward(django_apps, None)

    entry.refresh_from_db()
    assert entry.params == params
    assert entry.text == rest


def test_migration_links_the_manager_and_keeps_what_it_cannot_read(manager):
    lead = LeadFactory()
    assigned = LeadActivity.objects.create(lead=lead, kind=ActivityKind.ASSIGNMENT, text=f"Назначен: {manager}")
    odd = LeadActivity.objects.create(lead=lead, kind=ActivityKind.STATUS_CHANGE, text="что-то своё")
    note = LeadActivity.objects.create(lead=lead, kind=ActivityKind.NOTE, text="Статус: Новый → Связались")

    timeline_migration.forward(django_apps, None)

    assigned.refresh_from_db(), odd.refresh_from_db(), note.refresh_from_db()
    assert assigned.params == {"manager_id": manager.pk, "manager": str(manager)}
    assert (odd.params, odd.text) == ({}, "что-то своё")
    assert (note.params, note.text) == ({}, "Статус: Новый → Связались")  # a person's note is never parsed


def test_change_page_shows_the_timeline_read_only_with_no_delete(admin_client, manager):
    lead = LeadFactory()
    services.lead_set_status(lead=lead, status=LeadStatus.CONTACTED, actor=manager)
    services.lead_add_note(lead=lead, text="Первая заметка")

    response = admin_client.get(reverse("admin:leads_lead_change", args=[lead.pk]), HTTP_ACCEPT_LANGUAGE="kk")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="timeline"' in html
    assert "Мәртебе: Жаңа → Байланыс орнатылды" in html
    assert "Первая заметка" in html
    assert "Первая заметка</textarea>" not in html  # not editable
    assert "-DELETE" not in html  # no delete box on any entry
    assert 'name="activities-0-text"' in html  # only the new-entry row is a form


def test_posting_a_delete_for_an_entry_deletes_nothing(admin_client):
    lead = LeadFactory()
    entry = services.lead_add_note(lead=lead, text="История")
    data = {
        "name": lead.name,
        "email": lead.email,
        "phone": lead.phone,
        "language": "ru",
        "status": lead.status,
        "service_interest": lead.service_interest,
        "source": lead.source,
        "assigned_to": "",
        "notes": lead.notes,
        "activities-TOTAL_FORMS": "1",
        "activities-INITIAL_FORMS": "1",
        "activities-MIN_NUM_FORMS": "0",
        "activities-MAX_NUM_FORMS": "1",
        "activities-0-id": str(entry.pk),
        "activities-0-lead": str(lead.pk),
        "activities-0-kind": ActivityKind.NOTE,
        "activities-0-text": "Переписано",
        "activities-0-DELETE": "on",
    }
    admin_client.post(reverse("admin:leads_lead_change", args=[lead.pk]), data)

    entry.refresh_from_db()
    assert entry.text == "История"
    assert LeadActivity.objects.filter(pk=entry.pk).exists()


def test_lead_change_page_query_count_does_not_grow_with_the_timeline(admin_client, django_assert_max_num_queries):
    lead = LeadFactory()
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    admin_client.get(url)
    with django_assert_max_num_queries(30) as one:
        admin_client.get(url)
    for n in range(100):
        services.lead_add_note(lead=lead, text=f"Заметка {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(url)


def test_an_offered_phone_reads_as_people_write_it():
    from apps.leads.timeline import render_entry

    with translation.override("ru"):
        text = render_entry("inquiry", {"source": "contact_form", "offered": {"phone": "+77011234567"}}, "")
    assert "+7 701 123 4567" in text and "+77011234567" not in text
