import datetime
from decimal import Decimal
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage

from apps.core.exceptions import Conflict
from apps.leads import services
from apps.leads.models import (
    ActivityKind,
    ContactMessage,
    ContactMessageStatus,
    Lead,
    LeadActivity,
    LeadSource,
    LeadStatus,
    ServiceInterest,
)
from apps.projects import services as project_services
from apps.projects.models import Project, ProjectStatus
from tests.leads.factories import ContactMessageFactory, LeadFactory

pytestmark = pytest.mark.django_db


def kinds(lead) -> list[str]:
    """The lead's timeline, oldest first."""
    return list(lead.activities.order_by("id").values_list("kind", flat=True))


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --- lead_create --------------------------------------------------------------------------------


def test_create_normalizes_contact_and_writes_created_activity(manager):
    lead = services.lead_create(
        name="  Айгерим Садыкова ",
        email=" Aigerim@Example.COM ",
        phone="8 (777) 123-45-67",
        source="partner_site",
        service_interest=ServiceInterest.MONTESSORI,
        author=manager,
    )

    lead.refresh_from_db()
    assert (lead.name, lead.email, lead.phone) == ("Айгерим Садыкова", "aigerim@example.com", "+77771234567")
    assert (lead.status, lead.source, lead.service_interest) == ("new", "partner_site", "montessori")
    created = lead.activities.get()
    assert created.kind == ActivityKind.CREATED
    assert created.author == manager
    assert created.params == {"source": "partner_site"}
    assert "partner_site" in created.message  # an unknown source is shown as it was sent


def test_create_with_phone_only_or_email_only():
    assert services.lead_create(name="Only phone", phone="+996 509 912 569").phone == "+996509912569"
    assert services.lead_create(name="Only email", email="only@example.com").email == "only@example.com"


def test_create_defaults_source_to_api_and_ignores_an_anonymous_author():
    from django.contrib.auth.models import AnonymousUser

    lead = services.lead_create(name="Ерлан", email="erlan@example.com", author=AnonymousUser())
    assert lead.source == LeadSource.API
    assert lead.activities.get().author is None


@pytest.mark.parametrize(
    ("kwargs", "fields"),
    [
        ({"name": "", "email": "a@example.com"}, {"name"}),
        ({"name": "   ", "phone": "+77771234567"}, {"name"}),
        ({"name": "Нет контактов"}, {"email"}),
        ({"name": "Плохой телефон", "phone": "abc"}, {"phone"}),
        ({"name": "Плохой email", "email": "not-an-email"}, {"email"}),
        ({"name": "", "phone": "abc"}, {"name", "phone"}),
        ({"name": "Кухня", "email": "a@example.com", "service_interest": "spaceship"}, {"service_interest"}),
        ({"name": "x" * 151, "email": "a@example.com"}, {"name"}),
    ],
)
def test_create_validation_errors_name_the_field(kwargs, fields):
    with pytest.raises(ValidationError) as exc:
        services.lead_create(**kwargs)
    assert set(errors_of(exc)) == fields
    assert Lead.objects.count() == 0
    assert LeadActivity.objects.count() == 0


def test_create_with_a_manager_writes_an_assignment(manager, admin_user):
    lead = services.lead_create(name="Дана", email="dana@example.com", assigned_to=manager, author=admin_user)
    assert kinds(lead) == [ActivityKind.CREATED, ActivityKind.ASSIGNMENT]
    assert lead.activities.get(kind=ActivityKind.ASSIGNMENT).author == admin_user


def test_create_refuses_a_client_as_manager(client_user):
    with pytest.raises(ValidationError) as exc:
        services.lead_create(name="Дана", email="dana@example.com", assigned_to=client_user)
    assert set(errors_of(exc)) == {"assigned_to"}
    assert Lead.objects.count() == 0


# --- duplicate detection --------------------------------------------------------------------------


def test_inquiry_links_to_the_open_lead_with_the_same_email_whatever_its_case():
    existing = LeadFactory(email="Aigerim@Example.COM", phone="")

    lead, created = services.lead_create_or_link(
        name="Айгерим", email="aigerim@EXAMPLE.com", source=LeadSource.CONTACT_FORM, inquiry="Нужна кухня"
    )

    assert created is False
    assert lead.pk == existing.pk
    assert Lead.objects.count() == 1


