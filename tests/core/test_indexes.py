"""The indexes an inquiry writes to (a lead, its timeline entry, its outbox event): none repeats
another, and the lookups they are there for use them, on SQLite and on PostgreSQL (issue 13)."""

import pytest
from django.db import connection

from apps.core.models import Event
from apps.leads import selectors
from apps.leads.models import Lead, LeadActivity
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _indexes(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {
        name: constraint["columns"]
        for name, constraint in constraints.items()
        if constraint["index"] and not constraint["primary_key"] and not constraint["unique"]
    }


@pytest.mark.parametrize("model", [Lead, LeadActivity, Event])
def test_no_index_repeats_the_start_of_another(model):
    """An index whose columns are those another one starts with is written on every insert and
    never needed: PostgreSQL's LIKE twin of a `db_index` CharField, a field indexed twice, a status
    index beside (status, created_at)."""
    indexes = _indexes(model)
    assert indexes
    for name, columns in indexes.items():
        for other, other_columns in indexes.items():
            if other != name:
                assert other_columns[: len(columns)] != columns, f"{name} {columns} is covered by {other}"


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test table is a few rows, which PostgreSQL reads whole: ask what it can use.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())


def _captured(call) -> tuple[str, list]:
    seen = []

    def capture(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        call()
    assert len(seen) == 1
    return seen[0]


@pytest.mark.parametrize(("contact", "index"), [("email", "leads_lead_email"), ("phone", "leads_lead_phone")])
def test_duplicate_detection_reads_its_index(contact, index):
    LeadFactory.create_batch(3)
    lead = LeadFactory(email="client@example.com", phone="+77770000001")
    sql, params = _captured(
        lambda: selectors.lead_find_open(**{contact: getattr(lead, contact)}, for_update=False) == lead or None
    )
    assert index in _plan(sql, params)
