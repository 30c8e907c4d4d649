"""Benchmark: the analytics reports over a year of traffic, with and without the daily rollups,
and what counting a page view adds to an anonymous page.

Run: .venv/bin/python bench/analytics.py [--pageviews 1000000] [--repeat 10]
Uses a throwaway SQLite database (or DATABASE_URL, e.g. a PostgreSQL database of its own);
prints figures, asserts nothing."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def _timed(call, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pageviews", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--views", type=int, default=300, help="page requests timed for the recording cost")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bm-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ["DJANGO_SETTINGS_MODULE"] = "baimuras.settings.test"
    os.environ["DJANGO_MEDIA_ROOT"] = f"{workdir}/media"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.test import APIClient

    settings.RATELIMIT_ENABLE = False
    settings.ANALYTICS_RAW_RETENTION_DAYS = 400  # keep the raw year, to time the reports without rollups
    call_command("migrate", verbosity=0)

    from apps.accounts import services as accounts
    from apps.accounts.models import Role
    from apps.analytics import demo, selectors, services
    from apps.analytics.models import PageView

    today = services.local_day(django.utils.timezone.now())
    started = time.perf_counter()
    made = demo.generate(pageviews=args.pageviews, end=today)
    made += demo.generate(
        pageviews=max(args.pageviews // 365, 1), days=1, end=today + django.utils.timezone.timedelta(days=1), seed=7
    )
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rolled = services.rollups_run(today=today)
    rollup_seconds = time.perf_counter() - started
    print(
        f"database: {connection.vendor}; page views: {PageView.objects.count()} ({made} generated in {generated:.1f} s)"
    )
    print(f"rollup of {rolled['rolled_up_days']} days: {rollup_seconds:.1f} s")

    password = "Bench-" + os.urandom(6).hex()
    admin = accounts.user_create(email="bench@example.com", name="Bench", password=password, role=Role.ADMIN)
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {accounts.auth_login(email=admin.email, password=password)['access_token']}"
    )

    print(f"\n{'report, through the API':58} {'p50 ms':>8} {'p95 ms':>8}")
    for cache_seconds, label in ((0, "rollups"), (60, "rollups, cached")):
        settings.ANALYTICS_REPORT_CACHE_SECONDS = cache_seconds  # 0: every request computes
        for url in (
            "/api/v1/analytics/stats?period=year",
            "/api/v1/analytics/conversions?period=year",
            "/api/v1/analytics/stats?period=month",
            "/api/v1/analytics/stats?period=day",
        ):
            assert api.get(url).status_code == 200
            timings = _timed(lambda url=url: api.get(url), args.repeat)
            print(f"{url + ' (' + label + ')':58} {statistics.median(timings):>8.1f} {_p95(timings):>8.1f}")
    year = selectors.period_of(period="year", today=today)
    for name, call in (
        ("stats, year, raw views only", lambda: selectors.visit_stats(year, use_rollups=False, today=today)),
        ("conversions, year, raw views only", lambda: selectors.conversions(year, use_rollups=False, today=today)),
    ):
        timings = _timed(call, max(args.repeat // 5, 2))
        print(f"{name:48} {statistics.median(timings):>8.1f} {_p95(timings):>8.1f}")

    # The cost of counting, as a WSGI server sees it: the time to the response with the counter on
    # and off (interleaved), and the deferred work that runs when the server closes the response.
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import RequestFactory

    browser = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.5 Mobile/15E148 Safari/604.1"
    )
    handler, factory = WSGIHandler(), RequestFactory()
    on, off, closing = [], [], []
    for n in range(args.views):
        for enabled, timings in ((True, on), (False, off)):
            settings.ANALYTICS_ENABLED = enabled
            ip = f"10.{n // 250}.{n % 250}.{1 if enabled else 2}"
            environ = factory.get("/about", HTTP_USER_AGENT=browser, REMOTE_ADDR=ip).environ
            started = time.perf_counter()
            response = handler(environ, lambda status, headers, exc_info=None: None)
            body = b"".join(response)
            timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response.close()
            if enabled:
                closing.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and body
    settings.ANALYTICS_ENABLED = True
    print(f"\n{'GET /about, anonymous (WSGI handler)':48} {'p50 ms':>8} {'p95 ms':>8}")
    print(f"{'time to response, counter off':48} {statistics.median(off):>8.2f} {_p95(off):>8.2f}")
    print(f"{'time to response, counter on':48} {statistics.median(on):>8.2f} {_p95(on):>8.2f}")
    print(
        f"{'added to the response by counting':48} {statistics.median(on) - statistics.median(off):>8.2f} "
        f"{_p95(on) - _p95(off):>8.2f}"
    )
    print(f"{'after the response: hash, cache, INSERT':48} {statistics.median(closing):>8.2f} {_p95(closing):>8.2f}")
    record = []
    source = services.VisitSource()
    for n in range(args.views):
        started = time.perf_counter()
        services.pageview_record(path="/about", visitor=n, device="mobile", source=source)
        record.append((time.perf_counter() - started) * 1000)
    print(f"{'pageview_record() alone (cache + INSERT)':48} {statistics.median(record):>8.2f} {_p95(record):>8.2f}")


if __name__ == "__main__":
    main()
