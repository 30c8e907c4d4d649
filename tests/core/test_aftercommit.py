"""Cache writes a transaction owes once it commits, sent together (apps/core/aftercommit.py)."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import transaction

from apps.core import aftercommit
from apps.core.aftercommit import CacheWrite, owed, write_after_commit

pytestmark = pytest.mark.django_db


def recorded(answers):
    return lambda answer: answers.append(answer)


def test_writes_wait_for_the_commit_and_go_together_in_order(django_capture_on_commit_callbacks):
    answers = []
    cache.set("taken", "before")
    with django_capture_on_commit_callbacks(execute=True) as hooks, transaction.atomic():
        write_after_commit(CacheWrite("set", "version", 7, None, tag="version", then=recorded(answers)))
        write_after_commit(CacheWrite("add", "taken", "mine", 5, then=recorded(answers)))
        write_after_commit(CacheWrite("add", "free", "mine", 5, then=recorded(answers)))
        assert cache.get("version") is None and owed("version") and not owed("other")
    assert len(hooks) == 1  # one hook for all three
    assert answers == [None, False, True]
    assert (cache.get("version"), cache.get("taken"), cache.get("free")) == (7, "before", "mine")
    assert not owed("version")


def test_outside_a_transaction_a_write_goes_at_once():
    answers = []
    with mock.patch.object(transaction.get_connection(), "in_atomic_block", False):
        write_after_commit(CacheWrite("add", "now", 1, 5, then=recorded(answers)))
    assert answers == [True] and cache.get("now") == 1


def test_a_rollback_drops_what_was_owed(django_capture_on_commit_callbacks):
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            write_after_commit(CacheWrite("set", "dropped", 1, None, tag="dropped", then=recorded(answers)))
            raise RuntimeError
        assert not owed("dropped")
        # A later write of the same (outer) transaction is owed on its own, and sent.
        write_after_commit(CacheWrite("set", "kept", 2, None, tag="kept", then=recorded(answers)))
        assert owed("kept")
    assert answers == [None] and cache.get("dropped") is None and cache.get("kept") == 2


def test_a_cache_that_cannot_be_written_tells_each_write(django_capture_on_commit_callbacks, monkeypatch):
    failures, answers = [], []
    broken = mock.Mock(write_many=mock.Mock(side_effect=ConnectionError("Error 111 connecting to redis")))
    monkeypatch.setattr(aftercommit, "cache", broken)
    with django_capture_on_commit_callbacks(execute=True):
        write_after_commit(CacheWrite("set", "a", 1, None, then=recorded(answers), failed=failures.append))
        write_after_commit(CacheWrite("add", "b", 1, 5, then=recorded(answers), failed=failures.append))
    assert answers == [] and [type(exc) for exc in failures] == [ConnectionError, ConnectionError]


@pytest.mark.redis
def test_write_many_sets_and_adds_as_the_cache_does(redis_caches):
    on_redis, _limits = redis_caches
    on_redis.set("held", "first")
    assert on_redis.write_many([("set", "v", {"n": 1}, None), ("add", "held", "x", 5), ("add", "new", "y", 5)]) == [
        None,
        False,
        True,
    ]
    assert (on_redis.get("v"), on_redis.get("held"), on_redis.get("new")) == ({"n": 1}, "first", "y")
    client = on_redis._cache.get_client(write=True)
    assert client.ttl(on_redis.make_and_validate_key("v")) == -1  # None: for ever
    assert 0 < client.ttl(on_redis.make_and_validate_key("new")) <= 5


@pytest.mark.redis
def test_an_inquiry_makes_two_round_trips_to_redis(
    redis_caches, manager, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Its rate limits counted in one, and after its commit the lead list's new version and the
    outbox doorbell in another (a drain is published the first time only)."""
    from celery import current_app
    from redis.client import Pipeline, Redis

    from apps.core import relay
    from tests.conftest import bearer_client

    settings.OUTBOX_RELAY = "celery"
    published = []
    monkeypatch.setattr(current_app, "send_task", lambda name, args=(), **kwargs: published.append(name))
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)
    client = bearer_client(manager)
    redis_caches[1].count_hit("warm-up", 60)  # Redis knows the counting script (a fresh Redis learns it once)
    trips = []
    real_execute, real_command = Pipeline.execute, Redis.execute_command

    def execute(pipe, *args, **kwargs):
        trips.append([command[0][0] for command in pipe.command_stack])
        return real_execute(pipe, *args, **kwargs)

    def command(self, *args, **kwargs):
        if not isinstance(self, Pipeline):
            trips.append([args[0]])
        return real_command(self, *args, **kwargs)

    with mock.patch.object(Pipeline, "execute", execute), mock.patch.object(Redis, "execute_command", command):
        for number in range(2):
            trips.clear()
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(
                    "/api/v1/leads", {"name": f"Айдана {number}", "email": f"trip-{number}@example.com"}, format="json"
                )
            assert response.status_code == 201, response.content
            assert trips == [["EVALSHA", "EVALSHA"], ["SET", "SET"]], trips
    assert published == ["core.drain_events"]
