"""The transactional outbox (apps/core/events.py) and its relay (apps/core/relay.py)."""

import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from apps.core import events, relay
from apps.core.models import Event, EventHandling, EventStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    """A handler subscribed to `test.happened` that records what it saw (and can be told to fail)."""
    seen: list[int] = []
    state = {"fail": 0}

    def handler(event):
        if state["fail"]:
            state["fail"] -= 1
            raise RuntimeError("the mail server is down")
        seen.append(event.payload["n"])

    events.subscribe("tests.recorder", handler, event_types=["test.happened"])
    yield seen, state
    events._subscriptions.pop("tests.recorder", None)


def test_an_event_is_written_in_the_callers_transaction_and_relayed_after_commit(
    recorder, django_capture_on_commit_callbacks
):
    seen, _state = recorder
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        event = events.emit("test.happened", {"n": 1})
        assert seen == []  # not before the commit
    assert len(callbacks) == 1
    assert seen == [1]
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED and event.processed_at is not None


def test_a_rolled_back_transaction_leaves_no_event_and_no_effect(recorder, django_capture_on_commit_callbacks):
    seen, _state = recorder
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ZeroDivisionError), transaction.atomic():
        events.emit("test.happened", {"n": 1})
        1 / 0  # noqa: B018
    assert not Event.objects.exists()
    assert seen == []


def test_each_handler_runs_once_however_often_the_event_is_relayed(recorder):
    seen, _state = recorder
    event = Event.objects.create(type="test.happened", payload={"n": 7})
    for _ in range(3):
        events.process(event.pk)
    # Even a relay racing one that already finished: the handling row is there.
    Event.objects.filter(pk=event.pk).update(status=EventStatus.PENDING)
    events.process(event.pk)
    assert seen == [7]
    assert EventHandling.objects.filter(event=event, handler="tests.recorder").count() == 1


def test_a_failing_handler_is_retried_with_backoff_and_the_others_are_not_repeated(recorder):
    seen, state = recorder
    others = []
    events.subscribe("tests.other", lambda event: others.append(event.pk), event_types=["test.happened"])
    try:
        state["fail"] = 2
        event = Event.objects.create(type="test.happened", payload={"n": 3})
        start = timezone.now()
        assert events.process(event.pk, now=start) is False
        event.refresh_from_db()
        assert (event.status, event.attempts) == (EventStatus.PENDING, 1)
        assert event.next_attempt_at == start + timedelta(seconds=30)
        assert "the mail server is down" in event.last_error

        assert events.process(event.pk, now=start) is False
        event.refresh_from_db()
        assert event.next_attempt_at == start + timedelta(seconds=60)  # doubled

        assert events.process(event.pk) is True
        assert seen == [3] and others == [event.pk]  # the other handler ran once, the first time
    finally:
        events._subscriptions.pop("tests.other", None)


def test_an_event_that_keeps_failing_is_marked_failed(recorder, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _seen, state = recorder
    state["fail"] = 5
    event = Event.objects.create(type="test.happened", payload={"n": 1})
    events.process(event.pk)
    events.process(event.pk)
    event.refresh_from_db()
    assert event.status == EventStatus.FAILED
    assert events.due_events(now=timezone.now() + timedelta(days=1)) == []


def test_the_sweep_takes_what_the_dispatch_left_behind_but_not_what_is_in_flight(recorder):
    seen, _state = recorder
    now = timezone.now()
    fresh = Event.objects.create(type="test.happened", payload={"n": 1}, created_at=now - timedelta(seconds=5))
    stranded = Event.objects.create(type="test.happened", payload={"n": 2}, created_at=now - timedelta(minutes=5))
    retry_later = Event.objects.create(
        type="test.happened", payload={"n": 3}, created_at=now - timedelta(hours=1), next_attempt_at=now + timedelta(1)
    )
    assert events.due_events(now=now) == [stranded.pk]
    events.sweep(now=now)
    assert seen == [2]
    assert {e.pk for e in Event.objects.pending()} == {fresh.pk, retry_later.pk}


def test_an_operator_retries_a_failed_event(recorder, admin_client, django_capture_on_commit_callbacks):
    seen, _state = recorder
    event = Event.objects.create(type="test.happened", payload={"n": 9}, status=EventStatus.FAILED, attempts=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/core/event/", {"action": "retry", "_selected_action": [event.pk]})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED and seen == [9]


def test_events_are_read_only_in_the_admin(admin_client, manager, client):
    event = Event.objects.create(type="lead.created", payload={"id": 1})
    assert admin_client.get("/admin/core/event/").status_code == 200
    assert admin_client.get(f"/admin/core/event/{event.pk}/change/").status_code == 200
    assert admin_client.get("/admin/core/event/add/").status_code == 403
    client.force_login(manager)
    assert client.get("/admin/core/event/").status_code == 403


def test_a_broker_that_is_down_costs_the_request_nothing_and_is_skipped_for_a_while(settings, monkeypatch):
    from celery import current_app

    settings.OUTBOX_RELAY = "celery"
    calls = []

    def down(*args, **kwargs):
        calls.append(args)
        raise ConnectionError("Error 111 connecting to redis")

    monkeypatch.setattr(current_app, "send_task", down)
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)
    started = time.monotonic()
    relay.dispatch("core.process_event", 1)  # never raises
    relay.dispatch("core.process_event", 2)  # the broker is marked down: not even tried
    assert time.monotonic() - started < 0.5
    assert len(calls) == 1


def test_the_publish_fails_fast_against_a_closed_port(settings):
    """A real kombu publish to a Redis that is not there: refused at once, no retries."""
    from celery import current_app

    with current_app.connection_for_write("redis://127.0.0.1:1/0") as connection:
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 (kombu's OperationalError or redis' ConnectionError)
            current_app.send_task("core.ping", connection=connection, retry=False, ignore_result=True)
        assert time.monotonic() - started < 1.5


@pytest.mark.django_db(transaction=True)
def test_the_thread_relay_runs_handlers_off_the_request_thread(recorder, settings, monkeypatch):
    seen, _state = recorder
    settings.OUTBOX_RELAY = "thread"
    monkeypatch.setattr(relay, "_ensure_sweeper", lambda: None)  # no sweeper left running after the test
    events.emit("test.happened", {"n": 5})  # autocommit: relayed at once, to a pool thread
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen == [5]
    relay._pool().shutdown(wait=True)
    relay._executor = None


# --- the doorbell: many events, one publish (Celery) ---------------------------------------------


@pytest.fixture
def broker(settings, monkeypatch):
    """The Celery relay with a broker that records what is published (and can be told to fail)."""
    from celery import current_app

    settings.OUTBOX_RELAY = "celery"
    settings.OUTBOX_DOORBELL_SECONDS = 5
    published: list[tuple[str, tuple]] = []
    state = {"down": False}

    def send_task(name, args=(), **kwargs):
        if state["down"]:
            raise ConnectionError("Error 111 connecting to redis")
        published.append((name, tuple(args or ())))

    monkeypatch.setattr(current_app, "send_task", send_task)
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)
    return published, state


