from celery import shared_task


@shared_task(name="core.ping")
def ping() -> str:
    """A no-op round trip: proves a worker is consuming the broker (used by health tooling and CI)."""
    return "pong"
