from datetime import timedelta
from smtplib import SMTPException

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import Role
from apps.core import events
from apps.core.models import Event, EventStatus
from apps.leads import services, tasks
from apps.leads.models import Lead, LeadStatus
from tests.accounts.factories import UserFactory
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_user, manager, client_user):
    """Who hears about leads: active admins and managers with notifications on — nobody else."""
    UserFactory(role=Role.MANAGER, email="away@example.com", is_active=False)
    UserFactory(role=Role.MANAGER, email="quiet@example.com", notifications=False)
    return ["admin@example.com", "manager@example.com"]


@pytest.fixture
def failing_email(monkeypatch):
    attempts = []

    def refuse(self, fail_silently=False):
        attempts.append(self.subject)
        raise SMTPException("relay down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    return attempts


def make_old(lead, hours=25):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(hours=hours))


# --- a new lead ----------------------------------------------------------------------------------


def test_new_lead_notifies_the_managers_after_commit_only(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        lead = services.lead_create(name="Айдана", email="aidana@example.com", phone="87771234567")
        assert mail.outbox == []  # still inside the transaction

    # One outbox dispatch (the other callback moves the lead list's cache version on).
    assert len([callback for callback in callbacks if "dispatch_event" in repr(callback)]) == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == staff
    assert "Айдана" in sent.subject
    assert "+7 777 123 4567" in sent.body  # the phone as people read it
    assert f"/admin/leads/lead/{lead.pk}/change/" in sent.body


def test_notification_list_includes_the_configured_addresses(staff, settings, django_capture_on_commit_callbacks):
    settings.MANAGER_NOTIFICATION_EMAILS = ["sales@baimuras.space"]
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_create(name="Айдана", email="aidana@example.com")
    assert sorted(mail.outbox[0].to) == ["admin@example.com", "manager@example.com", "sales@baimuras.space"]


def test_nothing_is_sent_until_the_outermost_transaction_commits(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            services.lead_create(name="Айдана", email="aidana@example.com")
        assert mail.outbox == []  # the service's own block is done, the caller's is not
    assert len(mail.outbox) == 1


def test_a_rolled_back_lead_notifies_nobody(staff, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.lead_create(name="Айдана", email="aidana@example.com")
        raise RuntimeError("the request failed later")
    assert callbacks == []
    assert mail.outbox == []
    assert not Lead.objects.exists()


def test_an_inquiry_linked_to_an_open_lead_notifies_nobody(staff, django_capture_on_commit_callbacks):
    LeadFactory(email="known@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_message_create(name="Снова", email="known@example.com", message="Ещё вопрос")
    assert mail.outbox == []


def test_a_failing_email_never_loses_the_lead(staff, failing_email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        lead = services.lead_create(name="Айдана", email="aidana@example.com")  # must not raise

    assert Lead.objects.filter(pk=lead.pk, status=LeadStatus.NEW).exists()
    assert len(failing_email) == 1  # tried; the retry is Celery's business (eager: raised as Retry)
    assert mail.outbox == []


def test_a_failing_email_never_loses_the_inquiry(staff, failing_email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_message_create(name="Айдана", email="aidana@example.com", message="Здравствуйте")

    assert Lead.objects.filter(pk=contact.lead_id).exists()
    assert contact.__class__.objects.filter(pk=contact.pk).exists()
    assert len(failing_email) == 1


def test_a_failing_email_is_retried_by_the_outbox_and_then_sent_once(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    refused = []

    def refuse(self, fail_silently=False):
        refused.append(self.subject)
        raise SMTPException("relay down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            lead = services.lead_create(name="Айдана", email="aidana@example.com")
    event = Event.objects.get(type="lead.created")
    assert refused and event.status == EventStatus.PENDING and event.attempts == 1
    assert "SMTPException" in event.last_error
    assert event.next_attempt_at > timezone.now()

    # Not due yet: the sweep leaves it; once due, the email goes out, once.
    assert events.sweep() == 0
    with django_capture_on_commit_callbacks(execute=True):
        events.sweep(now=event.next_attempt_at + timedelta(seconds=1))
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED
    assert len(mail.outbox) == 1 and "Айдана" in mail.outbox[0].subject
    events.sweep(now=timezone.now() + timedelta(hours=2))
    events.process(event.pk)
    assert len(mail.outbox) == 1
    assert Lead.objects.filter(pk=lead.pk).exists()


def test_a_deleted_lead_is_nothing_to_notify(staff):
    event = Event.objects.create(type="lead.created", payload={"id": 987654}, meta={"notify": True})
    assert events.process(event.pk) is True
    assert mail.outbox == []


def test_an_import_writes_the_event_but_emails_nobody(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_create(name="Импорт", email="import@example.com", notify=False)
    assert Event.objects.get(type="lead.created").status == EventStatus.PROCESSED
    assert mail.outbox == []


# --- stale leads ---------------------------------------------------------------------------------


def test_stale_leads_are_notified_once_each(staff):
    forgotten = LeadFactory(name="Забытый клиент")
    make_old(forgotten)

    assert tasks.notify_stale_leads.delay().get() == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == staff
    assert "Забытый клиент" in mail.outbox[0].body
    forgotten.refresh_from_db()
    assert forgotten.stale_notified_at is not None

    assert tasks.notify_stale_leads.delay().get() == 0
    assert len(mail.outbox) == 1

    newly_forgotten = LeadFactory(name="Ещё один")
    make_old(newly_forgotten, hours=30)
    assert tasks.notify_stale_leads.delay().get() == 1
    assert len(mail.outbox) == 2
    assert "Ещё один" in mail.outbox[1].body
    assert "Забытый клиент" not in mail.outbox[1].body


def test_stale_means_new_unassigned_and_older_than_a_day(staff, manager):
    assigned = LeadFactory(assigned_to=manager)
    contacted = LeadFactory(status=LeadStatus.CONTACTED)
    lost = LeadFactory(status=LeadStatus.LOST)
    young = LeadFactory()
    for lead in (assigned, contacted, lost):
        make_old(lead, hours=48)
    make_old(young, hours=23)

    assert tasks.notify_stale_leads.delay().get() == 0
    assert mail.outbox == []
    assert not Lead.objects.filter(stale_notified_at__isnull=False).exists()


def test_many_stale_leads_make_one_email(staff):
    for _ in range(3):
        make_old(LeadFactory())
    assert tasks.notify_stale_leads.delay().get() == 3
    assert len(mail.outbox) == 1


def test_stale_notice_that_cannot_be_sent_is_tried_again_next_time(staff, failing_email, monkeypatch):
    forgotten = LeadFactory()
    make_old(forgotten)

    with pytest.raises(Retry):
        tasks.notify_stale_leads.delay()
    forgotten.refresh_from_db()
    assert forgotten.stale_notified_at is None  # released

    monkeypatch.undo()
    assert tasks.notify_stale_leads.delay().get() == 1
    assert len(mail.outbox) == 1