@pytest.mark.parametrize("phone", ["87771234567", "+7 777 123 45 67", "8 (777) 123-45-67", "7771234567"])
def test_inquiry_links_by_phone_written_in_any_format(phone):
    existing = services.lead_create(name="Айгерим", phone="+77771234567")

    lead, created = services.lead_create_or_link(name="Айгерим", phone=phone, source=LeadSource.CONTACT_FORM)

    assert (lead.pk, created) == (existing.pk, False)
    assert Lead.objects.count() == 1


def test_inquiry_writes_an_inquiry_activity_with_its_text(manager):
    existing = LeadFactory(email="repeat@example.com")

    services.lead_create_or_link(
        name="Повтор",
        email="repeat@example.com",
        source=LeadSource.CONSULTATION_FORM,
        inquiry="Хочу ещё шкаф",
        author=manager,
    )

    inquiry = existing.activities.get(kind=ActivityKind.INQUIRY)
    assert inquiry.params == {"source": "consultation_form", "offered": {"name": "Повтор"}}
    assert inquiry.text == "Хочу ещё шкаф"
    assert inquiry.author == manager


@pytest.mark.parametrize("status", [LeadStatus.CONVERTED, LeadStatus.LOST])
def test_inquiry_never_links_to_a_closed_lead(status):
    closed = LeadFactory(email="back@example.com", phone="+77770000001", status=status)

    lead, created = services.lead_create_or_link(
        name="Снова", email="back@example.com", phone="+77770000001", source=LeadSource.CONTACT_FORM
    )

    assert created is True
    assert lead.pk != closed.pk
    assert lead.status == LeadStatus.NEW
    assert Lead.objects.count() == 2
    assert kinds(lead) == [ActivityKind.CREATED]
    assert not closed.activities.exists()


@pytest.mark.parametrize("status", [LeadStatus.CONTACTED, LeadStatus.QUALIFIED])
def test_inquiry_links_to_a_lead_being_worked(status):
    worked = LeadFactory(email="worked@example.com", status=status)
    lead, created = services.lead_create_or_link(name="X", email="worked@example.com", source="website")
    assert (lead.pk, created) == (worked.pk, False)


def test_a_public_inquiry_changes_nothing_on_the_lead_and_notes_new_details_on_its_timeline():
    lead = LeadFactory(name="Пётр", email="known@example.com", phone="", service_interest="")

    services.lead_create_or_link(
        name="Кто-то",
        email="known@example.com",
        phone="87771234567",
        service_interest="kitchen_design",
        source="website",
    )

    lead.refresh_from_db()
    assert (lead.name, lead.phone, lead.service_interest) == ("Пётр", "", "")
    inquiry = lead.activities.get(kind=ActivityKind.INQUIRY)
    assert "+7 777 123 4567" in inquiry.message  # the offered phone as people read it
    assert "Кто-то" in inquiry.message
    assert "known@example.com" not in inquiry.message  # only what differs


def test_a_staff_inquiry_fills_the_missing_email_and_phone_of_the_lead_but_overwrites_nothing():
    by_phone = LeadFactory(email="", phone="+77771234567", service_interest="")
    by_email = LeadFactory(email="known@example.com", phone="")

    services.lead_create_or_link(
        name="A",
        email="new@example.com",
        phone="87771234567",
        service_interest=ServiceInterest.CHILDREN_ROOM,
        source="website",
        fill_blanks=True,
    )
    services.lead_create_or_link(
        name="B", email="KNOWN@example.com", phone="+996 509 912 569", source="website", fill_blanks=True
    )

    by_phone.refresh_from_db()
    by_email.refresh_from_db()
    assert (by_phone.email, by_phone.phone, by_phone.service_interest) == (
        "new@example.com",
        "+77771234567",
        "children_room",
    )
    assert (by_email.email, by_email.phone) == ("known@example.com", "+996509912569")

    # A lead that has both keeps them: the inquiry's other email is not written over it.
    services.lead_create_or_link(
        name="C", email="known@example.com", phone="+77779999999", source="website", fill_blanks=True
    )
    by_email.refresh_from_db()
    assert by_email.phone == "+996509912569"


