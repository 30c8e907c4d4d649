from celery import shared_task


@shared_task(name="core.ping")
def ping() -> str:
    """A no-op round trip: proves a worker is consuming the broker (used by health tooling and CI)."""
    return "pong"


@shared_task(name="core.process_event")
def process_event(event_id: int) -> bool:
    """Run the handlers of one outbox event (each once); a failure is retried by the sweep."""
    from .events import process

    return process(event_id)


@shared_task(name="core.drain_events")
def drain_events() -> int:
    """The outbox doorbell's answer: hand on every event committed since the last drain."""
    from .events import drain

    return drain()


@shared_task(name="core.sweep_outbox")
def sweep_outbox() -> int:
    """Beat, every minute: hand on every event and retry left behind (a broker outage, a crash)."""
    from .events import sweep

    return sweep()
