"""Benchmark: latency and query counts of the busiest read endpoints with realistic data.

Run: .venv/bin/python bench/api_lists.py [--rows 500] [--repeat 30]
Uses a throwaway SQLite database (or DATABASE_URL); prints figures, asserts nothing."""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=30)
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
    call_command("migrate", verbosity=0)

    from apps.accounts import services as accounts
    from apps.accounts.models import Role
    from apps.leads.models import Lead
    from apps.projects.models import Project

    password = "Bench-" + os.urandom(6).hex()
    admin = accounts.user_create(email="bench@example.com", name="Bench", password=password, role=Role.ADMIN)
    Lead.objects.bulk_create(
        Lead(name=f"Лид {i}", email=f"lead{i}@example.com", phone=f"+7777{i:07d}", source="website")
        for i in range(args.rows)
    )
    Project.objects.bulk_create(Project(name=f"Проект {i}", client_name=f"Клиент {i}") for i in range(args.rows))

    client = APIClient()
    token = accounts.auth_login(email=admin.email, password=password)["access_token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")

    endpoints = [
        "/api/v1/health",
        "/api/v1/leads?per_page=100",
        "/api/v1/projects?per_page=100",
        "/api/v1/users?per_page=100",
        "/api/v1/portfolio/projects?per_page=100",
        "/api/v1/consultations?per_page=100",
    ]
    print(f"rows per table: {args.rows}; repeats: {args.repeat}; database: {connection.vendor}")
    print(f"{'endpoint':45} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for url in endpoints:
        queries: list[str] = []

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        # An execute wrapper survives the per-request reconnects that empty Django's query log.
        with connection.execute_wrapper(count):
            status = client.get(url).status_code
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[max(int(len(timings) * 0.95) - 1, 0)]
        print(f"{url:45} {status:>6} {len(queries):>7} {statistics.median(timings):>8.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