def test_inquiry_links_to_the_oldest_open_lead():
    older = LeadFactory(email="twice@example.com")
    LeadFactory(email="twice@example.com")
    lead, _created = services.lead_create_or_link(name="X", email="twice@example.com", source="website")
    assert lead.pk == older.pk


def test_inquiry_is_validated_like_a_new_lead():
    with pytest.raises(ValidationError) as exc:
        services.lead_create_or_link(name="", phone="abc", source="website")
    assert set(errors_of(exc)) == {"name", "phone"}


# --- lead_update, lead_assign ---------------------------------------------------------------------


def test_status_change_writes_an_activity_with_its_author(manager):
    lead = LeadFactory()

    services.lead_update(lead=lead, data={"status": LeadStatus.CONTACTED}, actor=manager)

    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONTACTED
    change = lead.activities.get(kind=ActivityKind.STATUS_CHANGE)
    assert change.author == manager
    assert change.params == {"old": "new", "new": "contacted"}
    assert str(LeadStatus.NEW.label) in change.message
    assert str(LeadStatus.CONTACTED.label) in change.message


def test_assignment_and_unassignment_write_activities_with_their_author(manager, admin_user):
    lead = LeadFactory()

    services.lead_update(lead=lead, data={"assigned_to": manager}, actor=admin_user)
    services.lead_update(lead=lead, data={"assigned_to": None}, actor=admin_user)

    assignments = list(lead.activities.filter(kind=ActivityKind.ASSIGNMENT).order_by("id"))
    assert len(assignments) == 2
    assert all(a.author == admin_user for a in assignments)
    assert manager.name in assignments[0].message
    lead.refresh_from_db()
    assert lead.assigned_to is None


def test_an_update_that_changes_neither_status_nor_manager_writes_no_activity(manager):
    lead = LeadFactory(status=LeadStatus.CONTACTED, assigned_to=manager)

    services.lead_update(
        lead=lead, data={"notes": "Перезвонить в пятницу", "status": "contacted", "assigned_to": manager}
    )

    assert not lead.activities.exists()
    lead.refresh_from_db()
    assert lead.notes == "Перезвонить в пятницу"


def test_update_normalizes_contact_and_names_bad_fields():
    lead = LeadFactory()
    services.lead_update(lead=lead, data={"phone": "8 777 555 44 33", "email": "NEW@Example.com"})
    lead.refresh_from_db()
    assert (lead.phone, lead.email) == ("+77775554433", "new@example.com")

    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"phone": "abc"})
    assert set(errors_of(exc)) == {"phone"}
    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"email": "", "phone": ""})
    assert set(errors_of(exc)) == {"email"}
    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"status": "bogus"})
    assert set(errors_of(exc)) == {"status"}
    lead.refresh_from_db()
    assert (lead.phone, lead.email, lead.status) == ("+77775554433", "new@example.com", "new")


def test_update_refuses_converted_directly():
    lead = LeadFactory(status=LeadStatus.QUALIFIED)

    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"status": LeadStatus.CONVERTED})

    assert set(errors_of(exc)) == {"status"}
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED
    assert not lead.activities.exists()


@pytest.mark.parametrize("status", [LeadStatus.NEW, LeadStatus.LOST, LeadStatus.QUALIFIED])
def test_a_converted_lead_keeps_its_status(status):
    lead = LeadFactory(status=LeadStatus.CONVERTED)

    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"status": status})

    assert set(errors_of(exc)) == {"status"}
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED


def test_a_converted_lead_can_still_have_its_notes_edited():
    lead = LeadFactory(status=LeadStatus.CONVERTED)
    services.lead_update(lead=lead, data={"notes": "Договор подписан", "status": LeadStatus.CONVERTED})
    lead.refresh_from_db()
    assert (lead.status, lead.notes) == (LeadStatus.CONVERTED, "Договор подписан")


def test_update_refuses_unknown_fields():
    with pytest.raises(ValueError, match="stale_notified_at"):
        services.lead_update(lead=LeadFactory(), data={"stale_notified_at": None})


def test_assign_to_a_manager_or_an_admin(manager, admin_user):
    lead = LeadFactory()

    services.lead_assign(lead=lead, manager=manager, actor=admin_user)
    lead.refresh_from_db()
    assert lead.assigned_to == manager
    services.lead_assign(lead=lead, manager=admin_user, actor=admin_user)
    lead.refresh_from_db()
    assert lead.assigned_to == admin_user
    assert lead.activities.filter(kind=ActivityKind.ASSIGNMENT, author=admin_user).count() == 2


