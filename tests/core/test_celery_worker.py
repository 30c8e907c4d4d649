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
