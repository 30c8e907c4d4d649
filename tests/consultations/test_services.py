import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.consultations import services
from apps.consultations.models import Consultation, ConsultationStatus, ConsultationType
from apps.leads.models import ActivityKind, Lead, LeadSource, LeadStatus
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + timedelta(days=days)


def request(**overrides) -> Consultation:
    data = {
        "name": "Жанар Абенова",
        "email": "Zhanar@Example.com",
        "phone": "8 777 321 54 76",
        "service_type": "kitchen_design",
        "consultation_type": ConsultationType.HOME_VISIT,
        "preferred_date": in_days(3),
        "message": "Нужен замер кухни",
    }
    return services.consultation_request(**{**data, **overrides})


# --- consultation_request ------------------------------------------------------------------------


def test_request_stores_the_consultation_and_creates_its_lead():
    consultation = request(language="kk")

    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.NEW
    assert (consultation.email, consultation.phone) == ("zhanar@example.com", "+77773215476")
    assert (consultation.consultation_type, consultation.preferred_date) == ("home_visit", in_days(3))
    assert consultation.scheduled_at is None
    assert consultation.language == "kk"
    lead = consultation.lead
    assert (lead.source, lead.service_interest, lead.email, lead.phone, lead.status) == (
        LeadSource.CONSULTATION_FORM,
        "kitchen_design",
        "zhanar@example.com",
        "+77773215476",
        LeadStatus.NEW,
    )


def test_request_links_the_open_lead_and_takes_its_manager(manager):
    lead = LeadFactory(phone="+77773215476", email="", assigned_to=manager)

    consultation = request(preferred_date=None)

    assert consultation.lead_id == lead.pk
    assert consultation.assigned_to == manager
    assert Lead.objects.count() == 1
    inquiry = lead.activities.get(kind=ActivityKind.INQUIRY)
    assert inquiry.params["source"] == "consultation_form"
    assert "Нужен замер кухни" in inquiry.text
    lead.refresh_from_db()
    assert lead.email == ""  # a public request never changes the lead...
    assert "zhanar@example.com" in inquiry.message  # ...it shows the manager the new email


def test_a_past_preferred_date_is_accepted_as_in_the_v210_example():
    """The seed's example date (2025-07-01) is long past; a client sending it must still be served."""
    consultation = request(preferred_date=in_days(-1))
    assert consultation.preferred_date == in_days(-1)
    assert consultation.lead is not None


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"service_type": "spaceship"}, {"service_type"}),
        ({"consultation_type": "by_pigeon"}, {"consultation_type"}),
        ({"name": "", "phone": "abc"}, {"name", "phone"}),
        ({"email": "", "phone": ""}, {"email"}),
        ({"phone": "abc"}, {"phone"}),
        ({"message": "x" * 5001}, {"message"}),
    ],
)
def test_request_errors_name_the_requests_fields_and_store_nothing(overrides, fields):
    with pytest.raises(ValidationError) as exc:
        request(**overrides)

    assert set(exc.value.message_dict) == fields
    assert not Consultation.objects.exists()
    assert not Lead.objects.exists()


def test_request_defaults_to_an_office_visit():
    assert request(consultation_type="").consultation_type == ConsultationType.OFFICE_VISIT


# --- scheduling ----------------------------------------------------------------------------------


def test_schedule_sets_the_time_the_manager_and_the_status(manager, admin_user):
    consultation = ConsultationFactory()
    when = timezone.now() + timedelta(days=2)

    services.consultation_schedule(consultation=consultation, scheduled_at=when, assigned_to=manager, actor=admin_user)

    consultation.refresh_from_db()
    assert (consultation.status, consultation.scheduled_at, consultation.assigned_to) == (
        ConsultationStatus.SCHEDULED,
        when,
        manager,
    )


@pytest.mark.parametrize("delta", [timedelta(0), timedelta(minutes=-1), timedelta(days=-3)])
def test_schedule_in_the_past_is_refused(delta):
    consultation = ConsultationFactory()

    with pytest.raises(ValidationError) as exc:
        services.consultation_schedule(consultation=consultation, scheduled_at=timezone.now() + delta)

    assert set(exc.value.message_dict) == {"scheduled_at"}
    consultation.refresh_from_db()
    assert (consultation.status, consultation.scheduled_at) == (ConsultationStatus.NEW, None)


def test_a_naive_time_is_read_in_the_companys_time_zone():
    naive = datetime.datetime.combine(in_days(5), datetime.time(15, 0))
    consultation = services.consultation_schedule(consultation=ConsultationFactory(), scheduled_at=naive)
    assert consultation.scheduled_at == timezone.make_aware(naive)


def test_schedule_refuses_a_client_as_manager(client_user):
    with pytest.raises(ValidationError) as exc:
        services.consultation_schedule(
            consultation=ConsultationFactory(),
            scheduled_at=timezone.now() + timedelta(days=1),
            assigned_to=client_user,
        )
    assert set(exc.value.message_dict) == {"assigned_to"}


def test_rescheduling_rearms_the_reminders():
    first = timezone.now() + timedelta(hours=20)
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED,
        scheduled_at=first,
        reminder_24h_sent_at=timezone.now(),
        reminder_2h_sent_at=timezone.now(),
    )

    services.consultation_schedule(consultation=consultation, scheduled_at=first + timedelta(days=1))

    consultation.refresh_from_db()
    assert (consultation.reminder_24h_sent_at, consultation.reminder_2h_sent_at) == (None, None)


def test_saving_the_same_time_again_keeps_the_reminders(manager):
    when = timezone.now() + timedelta(hours=20)
    sent = timezone.now() - timedelta(hours=1)
    consultation = ConsultationFactory(
        status=ConsultationStatus.SCHEDULED, scheduled_at=when, reminder_24h_sent_at=sent
    )

    services.consultation_schedule(consultation=consultation, scheduled_at=when, assigned_to=manager)
    services.consultation_update(consultation=consultation, data={"message": "Возьмите образцы"})

    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at == sent


# --- consultation_update -------------------------------------------------------------------------


def test_update_is_partial_and_normalizes_contacts():
    consultation = ConsultationFactory(phone="")
    services.consultation_update(consultation=consultation, data={"phone": "+996 509 912 569", "email": "A@B.KZ"})
    consultation.refresh_from_db()
    assert (consultation.phone, consultation.email, consultation.status) == ("+996509912569", "a@b.kz", "new")


def test_update_with_a_time_schedules_a_new_consultation():
    consultation = ConsultationFactory()
    services.consultation_update(consultation=consultation, data={"scheduled_at": timezone.now() + timedelta(days=1)})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.SCHEDULED


def test_update_refuses_bad_values():
    consultation = ConsultationFactory()
    for data, field in (
        ({"phone": "abc"}, "phone"),
        ({"status": ConsultationStatus.SCHEDULED}, "scheduled_at"),
        ({"status": "postponed"}, "status"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.consultation_update(consultation=consultation, data=data)
        assert set(exc.value.message_dict) == {field}
    with pytest.raises(ValueError, match="reminder_2h_sent_at"):
        services.consultation_update(consultation=consultation, data={"reminder_2h_sent_at": None})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.NEW


def test_complete_and_cancel():
    done = ConsultationFactory(status=ConsultationStatus.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=1))
    gone = ConsultationFactory()
    services.consultation_complete(consultation=done)
    services.consultation_cancel(consultation=gone)
    done.refresh_from_db()
    gone.refresh_from_db()
    assert (done.status, gone.status) == (ConsultationStatus.COMPLETED, ConsultationStatus.CANCELLED)
