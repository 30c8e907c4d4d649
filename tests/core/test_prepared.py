"""Statements compiled once (apps/core/prepared.py): the ORM's rows, its conversions, its locks and
its inserts, without compiling the SQL again on every request."""

from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import Now
from django.db.models.signals import post_save
from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler
from django.utils import timezone

from apps.core import prepared
from apps.core.models import Event
from apps.core.prepared import PreparedQuery
from apps.leads import selectors
from apps.leads.models import Lead, LeadActivity
from tests.accounts.factories import UserFactory
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def by_contact(email=None, phone=None):
    match = Q()
    if email is not None:
        match |= Q(email=email)
    if phone is not None:
        match |= Q(phone=phone)
    return Lead.objects.open().filter(match).order_by("created_at", "id")


def aged(lead, days):
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(days=days))
    return lead


def test_rows_are_the_orms_rows_for_every_shape():
    newer = LeadFactory(email="o'brien@example.com", phone="")
    older = aged(LeadFactory(email="", phone="+77011234567"), 3)
    aged(LeadFactory(email="o'brien@example.com", phone="", status="won"), 9)  # closed: never matched
    query = PreparedQuery(by_contact)
    for values in (
        {"email": "o'brien@example.com"},
        {"phone": "+77011234567"},
        {"email": "o'brien@example.com", "phone": "+77011234567"},
        {"email": "nobody@example.com"},
    ):
        assert query.rows(**values) == list(by_contact(**values)), values
    both = query.rows(email="o'brien@example.com", phone="+77011234567")
    assert [lead.pk for lead in both] == [older.pk, newer.pk]  # the ORM's order
    # Columns converted as the ORM converts them (SQLite keeps datetimes as text).
    assert isinstance(both[0].created_at, datetime) and timezone.is_aware(both[0].created_at)
    assert query.first(email="nobody@example.com") is None


def test_each_shape_is_compiled_once():
    LeadFactory(email="aigerim@example.com")
    query = PreparedQuery(by_contact)
    with mock.patch.object(SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql) as compiled:
        for number in range(5):
            query.rows(email=f"lead-{number}@example.com")
        assert compiled.call_count == 1
        query.rows(email="aigerim@example.com", phone="+77011234567")
        query.rows(email="aigerim@example.com", phone="+77019999999")
        assert compiled.call_count == 2
    assert [lead.email for lead in query.rows(email="aigerim@example.com")] == ["aigerim@example.com"]


def test_a_value_that_is_not_a_parameter_is_refused():
    query = PreparedQuery(lambda email: Lead.objects.filter(email=email.upper()))  # the placeholder changed
    with pytest.raises(ValueError, match="exactly once"):
        query.rows(email="x@example.com")


def test_for_update_locks_where_the_database_can():
    lead = LeadFactory(email="lock@example.com")
    query = PreparedQuery(by_contact)
    with transaction.atomic():
        assert query.first(email="lock@example.com", for_update=True) == lead
    sql = query._compiled[("default", connection.vendor, ("email",), True)][1]
    assert ("FOR UPDATE" in sql) is connection.features.has_select_for_update


def test_the_duplicate_check_finds_the_oldest_open_lead_by_either_contact():
    first = aged(LeadFactory(email="dana@example.com", phone=""), 2)
    LeadFactory(email="", phone="+77017654321")
    assert selectors.lead_find_open(email="  Dana@Example.com ") == first  # as stored: lower-cased
    assert selectors.lead_find_open(email="dana@example.com", phone="+77017654321") == first
    assert selectors.lead_find_open(phone="+77017654321").email == ""
    assert selectors.lead_find_open() is None


def test_a_query_that_joins_or_annotates_is_refused():
    joined = PreparedQuery(lambda email: Lead.objects.select_related("assigned_to").filter(email=email))
    with pytest.raises(ValueError, match="own columns"):
        joined.rows(email="x@example.com")
    annotated = PreparedQuery(lambda email: Lead.objects.annotate(n=Count("activities")).filter(email=email))
    with pytest.raises(ValueError, match="own columns"):
        annotated.rows(email="x@example.com")


# --- Inserts (PreparedInsertModel) -------------------------------------------------------------


