"""Which requests count as page views, and what a page view keeps (no IP, a daily visitor hash,
the device, the visit's source)."""

from datetime import date

import pytest

from apps.analytics.models import PageView, VisitorSalt
from apps.analytics.sources import channel_of, device_of
from apps.site import views

from .conftest import (
    CHROME_ANDROID,
    CHROME_WINDOWS,
    CURL,
    GOOGLEBOT,
    HEADLESS,
    SAFARI_IPAD,
    SAFARI_IPHONE,
    YANDEXBOT,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ua", "device"),
    [(CHROME_WINDOWS, "desktop"), (SAFARI_IPHONE, "mobile"), (CHROME_ANDROID, "mobile"), (SAFARI_IPAD, "tablet")],
)
def test_browsers_are_counted_with_their_device(browser, ua, device):
    response = browser(ua=ua).get("/about", at=(2026, 6, 10, 10, 0))

    assert response.status_code == 200
    view = PageView.objects.get()
    assert (view.path, view.device, view.day, view.visit_start) == ("/about", device, date(2026, 6, 10), True)
    assert view.channel == "direct"


@pytest.mark.parametrize("ua", [GOOGLEBOT, YANDEXBOT, HEADLESS, CURL, ""])
def test_bots_and_non_browsers_are_not_counted(browser, ua):
    assert browser(ua=ua).get("/").status_code == 200
    assert PageView.objects.count() == 0


@pytest.mark.parametrize(
    "header",
    [{"HTTP_SEC_PURPOSE": "prefetch"}, {"HTTP_SEC_PURPOSE": "prefetch;prerender"}, {"HTTP_PURPOSE": "prefetch"}],
)
def test_prefetches_are_not_counted(browser, header):
    assert browser().get("/", **header).status_code == 200
    assert PageView.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/admin/login/", 200),
        ("/api/v1/health", 200),
        ("/login", 200),
        ("/no-such-page", 404),
        ("/dashboard", 302),
        ("/robots.txt", 200),
    ],
)
def test_admin_api_accounts_errors_and_redirects_are_not_counted(browser, path, status):
    assert browser().get(path).status_code == status
    assert PageView.objects.count() == 0


def test_a_form_post_is_not_a_page_view(browser):
    browser().post("/contact", {"name": ""})
    assert PageView.objects.count() == 0


def test_no_address_is_stored_and_the_visitor_changes_with_the_day(browser):
    person = browser(ip="198.51.100.7")
    person.get("/", at=(2026, 6, 10, 23, 50))
    person.get("/about", at=(2026, 6, 10, 23, 55))
    person.get("/", at=(2026, 6, 11, 0, 5))  # a new day in Almaty: a new salt

    first, second, third = PageView.objects.order_by("created_at")
    assert first.visitor == second.visitor != third.visitor
    assert (first.day, third.day) == (date(2026, 6, 10), date(2026, 6, 11))
    assert third.visit_start  # the hash changed, so the visit did too
    stored = [str(value) for view in PageView.objects.values() for value in view.values()]
    assert not any("198.51.100.7" in value for value in stored)
    assert set(VisitorSalt.objects.values_list("day", flat=True)) == {date(2026, 6, 10), date(2026, 6, 11)}


def test_another_address_or_browser_is_another_visitor(browser):
    browser(ip="198.51.100.1").get("/")
    browser(ip="198.51.100.2").get("/")
    browser(ip="198.51.100.1", ua=SAFARI_IPHONE).get("/")
    assert PageView.objects.values("visitor").distinct().count() == 3


def test_a_visit_ends_after_thirty_minutes_without_a_view(browser):
    person = browser()
    person.get("/", at=(2026, 6, 10, 10, 0))
    person.get("/about", at=(2026, 6, 10, 10, 29))
    person.get("/services", at=(2026, 6, 10, 10, 30))
    person.get("/blog", at=(2026, 6, 10, 11, 5))

    assert list(PageView.objects.order_by("created_at").values_list("path", "visit_start")) == [
        ("/", True),
        ("/about", False),
        ("/services", False),
        ("/blog", True),
    ]


@pytest.mark.parametrize(
    ("referer", "query", "channel", "host"),
    [
        ("", "", "direct", ""),
        ("https://www.google.kz/", "", "search", "google.kz"),
        ("https://yandex.ru/search/?text=кухня", "", "search", "yandex.ru"),
        ("https://l.instagram.com/?u=x", "", "social", "l.instagram.com"),
        ("https://t.me/baimuras", "", "social", "t.me"),
        ("https://m.youtube.com/watch?v=1", "", "social", "m.youtube.com"),
        ("https://www.tiktok.com/@baimuras", "", "social", "tiktok.com"),
        ("https://vk.com/baimuras", "", "social", "vk.com"),
        ("https://wa.me/77770000000", "", "social", "wa.me"),
        ("https://mebel-blog.kz/top10", "", "referral", "mebel-blog.kz"),
        ("http://testserver/about", "", "direct", ""),  # the site itself is no referrer
        ("", "?utm_source=instagram&utm_medium=social&utm_campaign=spring", "social", ""),
        ("", "?utm_source=newsletter&utm_medium=email", "referral", ""),
        ("https://www.google.com/", "?utm_source=google&utm_medium=cpc&utm_campaign=kitchens", "search", "google.com"),
    ],
)
def test_the_source_of_a_visit_comes_from_the_referrer_and_the_utm_tags(browser, referer, query, channel, host):
    browser().get(f"/{query}", referer=referer)

    view = PageView.objects.get()
    assert (view.channel, view.referrer_host) == (channel, host)


def test_every_view_of_a_visit_keeps_the_source_it_started_with(browser):
    person = browser()
    person.get("/services/kitchens?utm_source=instagram&utm_medium=social&utm_campaign=spring", referer="")
    person.get("/portfolio", referer="http://testserver/services/kitchens")

    rows = list(PageView.objects.order_by("created_at").values_list("channel", "utm_source", "utm_campaign"))
    assert rows == [("social", "instagram", "spring"), ("social", "instagram", "spring")]


def test_a_failure_to_record_is_logged_and_the_page_still_answers(browser, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database is locked")

    monkeypatch.setattr("apps.analytics.services.pageviews_sessionize", broken)

    response = browser().get("/about")

    assert response.status_code == 200
    assert "page views not recorded (/about)" in caplog.text


class PathCacheMiddleware:
    """A page cache as simple as can be (issue 13 brings the real one): the first answer for a
    path is kept and served again without calling the view."""

    served: dict = {}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in self.served:
            self.served[request.path] = self.get_response(request)
        return self.served[request.path]


def test_a_page_served_from_a_cache_is_counted(browser, settings, monkeypatch):
    calls = []
    real = views._page_context
    monkeypatch.setattr(views, "_page_context", lambda *args: calls.append(args) or real(*args))
    PathCacheMiddleware.served = {}
    position = settings.MIDDLEWARE.index("apps.analytics.middleware.PageViewMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:position],
        f"{__name__}.PathCacheMiddleware",
        *settings.MIDDLEWARE[position:],
    ]
    first = browser(ip="198.51.100.1").get("/about")
    second = browser(ip="198.51.100.2").get("/about")

    assert first.status_code == second.status_code == 200
    assert len(calls) == 1  # the second answer came from the cache
    assert PageView.objects.count() == 2


def test_the_device_parser_and_the_channel_rules_directly():
    assert device_of(CHROME_WINDOWS) == "desktop"
    assert device_of(GOOGLEBOT) is None
    assert channel_of(host="", utm_source="tg") == "social"
    assert channel_of(host="bing.com") == "search"
