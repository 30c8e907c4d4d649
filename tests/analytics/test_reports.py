"""Known visits in, exact figures out: GET /api/v1/analytics/stats and /conversions (contract §8),
the funnel by source, the attribution stored on the lead, rollups and period boundaries."""

from datetime import date, timedelta

import pytest

from apps.analytics import selectors, services
from apps.analytics.models import DailyStat, LeadAttribution, PageView, VisitorSalt
from apps.leads.models import Lead
from tests.conftest import STAFF_MATRIX, assert_error
from tests.leads.factories import LeadFactory

from .conftest import CONTACT, almaty

pytestmark = pytest.mark.django_db

DAY = "date_from=2026-06-10&date_to=2026-06-10"
EXPECTED_STATS = {
    "visitors": {"total": 5, "unique": 4, "returning": 1},
    "pageviews": {"total": 9, "per_visitor": 2.25},
    "popular_pages": [
        {"path": "/", "views": 3, "percentage": 33.3},
        {"path": "/contact", "views": 2, "percentage": 22.2},
        {"path": "/about", "views": 1, "percentage": 11.1},
        {"path": "/portfolio", "views": 1, "percentage": 11.1},
        {"path": "/services", "views": 1, "percentage": 11.1},
        {"path": "/services/kitchens", "views": 1, "percentage": 11.1},
    ],
    "traffic_sources": {"direct": 20.0, "search": 20.0, "social": 40.0, "referral": 20.0},
    "devices": {"desktop": 40.0, "mobile": 40.0, "tablet": 20.0},
    "bounce_rate": 60.0,  # A at noon, C and D saw one page
    "visit_duration": 84,  # (300 + 0 + 120 + 0 + 0) / 5 seconds
    "referrers": [
        {"host": "google.kz", "visits": 1, "percentage": 20.0},
        {"host": "mebel.kz", "visits": 1, "percentage": 20.0},
        {"host": "t.me", "visits": 1, "percentage": 20.0},
    ],
    "daily": [{"date": "2026-06-10", "visitors": 4, "visits": 5, "pageviews": 9}],
    "period": {"name": "custom", "date_from": "2026-06-10", "date_to": "2026-06-10"},
}

EXPECTED_CONVERSIONS = {
    "contact_form": {"submissions": 1, "conversion_rate": 25.0},  # 1 of 4 unique visitors
    "project_inquiries": {"total": 3, "qualified": 2, "conversion_rate": 66.7},
    "goals": [
        {"name": "Contact Form Submission", "completions": 1, "value": 1200000.0},
        {"name": "Consultation Request", "completions": 1, "value": 0.0},
        {"name": "Lead Converted", "completions": 1, "value": 1200000.0},
    ],
    "by_source": [
        {"source": "direct", "visitors": 1, "visits": 1, "inquiries": 0, "qualified": 0, "converted": 0,
         "revenue": 0.0, "conversion_rate": 0.0},
        {"source": "search", "visitors": 1, "visits": 1, "inquiries": 1, "qualified": 1, "converted": 0,
         "revenue": 0.0, "conversion_rate": 100.0},
        {"source": "social", "visitors": 2, "visits": 2, "inquiries": 1, "qualified": 1, "converted": 1,
         "revenue": 1200000.0, "conversion_rate": 50.0},
        {"source": "referral", "visitors": 1, "visits": 1, "inquiries": 0, "qualified": 0, "converted": 0,
         "revenue": 0.0, "conversion_rate": 0.0},
        {"source": "unattributed", "visitors": 0, "visits": 0, "inquiries": 1, "qualified": 0, "converted": 0,
         "revenue": 0.0, "conversion_rate": None},
    ],
    "period": {"name": "custom", "date_from": "2026-06-10", "date_to": "2026-06-10"},
}  # fmt: skip


def _get(as_role, path):
    return as_role("admin").get(path)


def test_stats_of_a_known_day_are_exact(day_of_visits, as_role):
    response = _get(as_role, f"/api/v1/analytics/stats?{DAY}")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True and body["timestamp"].endswith("Z")
    assert body["data"] == EXPECTED_STATS


