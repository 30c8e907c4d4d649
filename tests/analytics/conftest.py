"""Helpers of the analytics tests: a clock to set, browsers to visit the site with."""

import importlib
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.test import Client

from apps.leads.models import Lead, LeadStatus
from apps.leads.services import lead_set_status
from apps.projects.services import lead_convert
from tests.leads.factories import LeadFactory

ALMATY = ZoneInfo("Asia/Almaty")

CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
SAFARI_IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
YANDEXBOT = "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)"
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36"
)
CURL = "curl/8.5.0"


def almaty(*args) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def site_content(db):
    importlib.import_module("apps.site.migrations.0002_seed_pages").seed(django_apps, None)


class Clock:
    def __init__(self, monkeypatch):
        self.now = almaty(2026, 6, 10, 9, 0)
        monkeypatch.setattr("django.utils.timezone.now", lambda: self.now)

    def set(self, *args) -> datetime:
        self.now = almaty(*args)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """django.utils.timezone.now, fixed and movable: `clock.set(2026, 6, 10, 10, 5)` (Almaty)."""
    return Clock(monkeypatch)


class Browser:
    """One person: an address and a browser, visiting pages at the clock's time."""

    def __init__(self, clock: Clock, *, ua: str, ip: str):
        self.clock, self.ua, self.ip = clock, ua, ip
        self.client = Client()

    def get(self, path: str, *, at: tuple | None = None, referer: str = "", **headers):
        if at:
            self.clock.set(*at)
        extra = {"HTTP_USER_AGENT": self.ua, "REMOTE_ADDR": self.ip, **headers}
        if referer:
            extra["HTTP_REFERER"] = referer
        return self.client.get(path, **extra)

    def post(self, path: str, data: dict, *, at: tuple | None = None):
        if at:
            self.clock.set(*at)
        return self.client.post(
            path, data, HTTP_USER_AGENT=self.ua, REMOTE_ADDR=self.ip, HTTP_REFERER=f"http://testserver{path}"
        )

    def post_json(self, path: str, data: dict, *, at: tuple | None = None, page: str = "/", **headers):
        """What a page's script sends: JSON from this browser, the page as its referrer."""
        if at:
            self.clock.set(*at)
        return self.client.post(
            path,
            data,
            content_type="application/json",
            HTTP_USER_AGENT=self.ua,
            REMOTE_ADDR=self.ip,
            HTTP_REFERER=f"http://testserver{page}",
            **headers,
        )


@pytest.fixture
def browser(clock):
    def make(ua: str = CHROME_WINDOWS, ip: str = "203.0.113.10") -> Browser:
        return Browser(clock, ua=ua, ip=ip)

    return make


CONTACT = {"name": "Айгерим", "email": "aigerim@example.com", "message": "Нужна кухня", "website": ""}
CONSULTATION = {
    "name": "Мария Петрова",
    "email": "maria@example.com",
    "service_type": "kitchen_design",
    "consultation_type": "home_visit",
    "preferred_date": "2026-06-20",
    "message": "Дизайн кухни",
    "website": "",
}


@pytest.fixture
def day_of_visits(browser, clock):
    """10 June 2026 in Almaty. A: desktop, from Google, 3 pages, books a consultation; back at noon
    directly for one page. B: iPhone from an Instagram story (utm), 3 pages, sends the contact
    form. C: Android from Telegram, 1 page. D: iPad from a blog, 1 page. Plus a bot, a prefetch
    and pages that never count."""
    a = browser(ip="203.0.113.1")
    a.get("/", at=(2026, 6, 10, 10, 0), referer="https://www.google.kz/")
    a.get("/services", at=(2026, 6, 10, 10, 2), referer="http://testserver/")
    a.get("/contact", at=(2026, 6, 10, 10, 5), HTTP_SEC_PURPOSE="prefetch")  # a prefetch: not a view
    a.get("/contact", at=(2026, 6, 10, 10, 5), referer="http://testserver/services")
    assert a.post("/consultation", CONSULTATION, at=(2026, 6, 10, 10, 6)).status_code == 302
    a.get("/", at=(2026, 6, 10, 12, 0))

    b = browser(ua=SAFARI_IPHONE, ip="203.0.113.2")
    b.get("/services/kitchens?utm_source=instagram&utm_medium=social&utm_campaign=spring", at=(2026, 6, 10, 11, 0))
    b.get("/portfolio", at=(2026, 6, 10, 11, 1), referer="http://testserver/services/kitchens")
    b.get("/contact", at=(2026, 6, 10, 11, 2), referer="http://testserver/portfolio")
    assert b.post("/contact", CONTACT, at=(2026, 6, 10, 11, 3)).status_code == 302

    browser(ua=CHROME_ANDROID, ip="203.0.113.3").get("/", at=(2026, 6, 10, 13, 0), referer="https://t.me/baimuras")
    browser(ua=SAFARI_IPAD, ip="203.0.113.4").get("/about", at=(2026, 6, 10, 14, 0), referer="https://mebel.kz/top")
    browser(ua=GOOGLEBOT, ip="66.249.66.1").get("/", at=(2026, 6, 10, 15, 0))
    a.get("/admin/login/", at=(2026, 6, 10, 15, 1))
    a.get("/api/v1/health", at=(2026, 6, 10, 15, 2))

    clock.set(2026, 6, 10, 16, 0)
    LeadFactory(name="По телефону", source="phone")  # a lead with no visit behind it
    lead_set_status(lead=Lead.objects.get(email="maria@example.com"), status=LeadStatus.QUALIFIED)
    lead_convert(lead=Lead.objects.get(email="aigerim@example.com"), project_name="Кухня", budget=Decimal("1200000"))
    clock.set(2026, 6, 10, 18, 0)
