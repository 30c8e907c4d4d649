"""The source of a visit kept with the lead its inquiry made or joined, whichever way in a visitor's
page used (the site's forms, their JSON twins, the public API), and shown to staff only: in the
lead's API body and in the admin."""

import pytest

from apps.analytics.models import LeadAttribution
from apps.analytics.services import VisitSource, lead_attribution_record
from apps.leads.models import Lead
from tests.conftest import login_tokens
from tests.leads.factories import LeadFactory

from .conftest import CONSULTATION, CONTACT, CURL, SAFARI_IPHONE

pytestmark = pytest.mark.django_db

CAMPAIGN = "/services/kitchens?utm_source=instagram&utm_medium=social&utm_campaign=spring"
FROM_INSTAGRAM = {
    "channel": "social",
    "referrer_host": "",
    "utm_source": "instagram",
    "utm_medium": "social",
    "utm_campaign": "spring",
    "landing_page": "/services/kitchens",
}
LEAD_BODY = {"name": "Айгерим", "email": "aigerim@example.com", "phone": "", "notes": "Нужна кухня"}


def _stored(email: str) -> dict | None:
    attribution = LeadAttribution.objects.filter(lead__email=email).first()
    if attribution is None:
        return None
    return {field: getattr(attribution, field) for field in FROM_INSTAGRAM}


def _visit(browser):
    """An iPhone that came from an Instagram story and looked at two pages."""
    phone = browser(ua=SAFARI_IPHONE, ip="203.0.113.2")
    assert phone.get(CAMPAIGN, at=(2026, 6, 10, 11, 0)).status_code == 200
    assert phone.get("/portfolio", at=(2026, 6, 10, 11, 1), referer="http://testserver/services/kitchens").status_code
    return phone


@pytest.mark.parametrize(
    ("path", "body", "email"),
    [
        ("/api/leads", LEAD_BODY, "aigerim@example.com"),
        ("/api/consultation", {**CONSULTATION, "website": None}, "maria@example.com"),
        ("/api/v1/consultations", {**CONSULTATION, "website": None}, "maria@example.com"),
        ("/api/consultations", {**CONSULTATION, "website": None}, "maria@example.com"),
        ("/api/v1/contact/messages", CONTACT, "aigerim@example.com"),
        ("/contact", CONTACT, "aigerim@example.com"),
        ("/consultation", CONSULTATION, "maria@example.com"),
    ],
)
def test_a_visitors_page_sending_json_keeps_the_source_of_the_visit(browser, path, body, email):
    phone = _visit(browser)
    body = {key: value for key, value in body.items() if value is not None}

    response = phone.post_json(path, body, at=(2026, 6, 10, 11, 3), page="/portfolio")

    assert response.status_code == 201, response.content
    assert _stored(email) == FROM_INSTAGRAM
    attribution = LeadAttribution.objects.get(lead__email=email)
    assert attribution.visit_started_at.hour == 6  # 11:00 in Almaty is 06:00 UTC
    assert "instagram" not in response.content.decode()  # the sender is told nothing of it