def test_conversions_of_a_known_day_are_exact(day_of_visits, as_role):
    response = _get(as_role, f"/api/v1/analytics/conversions?{DAY}")

    assert response.status_code == 200, response.content
    assert response.json()["data"] == EXPECTED_CONVERSIONS


def test_the_source_of_the_visit_is_stored_with_the_lead(day_of_visits):
    by_contact = LeadAttribution.objects.get(lead__email="aigerim@example.com")
    assert (by_contact.channel, by_contact.referrer_host, by_contact.landing_page) == (
        "social",
        "",
        "/services/kitchens",
    )
    assert (by_contact.utm_source, by_contact.utm_medium, by_contact.utm_campaign) == ("instagram", "social", "spring")
    assert by_contact.visit_started_at == almaty(2026, 6, 10, 11, 0)
    by_consultation = LeadAttribution.objects.get(lead__email="maria@example.com")
    assert (by_consultation.channel, by_consultation.referrer_host, by_consultation.landing_page) == (
        "search",
        "google.kz",
        "/",
    )
    assert not LeadAttribution.objects.filter(lead__source="phone").exists()


def test_a_later_inquiry_joining_the_lead_keeps_the_first_source(day_of_visits, browser):
    again = browser(ip="203.0.113.9")
    again.get("/contact", at=(2026, 6, 10, 19, 0), referer="https://mebel.kz/")
    sent = {**CONTACT, "email": "maria@example.com", "message": "Ещё вопрос"}
    assert again.post("/contact", sent, at=(2026, 6, 10, 19, 1)).status_code == 302

    assert Lead.objects.filter(email="maria@example.com").count() == 1  # the open lead took the inquiry
    attribution = LeadAttribution.objects.get(lead__email="maria@example.com")
    assert attribution.channel == "search"  # not the referral of the second visit
    assert LeadAttribution.objects.count() == 2


def test_percentages_add_up_to_100():
    shares = selectors.percentages({"a": 1, "b": 1, "c": 1}, ["a", "b", "c"])
    assert shares == {"a": 33.4, "b": 33.3, "c": 33.3}
    assert round(sum(shares.values()), 1) == 100.0
    odd = selectors.percentages(
        {"direct": 7, "search": 5, "social": 3, "referral": 1}, ["direct", "search", "social", "referral"]
    )
    assert round(sum(odd.values()), 1) == 100.0
    assert selectors.percentages({}, ["x", "y"]) == {"x": 0.0, "y": 0.0}


def test_rollups_answer_exactly_what_the_raw_views_do(day_of_visits):
    period = selectors.Period(date(2026, 6, 10), date(2026, 6, 10))
    raw = selectors.visit_stats(period, use_rollups=False, today=date(2026, 6, 11))

    result = services.rollups_run(today=date(2026, 6, 11))

    assert result == {"rolled_up_days": 1, "deleted_views": 0, "deleted_salts": 1}
    assert DailyStat.objects.filter(day=date(2026, 6, 10), dimension="total").values_list(
        "pageviews", "visits", "visitors", "bounces", "duration"
    ).get() == (9, 5, 4, 3, 420)
    PageView.objects.all().delete()  # the rollup alone must answer now
    rolled = selectors.visit_stats(period, today=date(2026, 6, 11))
    assert selectors.public_stats(rolled) == selectors.public_stats(raw) == EXPECTED_STATS


def test_raw_views_past_the_retention_are_deleted_after_their_rollup(day_of_visits, settings):
    settings.ANALYTICS_RAW_RETENTION_DAYS = 30
    assert services.rollups_run(today=date(2026, 7, 10))["deleted_views"] == 0  # 30 days: kept
    result = services.rollups_run(today=date(2026, 7, 11))

    assert result["deleted_views"] == 9
    assert PageView.objects.count() == 0 and VisitorSalt.objects.count() == 0
    stats = selectors.visit_stats(selectors.Period(date(2026, 6, 1), date(2026, 6, 30)), today=date(2026, 7, 11))
    assert stats["pageviews"]["total"] == 9


