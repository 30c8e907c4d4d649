"""Querysets compiled once (apps/core/prepared.py): the ORM's rows, its conversions and its locks,
without compiling the SQL again on every request."""

from datetime import datetime, timedelta
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from apps.core.prepared import PreparedQuery
from apps.leads import selectors
from apps.leads.models import Lead
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