def test_a_client_signed_in_sending_a_lead_keeps_the_source_of_their_visit(browser, client_user):
    phone = _visit(browser)
    token = login_tokens(client_user)["access_token"]

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = phone.post_json("/api/v1/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3), **bearer)

    assert response.status_code == 201
    assert response.json()["attribution"] is None  # a client never learns what the company stored
    assert _stored("aigerim@example.com") == FROM_INSTAGRAM


def test_a_script_without_a_visit_leaves_the_lead_unattributed(browser):
    script = browser(ua=CURL, ip="198.51.100.7")

    assert script.post_json("/api/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3)).status_code == 201
    assert Lead.objects.filter(email="aigerim@example.com").exists()
    assert _stored("aigerim@example.com") is None


def test_a_browser_with_no_recorded_visit_leaves_an_api_lead_unattributed(browser):
    stranger = browser(ip="198.51.100.8")

    response = stranger.post_json("/api/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3), page="/?utm_source=google")

    assert response.status_code == 201
    assert _stored("aigerim@example.com") is None


def test_another_browser_does_not_borrow_someone_elses_visit(browser):
    _visit(browser)
    other = browser(ip="203.0.113.99")  # same office network or not: another address, another visitor

    assert other.post_json("/api/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3)).status_code == 201
    assert _stored("aigerim@example.com") is None


def test_staff_entering_a_lead_through_the_api_is_not_a_visit(browser, manager):
    phone = _visit(browser)  # even from the very browser that visited
    token = login_tokens(manager)["access_token"]

    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = phone.post_json("/api/v1/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3), **bearer)

    assert response.status_code == 201
    assert response.json()["attribution"] is None
    assert _stored("aigerim@example.com") is None


def test_a_refused_inquiry_stores_nothing(browser):
    phone = _visit(browser)

    response = phone.post_json("/api/leads", {"name": "Без контактов"}, at=(2026, 6, 10, 11, 3))

    assert response.status_code == 422
    assert LeadAttribution.objects.count() == 0


def test_a_later_api_inquiry_keeps_the_first_source(browser):
    phone = _visit(browser)
    assert phone.post_json("/api/leads", LEAD_BODY, at=(2026, 6, 10, 11, 3)).status_code == 201
    later = browser(ua=SAFARI_IPHONE, ip="203.0.113.50")
    later.get("/", at=(2026, 6, 11, 9, 0), referer="https://www.google.kz/")

    response = later.post_json("/api/leads", LEAD_BODY, at=(2026, 6, 11, 9, 1))

    assert response.status_code == 201
    assert LeadAttribution.objects.count() == 1
    assert _stored("aigerim@example.com") == FROM_INSTAGRAM


# --- Staff read it in the lead's body ------------------------------------------------------------


def _attributed_lead(n: int = 0) -> Lead:
    lead = LeadFactory()
    lead_attribution_record(
        lead=lead,
        source=VisitSource(
            channel="search", referrer_host="google.kz", utm_campaign=f"c{n}", landing_page="/services/kitchens"
        ),
    )
    return lead


@pytest.mark.parametrize("role", ["admin", "manager", "api_key:manager"])
def test_staff_read_the_source_of_a_lead(as_role, role):
    lead = _attributed_lead()
    bare = LeadFactory()
    client = as_role(role)

    detail = client.get(f"/api/v1/leads/{lead.pk}")
    listed = {row["id"]: row for row in client.get("/api/v1/leads").json()["leads"]}

    expected = {
        "channel": "search",
        "referrer_host": "google.kz",
        "utm_source": "",
        "utm_medium": "",
        "utm_campaign": "c0",
        "landing_page": "/services/kitchens",
    }
    assert detail.status_code == 200 and detail.json()["attribution"] == expected
    assert listed[lead.pk]["attribution"] == expected
    assert listed[bare.pk]["attribution"] is None
    assert client.get(f"/api/v1/leads/{bare.pk}").json()["attribution"] is None


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("api_key:user", 403)])
def test_others_cannot_read_a_leads_source(as_role, role, status):
    lead = _attributed_lead()

    assert as_role(role).get(f"/api/v1/leads/{lead.pk}").status_code == status
    assert as_role(role).get("/api/v1/leads").status_code == status


def test_an_anonymous_inquiry_joining_an_attributed_lead_learns_nothing_of_it(api_client):
    lead = _attributed_lead()

    response = api_client.post("/api/leads", {"name": "Кто-то", "email": lead.email}, format="json")

    assert response.status_code == 201
    assert response.json()["attribution"] is None
    assert "google.kz" not in response.content.decode()


def test_the_lead_not_found_is_still_a_404(as_role):
    assert as_role("admin").get("/api/v1/leads/999999").status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_lead_list_with_sources_takes_a_fixed_number_of_queries(as_role, django_assert_max_num_queries, count):
    for n in range(count):
        _attributed_lead(n)
    client = as_role("manager")

    with django_assert_max_num_queries(4):  # the user, the count, the page (with projects and sources)
        response = client.get("/api/v1/leads?per_page=50")

    rows = response.json()["leads"]
    assert len(rows) == count and all(row["attribution"]["channel"] == "search" for row in rows)


def test_the_schema_documents_the_source_as_staff_only_and_nullable(api_client):
    schema = api_client.get("/api/schema?format=json").json()
    field = schema["components"]["schemas"]["Lead"]["properties"]["attribution"]

    assert field["readOnly"] is True and field.get("nullable") is True
    assert "staff only" in field["description"]
    target = field.get("allOf", [field])[0].get("$ref", "").rsplit("/", 1)[-1]
    properties = schema["components"]["schemas"][target]["properties"]
    assert set(properties) == set(FROM_INSTAGRAM)


# --- ... and in the admin --------------------------------------------------------------------------


def test_the_lead_admin_shows_and_filters_by_the_source(admin_client):
    lead = _attributed_lead()
    bare = LeadFactory(name="Без источника")

    filtered = admin_client.get("/admin/leads/lead/?attribution__channel__exact=search")
    change = admin_client.get(f"/admin/leads/lead/{lead.pk}/change/")

    assert filtered.status_code == 200
    html = filtered.content.decode()
    assert f"/admin/leads/lead/{lead.pk}/change/" in html and bare.name not in html
    assert change.status_code == 200 and "google.kz" in change.content.decode()