def test_periods_end_at_midnight_in_almaty(browser):
    person = browser()
    person.get("/", at=(2026, 6, 10, 23, 59))  # 18:59 UTC
    person.get("/about", at=(2026, 6, 11, 0, 1))  # 19:01 UTC, the next day in Almaty

    tenth = selectors.visit_stats(selectors.Period(date(2026, 6, 10), date(2026, 6, 10)), today=date(2026, 6, 12))
    eleventh = selectors.visit_stats(selectors.Period(date(2026, 6, 11), date(2026, 6, 11)), today=date(2026, 6, 12))

    assert [p["path"] for p in tenth["popular_pages"]] == ["/"]
    assert [p["path"] for p in eleventh["popular_pages"]] == ["/about"]
    assert selectors.Period(date(2026, 6, 10), date(2026, 6, 10)).bounds == (
        almaty(2026, 6, 10, 0, 0),
        almaty(2026, 6, 11, 0, 0),
    )


def test_leads_are_counted_by_the_day_they_came_in_almaty(clock):
    clock.set(2026, 6, 10, 23, 59)
    LeadFactory()
    clock.set(2026, 6, 11, 0, 1)
    LeadFactory()

    tenth = selectors.conversions(selectors.Period(date(2026, 6, 10), date(2026, 6, 10)), today=date(2026, 6, 12))
    assert tenth["project_inquiries"]["total"] == 1


@pytest.mark.parametrize(("period", "days"), [("day", 1), ("week", 7), ("month", 30), ("year", 365), (None, 30)])
def test_named_periods_count_back_from_today(period, days):
    today = date(2026, 6, 10)
    chosen = selectors.period_of(period=period, today=today)
    assert (chosen.start, chosen.end) == (today - timedelta(days=days - 1), today)


def test_every_period_answers_through_the_api(day_of_visits, as_role):
    client = as_role("admin")
    for period in ("day", "week", "month", "year"):
        response = client.get(f"/api/v1/analytics/stats?period={period}")
        assert response.status_code == 200
        data = response.json()["data"]
        assert data["period"]["name"] == period
        assert data["pageviews"]["total"] == 9  # the clock is at 18:00 on the day of the visits
        assert round(sum(data["traffic_sources"].values()), 1) == 100.0
        assert round(sum(data["devices"].values()), 1) == 100.0
        assert len(data["daily"]) == selectors.PERIOD_DAYS[period]
        response = client.get(f"/api/v1/analytics/conversions/?period={period}")
        assert response.status_code == 200 and response.json()["data"]["contact_form"]["submissions"] == 1


@pytest.mark.parametrize("path", ["/api/v1/analytics/stats", "/api/v1/analytics/conversions"])
@pytest.mark.parametrize(("role", "status", "code"), STAFF_MATRIX)
def test_only_admins_may_read_analytics(as_role, path, role, status, code):
    response = as_role(role).get(path)
    if role.endswith("admin"):
        assert response.status_code == 200
        assert response.json()["success"] is True
    elif role.endswith("manager"):  # contract §8: admin only
        assert_error(response, 403, "PERMISSION_DENIED")
    else:
        assert_error(response, status, code)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=decade", "period"),
        ("date_from=2026-13-01", "date_from"),
        ("date_from=2026-06-10&date_to=2026-06-01", "date_to"),
        ("date_from=2020-01-01&date_to=2026-01-01", "date_from"),
    ],
)
def test_a_bad_period_is_a_validation_error(as_role, query, field):
    body = assert_error(as_role("admin").get(f"/api/v1/analytics/stats?{query}"), 422, "VALIDATION_ERROR")
    assert field in body["error"]["details"]


def test_a_report_is_computed_once_within_the_cache_time(day_of_visits, settings, django_assert_max_num_queries):
    settings.ANALYTICS_REPORT_CACHE_SECONDS = 60
    period = selectors.Period(date(2026, 6, 10), date(2026, 6, 10))
    first = selectors.visit_stats(period)
    with django_assert_max_num_queries(0):
        again = selectors.visit_stats(period)
    assert again == first and first["pageviews"]["total"] == 9


def test_the_reports_take_a_fixed_number_of_queries(day_of_visits, as_role, django_assert_max_num_queries):
    services.rollups_run(today=date(2026, 6, 11))
    client = as_role("admin")
    with django_assert_max_num_queries(14):  # auth, then rollups + today's raw views + the CRM's counts
        assert client.get("/api/v1/analytics/conversions?period=year").status_code == 200
