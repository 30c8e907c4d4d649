"""End to end through Redis and a real Celery worker (CI's second pass; see tests/conftest.py).

The worker is another process with its own (locmem) mail outbox, so the test follows the reminder's
outbox event in the database, and checks the claim."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

import baimuras.celery
from apps.consultations import services
from apps.consultations.models import ConsultationStatus
from apps.core.models import Event, EventHandling, EventStatus
from tests.consultations.factories import ConsultationFactory


@pytest.mark.celery_worker
@pytest.mark.redis
# serialized_rollback: the flush after a transactional test must not lose the data migrations (Managers group).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_reminder_exactly_once(monkeypatch, manager, settings):
    monkeypatch.setitem(baimuras.celery.app.conf, "task_always_eager", False)
    settings.OUTBOX_RELAY = "celery"
    consultation = ConsultationFactory()
    services.consultation_schedule(
        consultation=consultation, scheduled_at=timezone.now() + timedelta(hours=23), assigned_to=manager
    )
    first_run = timezone.now().replace(microsecond=0)

    # Two sweeps, as two beat processes (or beat and cron) would run them.
    first = services.send_due_reminders(now=first_run)
    second = services.send_due_reminders(now=first_run + timedelta(minutes=1))

    assert [(r.consultation_id, r.kind) for r in first] == [(consultation.pk, "24h")]
    assert second == []
    # The worker runs the event's handler (its own email backend is in its own process): wait for
    # the outbox row to show the reminder handled, once.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        event = Event.objects.get(pk=first[0].event_id)
        if event.status != EventStatus.PENDING:
            break
        time.sleep(0.2)
    assert event.status == EventStatus.PROCESSED, event.last_error
    assert list(EventHandling.objects.filter(event=event).values_list("handler", flat=True)) == [
        "consultations.send_reminder"
    ]
    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at == first_run  # claimed once, by the first sweep
    assert consultation.reminder_2h_sent_at is None
    assert consultation.status == ConsultationStatus.SCHEDULED
