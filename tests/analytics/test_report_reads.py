"""What the reports read: the daily rollups for finished days and the raw views of today only, and
for the conversions only the rollup rows they need; the answers are those of the full reading."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.analytics import selectors, services
from apps.analytics.models import DailyStat, PageView

pytestmark = pytest.mark.django_db


def _select_sql(captured, table: str) -> list[str]:
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith("SELECT") and table in q["sql"]]


@pytest.fixture
def rolled_day(day_of_visits, browser, clock):
    """10 June rolled up, then a visit on 11 June (today) that is still raw."""
    services.rollups_run(today=date(2026, 6, 11))
    browser(ip="203.0.113.77").get("/portfolio", at=(2026, 6, 11, 9, 0), referer="https://t.me/baimuras")
    clock.set(2026, 6, 11, 10, 0)
    return selectors.Period(date(2026, 6, 10), date(2026, 6, 11))


def test_finished_days_come_from_the_rollups_and_today_from_the_raw_views(rolled_day):
    with CaptureQueriesContext(connection) as captured:
        stats = selectors.visit_stats(rolled_day, today=date(2026, 6, 11))

    raw = _select_sql(captured, '"analytics_pageview"')
    assert len(raw) == 1 and "2026-06-11" in raw[0] and "2026-06-10" not in raw[0]
    assert _select_sql(captured, '"analytics_dailystat"')
    assert stats["visitors"] == {"total": 6, "unique": 5, "returning": 1}  # the 10th's 5 visits + today's 1
    assert [d["visits"] for d in stats["daily"]] == [5, 1]
    assert stats == selectors.visit_stats(rolled_day, use_rollups=False, today=date(2026, 6, 11))


def test_without_the_report_cache_the_conversions_read_only_the_totals_and_channels(rolled_day, settings):
    settings.ANALYTICS_REPORT_CACHE_SECONDS = 0
    full = selectors.conversions(
        rolled_day, stats=selectors.visit_stats(rolled_day, today=date(2026, 6, 11)), today=date(2026, 6, 11)
    )

    with CaptureQueriesContext(connection) as captured:
        light = selectors.conversions(rolled_day, today=date(2026, 6, 11))

    assert light == full
    sums = [sql for sql in _select_sql(captured, '"analytics_dailystat"') if "SUM(" in sql]
    assert len(sums) == 1 and "'page'" not in sums[0] and "'referrer'" not in sums[0]
    assert "'total'" in sums[0] and "'channel'" in sums[0]
    social = next(row for row in light["by_source"] if row["source"] == "social")
    assert (social["visitors"], social["visits"]) == (3, 3)  # the 10th's Instagram and Telegram, today's Telegram


def test_the_rollups_hold_one_row_per_day_and_value(rolled_day):
    rows = DailyStat.objects.filter(day=date(2026, 6, 10))
    assert rows.filter(dimension="total").count() == 1
    assert rows.filter(dimension="page").count() == 6  # the six pages seen that day
    assert PageView.objects.filter(day=date(2026, 6, 11)).count() == 1
