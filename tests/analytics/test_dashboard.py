"""/dashboard/analytics: the charts' data for staff, in every language, for the chosen period."""

import json
import re

import pytest

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def chart_data(html: str) -> dict:
    return json.loads(re.search(r'<script id="analytics-data" type="application/json">(.*?)</script>', html).group(1))


@pytest.mark.parametrize(
    ("language", "heading"),
    [("ru", "Посетители и просмотры"), ("kk", "Келушілер мен қаралымдар"), ("ky", "Келүүчүлөр жана көрүүлөр")],
)
def test_staff_see_the_charts_of_the_period(client, day_of_visits, language, heading):
    client.force_login(UserFactory(role="manager"))

    response = client.get(f"/dashboard/analytics?date_from=2026-06-10&date_to=2026-06-10&lang={language}")

    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert '<script src="/static/unfold/js/chart/chart.js" defer></script>' in html
    assert "<script>" not in html  # the CSP allows no inline script: data travels as JSON
    data = chart_data(html)
    assert data["daily"]["visitors"] == [4] and data["daily"]["pageviews"] == [9]
    assert data["sources"]["values"] == [20.0, 20.0, 40.0, 20.0]
    assert data["funnel"]["inquiries"] == [0, 1, 1, 0, 1]
    assert data["pages"]["labels"][0] == "/"
    assert "1 200 000" in html.replace("\xa0", " ")  # the revenue of the social row


def test_a_bad_period_falls_back_to_thirty_days_and_says_why(client, manager):
    client.force_login(manager)
    html = client.get("/dashboard/analytics?date_from=2026-06-10&date_to=2026-06-01").content.decode()
    assert 'role="alert"' in html and "Дата окончания раньше даты начала" in html
    assert len(chart_data(html)["daily"]["labels"]) == 30


def test_a_client_may_not_see_the_analytics(client, client_user):
    client.force_login(client_user)
    assert client.get("/dashboard/analytics").status_code == 403
