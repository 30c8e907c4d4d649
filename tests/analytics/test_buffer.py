"""Page views written in batches (apps/analytics/buffer.py): nothing lost, one INSERT per batch,
a failing write logged and never raised."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.analytics import buffer
from apps.analytics.models import PageView

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _batches(settings):
    settings.ANALYTICS_BUFFER_SIZE = 3
    settings.ANALYTICS_BUFFER_SECONDS = 3600  # only the size and flush() write, in this test
    buffer.flush()
    yield
    buffer.flush()


def visit(client, path, ip):
    assert client.get(path, HTTP_USER_AGENT=CHROME, REMOTE_ADDR=ip).status_code == 200


def test_views_wait_for_a_full_batch_then_go_in_one_insert(client):
    visit(client, "/about", "203.0.113.1")
    visit(client, "/services", "203.0.113.2")
    assert PageView.objects.count() == 0 and buffer.pending() == 2

    with CaptureQueriesContext(connection) as queries:
        visit(client, "/portfolio", "203.0.113.3")
    inserts = [q["sql"] for q in queries if q["sql"].startswith("INSERT") and "analytics_pageview" in q["sql"]]
    assert len(inserts) == 1
    assert sorted(PageView.objects.values_list("path", flat=True)) == ["/about", "/portfolio", "/services"]
    assert buffer.pending() == 0


def test_flush_writes_what_is_pending(client):
    visit(client, "/about", "203.0.113.1")
    assert buffer.flush() == 1
    assert list(PageView.objects.values_list("path", flat=True)) == ["/about"]
    assert buffer.flush() == 0


def test_a_failing_write_is_logged_not_raised(client, monkeypatch, caplog):
    visit(client, "/about", "203.0.113.1")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PageView.objects, "bulk_create", broken)
    assert buffer.flush() == 0
    assert "page views not recorded" in caplog.text
