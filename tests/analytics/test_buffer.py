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


SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"


def test_a_batch_reads_and_writes_the_open_visits_once(client, monkeypatch):
    from django.core.cache import cache

    calls = {"get_many": 0, "set_many": 0, "get": 0, "set": 0}
    for name in calls:
        original = getattr(cache, name)

        def counted(*args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(*args, **kwargs)

        monkeypatch.setattr(cache, name, counted)

    visit(client, "/about", "203.0.113.1")
    visit(client, "/services", "203.0.113.2")
    calls.update(get_many=0, set_many=0)  # the page cache's reads while answering are not counted here
    visit(client, "/portfolio", "203.0.113.1")  # the third view fills the batch
    views = list(PageView.objects.order_by("id").values_list("path", "visit_start"))
    assert sorted(views) == [("/about", True), ("/portfolio", False), ("/services", True)]
    # One read and one write of the visits for the three views (the page cache adds its own read).
    assert calls["set_many"] == 1
    assert calls["get_many"] <= 2


def test_a_campaign_view_opens_its_visit_at_once_for_the_views_that_follow(client):
    from django.core.cache import cache

    from apps.analytics.services import VISIT_CACHE_PREFIX
    from apps.analytics.tracking import identity_of

    client.get(
        "/services/kitchens?utm_source=instagram&utm_medium=social&utm_campaign=spring",
        HTTP_USER_AGENT=SAFARI,
        REMOTE_ADDR="203.0.113.9",
    )
    # Not yet written, but its visit is already in the shared cache for any process to find.
    assert PageView.objects.count() == 0
    visitor, _device = identity_of(user_agent=SAFARI, ip="203.0.113.9", host="testserver")
    assert cache.get(f"{VISIT_CACHE_PREFIX}{visitor}")[0].utm_source == "instagram"
    client.get("/portfolio", HTTP_USER_AGENT=SAFARI, REMOTE_ADDR="203.0.113.9", HTTP_REFERER="http://testserver/")
    buffer.flush()
    rows = list(PageView.objects.order_by("created_at").values_list("path", "utm_source", "visit_start"))
    assert rows == [("/services/kitchens", "instagram", True), ("/portfolio", "instagram", False)]


def test_an_inquiry_finds_the_visit_of_views_still_in_the_buffer(client):
    from apps.analytics.models import LeadAttribution

    visit_headers = {"HTTP_USER_AGENT": SAFARI, "REMOTE_ADDR": "203.0.113.10"}
    client.get("/portfolio", **visit_headers)
    assert buffer.pending() == 1
    response = client.post(
        "/api/leads",
        {"name": "Айгерим", "email": "buffered@example.com", "phone": "", "notes": "Кухня"},
        content_type="application/json",
        **visit_headers,
    )
    assert response.status_code == 201, response.content
    attribution = LeadAttribution.objects.get(lead__email="buffered@example.com")
    assert (attribution.landing_page, attribution.channel) == ("/portfolio", "direct")
