"""view_figures, the one-pass sum the reports and the rollups make of raw page views, against the
plain visit-by-visit definition it replaced (kept here as the reference)."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest

from apps.analytics import demo
from apps.analytics.models import Dimension, PageView
from apps.analytics.services import DAY, raw_views, view_figures

pytestmark = pytest.mark.django_db


def reference_figures(views) -> dict:
    """Visit by visit: every visit adds itself to each of its keys."""
    figures = defaultdict(lambda: {"pageviews": 0, "visits": 0, "visitors": set(), "bounces": 0, "duration": 0})

    def close(visit: list) -> None:
        first, last = visit[0], visit[-1]
        day, visitor, device, channel, host = first[0], first[1], first[5], first[6], first[7]
        seconds = int((last[2] - first[2]).total_seconds())
        keys = [(Dimension.TOTAL, ""), (DAY, day.isoformat()), (Dimension.DEVICE, device), (Dimension.CHANNEL, channel)]
        if host:
            keys.append((Dimension.REFERRER, host))
        for key in keys:
            row = figures[key]
            row["pageviews"] += len(visit)
            row["visits"] += 1
            row["visitors"].add(visitor)
            row["bounces"] += len(visit) == 1
            row["duration"] += seconds
        for view in visit:
            row = figures[(Dimension.PAGE, view[4])]
            row["pageviews"] += 1
            row["visitors"].add(visitor)
        landing = figures[(Dimension.PAGE, first[4])]
        landing["visits"] += 1
        landing["bounces"] += len(visit) == 1
        landing["duration"] += seconds

    visit: list = []
    for view in views:
        if visit and (view[1] != visit[0][1] or view[0] != visit[0][0] or view[3]):
            close(visit)
            visit = []
        visit.append(view)
    if visit:
        close(visit)
    return {key: {**row, "visitors": len(row["visitors"])} for key, row in figures.items()}


def test_three_days_of_demo_traffic_sum_as_visit_by_visit():
    made = demo.generate(pageviews=3000, days=3, end=date(2026, 6, 13), seed=11)
    views = list(raw_views(PageView.objects.all(), stream=False))
    fields = ("day", "visitor", "created_at", "visit_start", "path", "device", "channel", "referrer_host")
    as_models = list(PageView.objects.order_by("day", "visitor", "created_at", "id").values_list(*fields))

    figures = view_figures(views)

    assert made == len(views) > 2900
    assert figures == reference_figures(as_models)  # raw_views may give SQLite's text: the same figures
    assert figures[(Dimension.TOTAL, "")]["pageviews"] == made
    assert {key for dim, key in figures if dim == DAY} == {"2026-06-10", "2026-06-11", "2026-06-12"}


def test_awkward_sequences_sum_as_visit_by_visit():
    at = datetime(2026, 6, 10, 5, 0, tzinfo=UTC)
    d1, d2 = date(2026, 6, 10), date(2026, 6, 11)

    def view(day, visitor, minutes, start, path, device="mobile", channel="direct", host=""):
        return (day, visitor, at + timedelta(minutes=minutes, seconds=0.5), start, path, device, channel, host)

    views = [
        view(d1, 1, 0, False, "/about"),  # no visit_start first (a lost cache): still a visit
        view(d1, 1, 3, False, "/"),
        view(d1, 1, 40, True, "/", channel="search", host="google.kz"),  # the same visitor's next visit
        view(d1, 2, 1, True, "/contact", device="desktop", channel="social", host="t.me"),
        view(d1, 2, 1, False, "/contact", device="desktop", channel="social", host="t.me"),  # same second
        view(d2, 2, 2, True, "/portfolio"),  # the same hash on another day is another visit
        view(d2, 3, 5, True, "/"),
    ]

    figures = view_figures(views)

    assert figures == reference_figures(views)
    assert figures[(Dimension.TOTAL, "")] == {
        "pageviews": 7, "visits": 5, "visitors": 3, "bounces": 3, "duration": 180,
    }  # fmt: skip
    assert figures[(Dimension.PAGE, "/contact")] == {
        "pageviews": 2, "visits": 1, "visitors": 1, "bounces": 0, "duration": 0,
    }  # fmt: skip


def test_no_views_no_figures():
    assert view_figures([]) == {} == reference_figures([])
