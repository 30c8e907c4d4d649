"""The transactional outbox: services `emit()` business events in their own transaction; after
commit the relay hands them to `process()`, which runs every handler subscribed to the event's
type exactly once. Apps above the business (webhooks, notifications) subscribe here in their
`AppConfig.ready()`, so a business app announces what happened without importing who listens.

Delivery is at least once (after commit, and again by the sweep for whatever was left behind);
the effects are once: each handler's run is recorded in the same transaction as its own writes."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from uuid import UUID

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Event, EventHandling, EventStatus
from .timeutils import to_utc_iso

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]


@dataclass(frozen=True)
class Subscription:
    name: str
    handler: Handler
    event_types: frozenset[str] | None  # None: every event


_subscriptions: dict[str, Subscription] = {}
_sweeps: dict[str, Callable[[datetime], int]] = {}


def subscribe(name: str, handler: Handler, *, event_types: list[str] | tuple[str, ...] | None = None) -> None:
    """Run `handler(event)` for each event of `event_types` (all events when None). `name` is
    recorded per event, so it must stay stable across releases."""
    _subscriptions[name] = Subscription(name, handler, frozenset(event_types) if event_types is not None else None)


def register_sweep(name: str, sweep: Callable[[datetime], int]) -> None:
    """`sweep(now)` runs with the outbox sweep (beat, every minute): retries owned by an app."""
    _sweeps[name] = sweep


def subscriptions_for(event_type: str) -> list[Subscription]:
    return [s for s in _subscriptions.values() if s.event_types is None or event_type in s.event_types]


def _json_value(value):
    if isinstance(value, datetime):
        return to_utc_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    return value


def snapshot(instance, fields: list[str] | tuple[str, ...]) -> dict:
    """The named fields of a record as JSON values (foreign keys as `<name>_id`, money as a
    number, times in UTC with a Z): the event's data as it was when the event happened."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.is_relation and (field.many_to_one or field.one_to_one):
            data[f"{name}_id"] = getattr(instance, field.attname)
        else:
            data[name] = _json_value(getattr(instance, field.attname))
    return data


def emit(event_type: str, data: dict, *, meta: dict | None = None) -> Event:
    """Write an event in the caller's transaction; it is relayed once that transaction commits
    (and never, if it rolls back)."""
    event = Event.objects.create(type=event_type, payload=data, meta=meta or {})
    from . import relay

    relay.announce_event(event.pk)  # once the caller's transaction commits
    return event


def _backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 3600))


def _run_handler(event: Event, subscription: Subscription) -> None:
    """The handler's writes and the record that it ran commit together, or not at all. A second
    process running the same event waits on the unique row, then finds it and skips."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                EventHandling.objects.create(event=event, handler=subscription.name)
        except IntegrityError:
            return
        subscription.handler(event)


def process(event_id: int, *, now: datetime | None = None) -> bool:
    """Run every pending handler of one event. True when the event is fully processed; a failing
    handler is logged and the event retried later with backoff (the others are not repeated)."""
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.status != EventStatus.PENDING:
        return True
    done = set(EventHandling.objects.filter(event=event).values_list("handler", flat=True))
    errors = []
    for subscription in subscriptions_for(event.type):
        if subscription.name in done:
            continue
        try:
            _run_handler(event, subscription)
        except Exception as exc:
            logger.exception("Event %s (%s): handler %s failed", event.pk, event.type, subscription.name)
            errors.append(f"{subscription.name}: {exc.__class__.__name__}: {exc}"[:500])
    now = now or timezone.now()
    if not errors:
        Event.objects.filter(pk=event.pk, status=EventStatus.PENDING).update(
            status=EventStatus.PROCESSED, processed_at=now, last_error=""
        )
        return True
    attempts = event.attempts + 1
    update = {"attempts": attempts, "last_error": "\n".join(errors), "next_attempt_at": now + _backoff(attempts)}
    if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        update["status"] = EventStatus.FAILED
    Event.objects.filter(pk=event.pk, status=EventStatus.PENDING).update(**update)
    return False


def due_events(*, now: datetime, limit: int = 500) -> list[int]:
    """Pending events the after-commit dispatch did not finish: older than a grace period (so the
    sweep does not race a dispatch in flight), or whose retry is due."""
    grace = now - timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    pending = Event.objects.pending()
    first_tries = pending.filter(next_attempt_at__isnull=True, created_at__lte=grace)
    retries = pending.filter(next_attempt_at__lte=now)
    return list((first_tries | retries).order_by("id").values_list("pk", flat=True)[:limit])


def drain(*, limit: int = 500) -> int:
    """The doorbell's answer (relay.announce_event): hand on every new event no one has handed on
    yet, after silencing the doorbell so that an event committed from now on rings again. Each is
    marked dispatched, so a later drain does not hand it on again (two drains running at the same
    moment may both hand one on: `process` runs each handler once whatever it is given). Returns
    how many."""
    from . import relay

    relay.silence_doorbell()
    ids = list(
        Event.objects.pending()
        .filter(dispatched_at__isnull=True, next_attempt_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return 0
    Event.objects.filter(pk__in=ids, dispatched_at__isnull=True).update(dispatched_at=timezone.now())
    for event_id in ids:
        relay.dispatch_event(event_id)
    if len(ids) == limit:  # more are waiting: ring for the next drain
        relay.announce_event(ids[-1])
    return len(ids)


def sweep(*, now: datetime | None = None) -> int:
    """Hand every due event to the relay, then run the apps' own sweeps. Returns how many events
    and items were handed on."""
    from . import relay

    now = now or timezone.now()
    ids = due_events(now=now)
    if ids:
        Event.objects.filter(pk__in=ids).update(dispatched_at=now)
    count = 0
    for event_id in ids:
        relay.dispatch_event(event_id)
        count += 1
    for name, app_sweep in list(_sweeps.items()):
        try:
            count += app_sweep(now)
        except Exception:
            logger.exception("Outbox sweep %s failed", name)
    return count


def event_retry(*, event: Event) -> Event:
    """An operator's retry of a failed event: pending again, due now."""
    Event.objects.filter(pk=event.pk).update(status=EventStatus.PENDING, next_attempt_at=timezone.now(), attempts=0)
    event.refresh_from_db()
    from . import relay

    transaction.on_commit(partial(relay.dispatch_event, event.pk), robust=True)
    return event