def test_events_committed_while_the_doorbell_rings_share_one_publish(broker, django_capture_on_commit_callbacks):
    published, _state = broker
    with django_capture_on_commit_callbacks(execute=True):
        first = [events.emit("test.happened", {"n": n}).pk for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        first.append(events.emit("test.happened", {"n": 3}).pk)  # another transaction, still ringing
    assert published == [("core.drain_events", ())]

    # The worker's drain: silences the doorbell, hands each new event on once, marks it dispatched.
    assert events.drain() == 4
    assert published[1:] == [("core.process_event", (pk,)) for pk in first]
    assert all(e.dispatched_at is not None for e in Event.objects.filter(pk__in=first))
    assert events.drain() == 0  # a second drain hands nothing on twice

    with django_capture_on_commit_callbacks(execute=True):
        later = events.emit("test.happened", {"n": 4}).pk  # after the drain: rings again
    assert published[5:] == [("core.drain_events", ())]
    assert events.drain() == 1 and published[6:] == [("core.process_event", (later,))]


def test_retries_and_the_sweep_are_not_left_to_the_drain(broker, django_capture_on_commit_callbacks):
    """The sweep and an operator's retry publish each event themselves: the drain only takes events
    no one has handed on."""
    published, _state = broker
    old = Event.objects.create(type="test.happened", payload={"n": 1}, created_at=timezone.now() - timedelta(hours=1))
    assert events.sweep() >= 1
    assert ("core.process_event", (old.pk,)) in published
    assert events.drain() == 0
    failed = Event.objects.create(type="test.happened", payload={"n": 2}, status=EventStatus.FAILED)
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        events.event_retry(event=failed)
    assert published == [("core.process_event", (failed.pk,))]


def test_a_drain_that_cannot_be_published_leaves_the_doorbell_silent(broker, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    published, state = broker
    state["down"] = True
    with django_capture_on_commit_callbacks(execute=True):
        event = events.emit("test.happened", {"n": 1})
    assert published == []
    assert cache.get(relay.DOORBELL_KEY) is None  # the next commit rings again
    assert Event.objects.get(pk=event.pk).status == EventStatus.PENDING  # the sweep hands it on

    # While the broker is marked down no commit even rings; once it is back, the next one does.
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("test.happened", {"n": 2})
    assert cache.get(relay.DOORBELL_KEY) is None
    state["down"] = False
    relay._broker_down_until = 0.0
    with django_capture_on_commit_callbacks(execute=True):
        events.emit("test.happened", {"n": 3})
    assert published == [("core.drain_events", ())]
    assert events.drain() == 3  # all three: none was handed on before


def test_an_unreachable_doorbell_publishes_the_event_alone(broker, monkeypatch, django_capture_on_commit_callbacks):
    from unittest import mock

    from apps.core import aftercommit

    published, _state = broker
    unreachable = mock.Mock(write_many=mock.Mock(side_effect=ConnectionError("Error 111 connecting to redis")))
    monkeypatch.setattr(aftercommit, "cache", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        event = events.emit("test.happened", {"n": 1})
    assert published == [("core.process_event", (event.pk,))]


def test_a_full_drain_rings_for_the_next(broker, django_capture_on_commit_callbacks):
    published, _state = broker
    with django_capture_on_commit_callbacks(execute=True):
        ids = [events.emit("test.happened", {"n": n}).pk for n in range(3)]
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):  # a worker's drain runs in autocommit
        assert events.drain(limit=2) == 2
    assert published == [
        ("core.process_event", (ids[0],)),
        ("core.process_event", (ids[1],)),
        ("core.drain_events", ()),  # more are waiting
    ]
    published.clear()
    assert events.drain(limit=2) == 1 and published == [("core.process_event", (ids[2],))]


def test_switched_off_every_event_is_published_alone(broker, settings, django_capture_on_commit_callbacks):
    published, _state = broker
    settings.OUTBOX_DOORBELL_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True):
        ids = [events.emit("test.happened", {"n": n}).pk for n in range(2)]
    assert published == [("core.process_event", (pk,)) for pk in ids]
