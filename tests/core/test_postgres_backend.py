"""PostgreSQL's backend (apps/core/backends/postgresql).

The health check asks the socket first: an idle connection with nothing to read is usable without a
round trip; a connection the server closed is found and replaced before a request uses it, as with
Django's `SELECT 1`. A transaction's BEGIN goes with its first statement: one round trip fewer,
and the first statement still inside the transaction."""

import select
import time
from unittest import mock

import pytest
from django.db import IntegrityError, OperationalError, ProgrammingError, connection, connections, transaction
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper
from psycopg import IsolationLevel, pq

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


# --- BEGIN with the first statement -------------------------------------------------------------


def _round_trips(body, tmp_path) -> list[str]:
    """The messages the default connection sent to the server while `body` ran (libpq's trace):
    one per round trip."""
    connection.ensure_connection()
    pgconn = connection.connection.pgconn
    trace = tmp_path / "trace.txt"
    with trace.open("w") as out:
        pgconn.trace(out.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            body()
        finally:
            pgconn.untrace()
    sent = [line.split("\t") for line in trace.read_text().splitlines() if line.startswith("F\t")]
    return [fields[3].strip() for fields in sent if fields[2] == "Query"]


def _one_write():
    with transaction.atomic():
        Lead.objects.create(name="One", email="one@example.com")


def test_a_transaction_of_one_statement_takes_two_round_trips(tmp_path):
    """The INSERT (with its BEGIN) and the COMMIT: psycopg's own BEGIN would make it three."""
    _one_write()  # the INSERT compiled and the connection warm
    sent = _round_trips(_one_write, tmp_path)
    assert len(sent) == 2, sent
    assert sent[0].startswith('"BEGIN;INSERT INTO "leads_lead"')
    assert sent[1] == '"COMMIT"'
    assert Lead.objects.filter(email="one@example.com").count() == 2


def test_an_empty_transaction_sends_nothing(tmp_path):
    def empty():
        with transaction.atomic():
            pass

    assert _round_trips(empty, tmp_path) == []
    assert connection.connection.pgconn.transaction_status == pq.TransactionStatus.IDLE


def test_the_first_statement_is_inside_the_transaction():
    """Were BEGIN sent after it, or not at all, the first INSERT would commit on its own and
    outlive the rollback."""
    with pytest.raises(RuntimeError), transaction.atomic():
        Lead.objects.create(name="First", email="first@example.com")
        assert connection.connection.pgconn.transaction_status == pq.TransactionStatus.INTRANS
        Lead.objects.create(name="Second", email="second@example.com")
        raise RuntimeError("roll back")
    assert not Lead.objects.filter(email__in=["first@example.com", "second@example.com"]).exists()


def test_a_failing_first_statement_rolls_back_cleanly():
    with pytest.raises(IntegrityError), transaction.atomic():
        Lead.objects.create(name=None, email="null@example.com")  # NOT NULL
    Lead.objects.create(name="After", email="after@example.com")  # the connection is usable
    assert Lead.objects.filter(email="after@example.com").exists()
    assert connection.connection.pgconn.transaction_status == pq.TransactionStatus.IDLE


@pytest.mark.parametrize(
    ("sql", "params"),
    [("SELEC 1", None), ("SELECT %s, %s", [1])],  # a syntax error; parameters psycopg refuses
)
def test_a_first_statement_rejected_whole_still_opens_the_transaction(sql, params):
    """Nothing of `BEGIN;<statement>` runs when the server (or psycopg) rejects the message whole:
    the transaction is begun anyway and the statement fails inside it, as with psycopg's own BEGIN,
    so what follows in the block is not committed on its own."""
    with pytest.raises(RuntimeError), transaction.atomic():
        with pytest.raises(ProgrammingError), connection.cursor() as cursor:
            cursor.execute(sql, params)
        assert connection.connection.pgconn.transaction_status != pq.TransactionStatus.IDLE
        raise RuntimeError("roll back")
    assert connection.connection.pgconn.transaction_status == pq.TransactionStatus.IDLE


def test_a_lock_taken_by_the_first_statement_is_held_until_commit(other):
    lead = Lead.objects.create(name="Locked", email="locked@example.com")
    with transaction.atomic():
        Lead.objects.select_for_update().get(pk=lead.pk)  # the transaction's first statement
        with pytest.raises(OperationalError), other.cursor() as cursor:
            cursor.execute("SELECT id FROM leads_lead WHERE id = %s FOR UPDATE NOWAIT", [lead.pk])


def test_executemany_first_begins_on_its_own():
    with pytest.raises(RuntimeError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO leads_lead (name, email, phone, status, source, service_interest, notes, language,"
                " created_at, updated_at) VALUES (%s, %s, '', 'new', 'api', '', '', 'ru', now(), now())",
                [("Many 1", "many1@example.com"), ("Many 2", "many2@example.com")],
            )
        raise RuntimeError("roll back")
    assert not Lead.objects.filter(email__startswith="many").exists()


def test_savepoints_inside_work_as_before():
    with transaction.atomic():
        Lead.objects.create(name="Kept", email="kept@example.com")
        with pytest.raises(IntegrityError), transaction.atomic():
            Lead.objects.create(name=None, email="dropped@example.com")
    assert Lead.objects.filter(email="kept@example.com").exists()
    assert not Lead.objects.filter(email="dropped@example.com").exists()


def test_an_isolation_level_keeps_psycopgs_own_begin():
    connection.ensure_connection()
    raw = connection.connection
    raw.isolation_level = IsolationLevel.SERIALIZABLE
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            assert cursor.fetchone()[0] == "serializable"
            assert raw.autocommit is False
    finally:
        raw.isolation_level = None