@pytest.fixture
def fresh_inserts(monkeypatch):
    """No statement compiled yet in this process."""
    monkeypatch.setattr(prepared, "_inserts", {})
    return prepared


def stored(model, pk) -> dict:
    """The row as the database holds it, read by the ORM."""
    return model.objects.filter(pk=pk).values().get()


def test_an_insert_stores_what_the_orm_would(fresh_inserts):
    manager = UserFactory()
    for _ in range(2):  # the first compiles the statement, the second runs it again
        lead = Lead.objects.create(
            name="Айгерим «Дом»", email="  Ai@Example.com ", phone="+77011234567", assigned_to=manager, notes="'; --"
        )
        assert stored(Lead, lead.pk) == {
            "id": lead.pk,
            "created_at": lead.created_at,
            "updated_at": lead.updated_at,
            "name": "Айгерим «Дом»",
            "email": "ai@example.com",  # Lead.save still runs
            "phone": "+77011234567",
            "status": "new",
            "source": lead.source,
            "service_interest": "",
            "notes": "'; --",
            "assigned_to_id": manager.pk,
            "language": "ru",
            "stale_notified_at": None,
        }
        assert timezone.is_aware(lead.created_at)  # auto_now_add and auto_now, each made by its field
        assert timedelta(0) <= lead.updated_at - lead.created_at < timedelta(seconds=1)
        assert lead._state.adding is False and lead._state.db == "default"
    event = Event.objects.create(type="lead.created", payload={"id": lead.pk, "budget": Decimal("12.50")})
    assert stored(Event, event.pk)["payload"] == {"id": lead.pk, "budget": "12.50"}  # the field's own encoder
    activity = LeadActivity.objects.create(lead=lead, kind="created", params={"source": "api"})
    assert stored(LeadActivity, activity.pk)["params"] == {"source": "api"}
    assert sorted(key[0].__name__ for key in fresh_inserts._inserts) == ["Event", "Lead", "LeadActivity"]


def test_each_models_insert_is_compiled_once(fresh_inserts):
    with mock.patch.object(SQLInsertCompiler, "as_sql", autospec=True, side_effect=SQLInsertCompiler.as_sql) as made:
        leads = [LeadFactory() for _ in range(5)]
        assert made.call_count == 1
        Event.objects.create(type="x", payload={})
        Event.objects.create(type="y", payload={})
        assert made.call_count == 2
    assert len({lead.pk for lead in leads}) == 5
    assert Lead.objects.filter(pk__in=[lead.pk for lead in leads]).count() == 5


def test_signals_and_the_transaction_are_djangos(fresh_inserts):
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((sender, instance.pk, created))

    post_save.connect(receiver, sender=Lead)
    try:
        lead = LeadFactory()
        lead.notes = "changed"
        lead.save()  # an UPDATE: not an insert
    finally:
        post_save.disconnect(receiver, sender=Lead)
    assert seen == [(Lead, lead.pk, True), (Lead, lead.pk, False)]
    with pytest.raises(RuntimeError), transaction.atomic():
        rolled = LeadFactory()
        raise RuntimeError
    assert not Lead.objects.filter(pk=rolled.pk).exists()


def test_an_expression_is_left_to_the_orm(fresh_inserts):
    event = Event.objects.create(type="x", payload={}, created_at=Now())
    event.refresh_from_db()
    assert timezone.is_aware(event.created_at)
    assert not fresh_inserts._inserts  # nothing compiled for a row with its own SQL


def test_a_field_with_its_own_placeholder_is_left_to_the_orm(fresh_inserts, monkeypatch):
    notes = Lead._meta.get_field("notes")
    monkeypatch.setattr(notes, "get_placeholder", lambda value, compiler, connection: "%s", raising=False)
    with mock.patch.object(notes, "pre_save", autospec=True, side_effect=notes.pre_save) as made:
        lead = LeadFactory(notes="placeholder")
    assert made.call_count == 1  # each field makes its value once, whoever inserts the row
    assert stored(Lead, lead.pk)["notes"] == "placeholder"
    assert list(fresh_inserts._inserts.values()) == [None]  # tried once, then always the ORM's
    assert stored(Lead, LeadFactory(notes="again").pk)["notes"] == "again"
