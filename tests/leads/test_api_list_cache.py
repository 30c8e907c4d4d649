"""The API's lead list from the shared cache (issue 13): the same for every manager and admin until
a lead, a project or a visit source is saved; never stale after a write, never served to a caller
who is not allowed the list, and the caller is authenticated on every request."""

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from apps.accounts import services as accounts
from apps.leads import services
from apps.leads.models import Lead
from tests.conftest import bearer_client
from tests.leads.factories import LeadFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/leads"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [lead["name"] for lead in response.json()["leads"]]


def test_the_second_request_reads_no_lead_rows(manager, committed, django_assert_num_queries):
    with committed():
        LeadFactory.create_batch(3)
    client = bearer_client(manager)
    first = client.get(URL)
    with django_assert_num_queries(0):  # the login was checked within the second (recent_logins)
        second = client.get(URL)
    assert second.json() == first.json()
    assert "X-RateLimit-Remaining" in second


def test_every_write_shows_at_once(manager, committed):
    """Each write, once committed, moves the list's version on: the next request renders afresh."""
    client = bearer_client(manager)
    with committed():
        lead = LeadFactory(name="Айгерим")
    assert names(client.get(URL)) == ["Айгерим"]

    with committed():
        services.lead_update(lead=lead, data={"name": "Айгерим Садыкова"}, actor=manager)
    assert names(client.get(URL)) == ["Айгерим Садыкова"]

    with committed():
        assert client.put(f"{URL}/{lead.pk}", {"status": "contacted"}, format="json").status_code == 200
    assert client.get(URL).json()["leads"][0]["status"] == "contacted"

    with committed():
        services.lead_create(name="Мария", email="maria@example.com", source="website")
    assert sorted(names(client.get(URL))) == ["Айгерим Садыкова", "Мария"]

    with committed():
        Lead.objects.get(name="Мария").delete()
    assert names(client.get(URL)) == ["Айгерим Садыкова"]


def test_the_writing_transaction_reads_past_the_cache_and_a_rollback_leaves_nothing_kept(
    manager, committed, django_assert_num_queries
):
    """Until its commit, a transaction that wrote a lead reads the list afresh and keeps none of
    it: what it sees nobody else sees yet, and may never see."""
    with committed():
        LeadFactory(name="Айгерим")
    client = bearer_client(manager)
    assert names(client.get(URL)) == ["Айгерим"]  # kept
    with pytest.raises(RuntimeError), transaction.atomic():
        LeadFactory(name="Откат")
        assert sorted(names(client.get(URL))) == ["Айгерим", "Откат"]  # its own write, not the kept list
        raise RuntimeError("rolled back")
    with django_assert_num_queries(0):  # the list kept before, still current: the rollback moved nothing
        assert names(client.get(URL)) == ["Айгерим"]


def test_a_conversion_shows_its_project(manager, committed):
    from apps.projects.services import lead_convert

    client = bearer_client(manager)
    with committed():
        lead = LeadFactory(status="qualified")
    assert client.get(URL).json()["leads"][0]["project_id"] is None
    with committed():
        project = lead_convert(lead=lead, project_name="Кухня", actor=manager)
    assert client.get(URL).json()["leads"][0]["project_id"] == project.pk


def test_each_query_has_its_own_answer(manager, committed):
    client = bearer_client(manager)
    with committed():
        LeadFactory(name="Новый", status="new")
        LeadFactory(name="Связались", status="contacted")
    assert names(client.get(URL, {"status": "new"})) == ["Новый"]
    assert names(client.get(URL, {"status": "contacted"})) == ["Связались"]
    assert sorted(names(client.get(URL))) == ["Новый", "Связались"]


def test_callers_without_the_list_never_get_it(manager, client_user, committed):
    with committed():
        LeadFactory(name="Айгерим")
    assert names(bearer_client(manager).get(URL)) == ["Айгерим"]  # now in the cache
    assert APIClient().get(URL).status_code == 401
    assert bearer_client(client_user).get(URL).status_code == 403
    revoked = bearer_client(manager)
    token = revoked._credentials["HTTP_AUTHORIZATION"].split()[1]
    from rest_framework_simplejwt.tokens import AccessToken

    accounts.auth_logout(session_id=AccessToken(token)["sid"])
    assert revoked.get(URL).status_code == 401


def test_switched_off_by_setting(manager, settings, django_assert_max_num_queries):
    settings.LEAD_LIST_CACHE_SECONDS = 0
    client = bearer_client(manager)
    LeadFactory()
    client.get(URL)
    with django_assert_max_num_queries(3) as queries:
        client.get(URL)
    assert any("leads_lead" in q["sql"] for q in queries.captured_queries)


def test_a_kept_answer_is_the_bytes_and_headers_of_a_rendered_one(manager, committed, django_assert_num_queries):
    with committed():
        LeadFactory.create_batch(2, name="Әлия Жұмабаева")
    client = bearer_client(manager)
    first = client.get(URL)
    with django_assert_num_queries(0):
        second = client.get(URL)
    assert second.content == first.content
    assert "Әлия" in second.content.decode()  # Kazakh letters as they are, not \\u escapes
    for header in ("Content-Type", "Content-Length", "Vary", "Allow", "Content-Language"):
        assert second[header] == first[header], header


def test_each_negotiated_form_is_kept_on_its_own(manager, committed):
    with committed():
        LeadFactory(name="Айгерим")
    client = bearer_client(manager)
    compact = client.get(URL)
    indented = client.get(URL, HTTP_ACCEPT="application/json; indent=4")
    assert indented.content.startswith(b'{\n    "leads"')
    assert not compact.content.startswith(b"{\n")
    assert client.get(URL).content == compact.content
    assert client.get(URL, HTTP_ACCEPT="application/json; indent=4").content == indented.content
    assert client.get(URL, HTTP_ACCEPT="text/html").status_code == 406
