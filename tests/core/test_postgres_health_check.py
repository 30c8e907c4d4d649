"""PostgreSQL's health check asks the socket first (apps/core/backends/postgresql): an idle
connection with nothing to read is usable without a round trip; a connection the server closed is
found and replaced before a request uses it, as with Django's `SELECT 1`."""

import select
import time
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

from apps.core.backends.postgresql.base import DatabaseWrapper
from apps.leads.models import Lead

from ..conftest import bearer_client

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def other():
    """A second connection to the test database, outside the test's own."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(wrapper, via) -> int:
    """Ends the server process of `wrapper`'s connection (asked on `via`) and waits until its
    goodbye reaches `wrapper`'s socket. Returns the ended process's pid."""
    pid = _backend_pid(wrapper)
    with via.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    poller = select.poll()
    poller.register(wrapper.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 5
    while not poller.poll(50) and time.monotonic() < deadline:
        pass
    return pid


def test_the_engine_is_ours():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_an_idle_connection_is_usable_without_a_round_trip(other):
    with mock.patch.object(DjangoWrapper, "is_usable", side_effect=AssertionError("SELECT 1 sent")):
        assert other.is_usable() is True


def test_a_connection_inside_a_transaction_is_asked_with_select_1(other):
    other.set_autocommit(False)
    with other.cursor() as cursor:
        cursor.execute("SELECT 1")  # the transaction has begun
    try:
        with mock.patch.object(DjangoWrapper, "is_usable", return_value=True) as asked:
            assert other.is_usable() is True
        asked.assert_called_once()
    finally:
        other.rollback()
        other.set_autocommit(True)


def test_a_connection_the_server_closed_is_unusable(other):
    _terminate(other, via=connection)
    assert other.is_usable() is False


def test_a_closed_connection_is_unusable(other):
    other.connection.close()
    assert other.is_usable() is False


def test_a_terminated_connection_is_replaced_before_it_is_used(other):
    old_pid = _terminate(other, via=connection)
    other.health_check_enabled = True
    other.health_check_done = False
    with other.cursor() as cursor:  # Django's health check runs here, before the query
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def test_an_inquiry_after_a_server_restart_of_its_connection_lands(admin_user):
    """What an operator sees after PostgreSQL restarts: the next inquiry is answered 201 and stored,
    not a 500, though its process's persistent connection was cut while it was idle."""
    client = bearer_client(admin_user)
    other = connections.create_connection("default")
    try:
        _terminate(connection, via=other)
        connection.health_check_enabled = True
        connection.health_check_done = False  # as at the start of every request
        response = client.post(
            "/api/v1/leads", {"name": "After restart", "email": "restart@example.com"}, format="json"
        )
        assert response.status_code == 201, response.content
        assert Lead.objects.filter(email="restart@example.com").exists()
    finally:
        connection.health_check_enabled = False
        other.close()
