"""The lead object written out directly (LeadSerializer, and LeadListItemSerializer over
selectors.lead_list_rows, issue 13) says exactly what DRF's field machinery says of the same leads
from the fields LeadSerializer declares (and the schema describes)."""

import pytest
from rest_framework import serializers

from apps.analytics.services import VisitSource, lead_attribution_record
from apps.leads import selectors
from apps.leads.api.serializers import LeadListItemSerializer, LeadSerializer
from apps.leads.models import Lead
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_the_list_rows_render_as_the_lead_serializer_does(manager):
    from apps.projects.services import lead_convert

    LeadFactory(phone="", notes="", service_interest="")
    LeadFactory(assigned_to=manager, notes="Перезвонить после 18:00", service_interest="kitchen_design")
    converted = LeadFactory(assigned_to=manager, status="qualified")
    lead_convert(lead=converted, project_name="Кухня Ахметовых", actor=manager)
    attributed = LeadFactory()
    lead_attribution_record(
        lead=attributed,
        source=VisitSource(channel="social", utm_source="instagram", utm_campaign="spring", landing_page="/"),
    )

    fast = LeadListItemSerializer(selectors.lead_list_rows(), many=True).data
    one_by_one = [LeadSerializer(lead).data for lead in selectors.lead_list()]
    declared = LeadSerializer()
    reference = [serializers.ModelSerializer.to_representation(declared, lead) for lead in selectors.lead_list()]
    assert [dict(row) for row in fast] == [dict(row) for row in reference]
    assert [dict(row) for row in one_by_one] == [dict(row) for row in reference]
    assert {row["project_id"] for row in fast} == {None, Lead.objects.get(pk=converted.pk).project.pk}
    assert manager.pk in {row["assigned_to"] for row in fast}
    sources = {row["id"]: row["attribution"] for row in fast}
    assert sources[attributed.pk]["utm_source"] == "instagram" and sources[converted.pk] is None


def test_the_list_queries_stay_fixed(manager, django_assert_max_num_queries):
    from tests.conftest import bearer_client

    client = bearer_client(manager)
    LeadFactory.create_batch(2)
    with django_assert_max_num_queries(3) as few:
        assert client.get("/api/v1/leads?per_page=100").status_code == 200
    LeadFactory.create_batch(60, assigned_to=manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/v1/leads?per_page=100").json()["leads"]) == 62