def test_assign_refuses_a_client(client_user, manager):
    lead = LeadFactory(assigned_to=manager)

    with pytest.raises(ValidationError) as exc:
        services.lead_assign(lead=lead, manager=client_user)

    assert set(errors_of(exc)) == {"assigned_to"}
    lead.refresh_from_db()
    assert lead.assigned_to == manager
    assert not lead.activities.exists()


def test_update_refuses_a_client_as_manager_too(client_user):
    lead = LeadFactory()
    with pytest.raises(ValidationError) as exc:
        services.lead_update(lead=lead, data={"assigned_to": client_user})
    assert set(errors_of(exc)) == {"assigned_to"}


def test_add_note_needs_text(manager):
    lead = LeadFactory()
    note = services.lead_add_note(lead=lead, text="  Клиент просит замер  ", kind=ActivityKind.CALL, author=manager)
    assert (note.kind, note.text, note.author) == ("call", "Клиент просит замер", manager)
    with pytest.raises(ValidationError) as exc:
        services.lead_add_note(lead=lead, text="   ")
    assert set(errors_of(exc)) == {"text"}


# --- lead_convert ---------------------------------------------------------------------------------


def test_convert_makes_the_project_from_the_lead(manager, admin_user):
    lead = services.lead_create(
        name="Асель Нурланова", email="asel@example.com", phone="87771234567", assigned_to=manager
    )
    lead.notes = "Кухня из дуба"
    lead.save()

    project = project_services.lead_convert(
        lead=lead,
        project_name="Кухня для Асель",
        budget=Decimal("1500000.00"),
        deadline=datetime.date(2030, 9, 1),
        actor=admin_user,
    )

    project.refresh_from_db()
    assert project.name == "Кухня для Асель"
    assert project.lead == lead
    assert (project.client_name, project.client_email, project.client_phone) == (
        "Асель Нурланова",
        "asel@example.com",
        "+77771234567",
    )
    assert project.manager == manager
    assert (project.budget, project.currency, project.deadline) == (
        Decimal("1500000.00"),
        "KZT",
        datetime.date(2030, 9, 1),
    )
    assert project.status == ProjectStatus.PLANNING
    assert project.description == "Кухня из дуба"

    assert lead.status == LeadStatus.CONVERTED  # the caller's instance too
    lead.refresh_from_db()
    assert lead.status == LeadStatus.CONVERTED
    assert lead.project == project
    converted = lead.activities.get(kind=ActivityKind.CONVERTED)
    assert converted.author == admin_user
    assert converted.params["project"] == "Кухня для Асель"
    assert "Кухня для Асель" in converted.message


def test_convert_uses_the_currency_setting(settings):
    settings.DEFAULT_CURRENCY = "KGS"
    project = project_services.lead_convert(lead=LeadFactory(), project_name="Шкаф", budget=Decimal(90000))
    assert project.currency == "KGS"


def test_convert_of_an_unassigned_lead_gives_the_project_to_the_converting_manager(manager, client_user):
    assert project_services.lead_convert(lead=LeadFactory(), project_name="A", actor=manager).manager == manager
    assert project_services.lead_convert(lead=LeadFactory(), project_name="B", actor=client_user).manager is None
    assert project_services.lead_convert(lead=LeadFactory(), project_name="C").manager is None


def test_convert_twice_is_conflict(manager):
    lead = LeadFactory()
    project_services.lead_convert(lead=lead, project_name="Первый", actor=manager)

    with pytest.raises(Conflict):
        project_services.lead_convert(lead=lead, project_name="Второй", actor=manager)
    # The same with a stale instance that still says `new`.
    with pytest.raises(Conflict):
        project_services.lead_convert(
            lead=Lead(pk=lead.pk, name=lead.name, status=LeadStatus.NEW), project_name="Третий"
        )

    assert list(Project.objects.values_list("name", flat=True)) == ["Первый"]
    assert lead.activities.filter(kind=ActivityKind.CONVERTED).count() == 1


