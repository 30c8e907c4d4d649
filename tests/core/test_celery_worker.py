import pytest

from apps.core.tasks import ping
from baimuras.celery import app


@pytest.mark.celery_worker
@pytest.mark.redis
def test_task_round_trip_through_a_real_worker(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", False)
    result = ping.delay()
    assert result.get(timeout=30) == "pong"
    assert result.successful()


def test_task_runs_in_process_without_a_broker():
    """The embedded default: no REDIS_URL, tasks execute where they are called."""
    assert ping.delay().get(timeout=1) == "pong"


@pytest.mark.celery_worker
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_burst_of_events_is_drained_and_processed_by_a_real_worker(monkeypatch, settings):
    """Through Redis: the first commit rings the doorbell and publishes a drain, the worker drains
    every event committed meanwhile and runs each one's handlers."""
    import time

    from apps.core.models import Event, EventStatus
    from apps.leads import services

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    settings.OUTBOX_RELAY = "celery"
    for number in range(6):
        services.lead_create(name=f"Worker {number}", email=f"drain-{number}@example.com", source="website")
    created = Event.objects.filter(type="lead.created")
    assert created.count() == 6
    deadline = time.monotonic() + 30
    while created.filter(status=EventStatus.PENDING).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert sorted(created.values_list("status", flat=True)) == [EventStatus.PROCESSED] * 6
    assert not created.filter(dispatched_at__isnull=True).exists()  # each handed on by a drain