def test_convert_a_lost_lead_is_conflict():
    lead = LeadFactory(status=LeadStatus.LOST)

    with pytest.raises(Conflict):
        project_services.lead_convert(lead=lead, project_name="Не будет")

    lead.refresh_from_db()
    assert lead.status == LeadStatus.LOST
    assert not Project.objects.exists()
    assert not lead.activities.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"project_name": "  "}, "project_name"), ({"project_name": "Кухня", "budget": Decimal(-1)}, "budget")],
)
def test_convert_validation_names_the_argument_and_changes_nothing(kwargs, field):
    lead = LeadFactory(status=LeadStatus.QUALIFIED)

    with pytest.raises(ValidationError) as exc:
        project_services.lead_convert(lead=lead, **kwargs)

    assert set(errors_of(exc)) == {field}
    lead.refresh_from_db()
    assert lead.status == LeadStatus.QUALIFIED
    assert not Project.objects.exists()


# --- contact messages -----------------------------------------------------------------------------


def test_contact_message_is_stored_and_creates_its_lead():
    contact = services.contact_message_create(
        name="Гульнара",
        email="Gulnara@Example.com",
        phone="+7 701 111 22 33",
        subject="Детская комната",
        message="  Хотим детскую в стиле Монтессори  ",
        project_type="children_room",
        budget="до 1 млн",
        language="kk",
        ip="203.0.113.7",
        user_agent="Mozilla/5.0",
    )

    contact.refresh_from_db()
    assert contact.status == ContactMessageStatus.NEW
    assert (contact.email, contact.phone, contact.message) == (
        "gulnara@example.com",
        "+77011112233",
        "Хотим детскую в стиле Монтессори",
    )
    assert (contact.ip, contact.language, contact.source) == ("203.0.113.7", "kk", "contact_form")
    lead = contact.lead
    assert lead is not None
    assert (lead.name, lead.email, lead.phone, lead.source, lead.language) == (
        "Гульнара",
        "gulnara@example.com",
        "+77011112233",
        LeadSource.CONTACT_FORM,
        "kk",
    )
    assert lead.notes == "Хотим детскую в стиле Монтессори"
    assert kinds(lead) == [ActivityKind.CREATED]


def test_contact_message_links_to_the_open_lead_of_the_same_phone():
    existing = services.lead_create(name="Гульнара", phone="+77011112233", source="website")

    contact = services.contact_message_create(name="Гульнара", phone="8 701 111 22 33", message="Ещё вопрос")

    assert contact.lead_id == existing.pk
    assert Lead.objects.count() == 1
    assert kinds(existing) == [ActivityKind.CREATED, ActivityKind.INQUIRY]
    assert "Ещё вопрос" in existing.activities.get(kind=ActivityKind.INQUIRY).text


def test_contact_message_validation_reports_every_field_and_stores_nothing():
    with pytest.raises(ValidationError) as exc:
        services.contact_message_create(name="", phone="abc", message="   ")

    assert set(errors_of(exc)) == {"name", "phone", "message"}
    assert not ContactMessage.objects.exists()
    assert not Lead.objects.exists()


def test_contact_message_is_not_stored_when_its_lead_cannot_be_created(monkeypatch):
    def broken_activity(**kwargs):
        raise RuntimeError("timeline is down")

    # The lead row is written before its timeline entry fails: both must be rolled back.
    monkeypatch.setattr(services, "activity_add", broken_activity)

    with pytest.raises(RuntimeError):
        services.contact_message_create(name="Гульнара", email="g@example.com", message="Здравствуйте")

    assert not Lead.objects.exists()
    assert not ContactMessage.objects.exists()
    assert not LeadActivity.objects.exists()


def test_contact_message_that_fails_validation_rolls_back_its_new_lead():
    with pytest.raises(ValidationError) as exc:
        services.contact_message_create(name="Гульнара", email="g@example.com", message="Hi", subject="x" * 201)

    assert set(errors_of(exc)) == {"subject"}
    assert not Lead.objects.exists()
    assert not ContactMessage.objects.exists()


def test_reply_sends_the_email_marks_replied_and_writes_an_email_activity(manager):
    contact = ContactMessageFactory(email="sender@example.com")

    services.contact_message_reply(
        contact=contact, subject="Re: детская", body="Здравствуйте! Приглашаем на замер.", actor=manager
    )

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["sender@example.com"]
    assert sent.reply_to == ["manager@example.com"]
    assert (sent.subject, sent.body) == ("Re: детская", "Здравствуйте! Приглашаем на замер.")
    contact.refresh_from_db()
    assert contact.status == ContactMessageStatus.REPLIED
    assert contact.replied_at is not None
    activity = contact.lead.activities.get(kind=ActivityKind.EMAIL)
    assert activity.author == manager
    assert "Приглашаем на замер" in activity.text


def test_reply_needs_an_address_and_a_body(manager):
    with pytest.raises(ValidationError) as exc:
        services.contact_message_reply(contact=ContactMessageFactory(email=""), subject="Re", body="x", actor=manager)
    assert set(errors_of(exc)) == {"email"}
    with pytest.raises(ValidationError) as exc:
        services.contact_message_reply(contact=ContactMessageFactory(), subject="Re", body="  ", actor=manager)
    assert set(errors_of(exc)) == {"body"}
    assert mail.outbox == []


def test_a_reply_that_cannot_be_sent_is_not_recorded(monkeypatch, manager):
    def refuse(self, fail_silently=False):
        raise SMTPException("relay down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    contact = ContactMessageFactory()

    with pytest.raises(SMTPException):
        services.contact_message_reply(contact=contact, subject="Re", body="Ответ", actor=manager)

    contact.refresh_from_db()
    assert contact.status == ContactMessageStatus.NEW
    assert contact.replied_at is None
    assert not contact.lead.activities.exists()


def test_opening_a_new_message_marks_it_read_once():
    contact = ContactMessageFactory()
    services.contact_message_mark_read(contact=contact)
    contact.refresh_from_db()
    first_read = contact.read_at
    assert (contact.status, first_read is not None) == (ContactMessageStatus.READ, True)

    services.contact_message_set_status(contact=contact, status=ContactMessageStatus.ARCHIVED)
    services.contact_message_mark_read(contact=contact)
    contact.refresh_from_db()
    assert (contact.status, contact.read_at) == (ContactMessageStatus.ARCHIVED, first_read)

    with pytest.raises(ValidationError) as exc:
        services.contact_message_set_status(contact=contact, status="spam")
    assert set(errors_of(exc)) == {"status"}


def test_text_longer_than_its_field_is_refused_even_without_a_form():
    with pytest.raises(ValidationError) as exc:
        services.lead_create(name="Длинный", email="long@example.com", notes="x" * 5001)
    assert set(errors_of(exc)) == {"notes"}
    with pytest.raises(ValidationError) as exc:
        services.contact_message_create(name="Длинный", email="long@example.com", message="x" * 5001)
    assert set(errors_of(exc)) == {"message"}
    assert not Lead.objects.exists()
    assert not ContactMessage.objects.exists()


def test_a_message_of_the_longest_allowed_length_still_reaches_an_existing_lead():
    existing = LeadFactory(email="long@example.com")

    contact = services.contact_message_create(name="Длинный", email="long@example.com", message="я" * 5000)

    assert contact.lead_id == existing.pk
    inquiry = existing.activities.get(kind=ActivityKind.INQUIRY)
    assert len(inquiry.text) == 5000


def test_a_new_leads_answer_needs_no_query_for_its_project_or_source(db, django_assert_num_queries):
    from apps.leads.api.serializers import LeadSerializer

    lead = services.lead_create(name="Айгерим", email="fresh@example.com")
    with django_assert_num_queries(0):
        body = LeadSerializer(lead).data
    assert body["project_id"] is None and body["attribution"] is None


def test_a_new_lead_shows_a_project_or_source_made_later_on_the_same_instance(db, manager):
    from apps.analytics.services import VisitSource, lead_attribution_record
    from apps.leads.api.serializers import LeadSerializer
    from apps.projects.services import lead_convert

    lead = services.lead_create(name="Айгерим", email="later@example.com")
    lead_attribution_record(lead=lead, source=VisitSource(channel="social", utm_source="instagram"))
    project = lead_convert(lead=lead, project_name="Кухня", actor=manager)
    body = LeadSerializer(lead).data
    assert body["project_id"] == project.pk
    assert body["attribution"]["utm_source"] == "instagram"
