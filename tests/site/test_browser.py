"""The site in a real browser: Debian's chromium driven by Playwright (RUN_BROWSER_TESTS=1).

The forms are sent the way a visitor sends them, with JavaScript and without it; the language is
switched with the header's buttons; no page logs an error (a CSP violation is one)."""

import os
import re
import shutil
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.consultations.models import Consultation
from apps.leads.models import ContactMessage

from .conftest import translated

# Playwright's sync API runs an event loop in this thread; the ORM calls of the assertions are fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, width=1280, javascript=True) -> a page at that path; console errors are kept
    on `page.errors`, resources that failed to load on `page.failed`."""
    contexts = []

    def make(path: str, *, width: int = 1280, javascript: bool = True):
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.errors, page.failed = [], []

        def on_console(message):
            # A failed load is recorded with its URL below; the page's own 404 is not an error.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                page.errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.on(
            "response",
            lambda r: page.failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
        )
        page.goto(live_server.url + path)
        return page

    yield make
    for context in contexts:
        context.close()


def _future_date() -> str:
    return (timezone.localdate() + timedelta(days=10)).isoformat()


def test_the_contact_form_is_sent_and_the_visitor_thanked(open_page):
    page = open_page("/contact?lang=kk")

    page.get_by_label(translated("Your name", "kk")).fill("Айгерім")
    page.locator("#id_email").fill("aigerim@example.com")
    page.locator("#id_message").fill("Балалар бөлмесіне шкаф керек, бөлме 3×4 м.")
    page.locator("form.form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/contact#thanks$"))
    assert "Рақмет, Айгерім!" in page.locator("#thanks").inner_text()
    message = ContactMessage.objects.get()
    assert message.language == "kk" and message.lead.source == "contact_form"
    assert page.errors == []


def test_contact_errors_are_shown_inline_in_the_visitors_language(open_page):
    page = open_page("/contact?lang=ky")

    page.locator("form.form button[type=submit]").click()

    assert page.locator("html").get_attribute("lang") == "ky"
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert translated("Give an email or a phone number", "ky") in page.locator("#id_email_error").inner_text()
    assert page.get_by_role("alert").is_visible()
    assert not ContactMessage.objects.exists()


def test_the_consultation_form_of_a_service_page_books_that_service(open_page):
    page = open_page("/services/kitchens?lang=ru")

    page.locator("main").get_by_role("link", name=translated("Book a consultation", "ru")).first.click()
    assert page.url.endswith("#consultation")  # the form on the same page
    page.locator("#id_name").fill("Мария Петрова")
    page.locator("#id_phone").fill("+7 777 987 65 43")
    page.get_by_label(translated("Online", "ru"), exact=True).check()
    page.locator("#id_preferred_date").fill(_future_date())
    page.locator("#id_message").fill("Хочу заказать дизайн кухни")
    page.get_by_role("button", name=translated("Request a consultation", "ru")).click()

    page.wait_for_url(re.compile(r"/consultation#thanks$"))
    assert "Мария Петрова" in page.locator("#thanks").inner_text()
    consultation = Consultation.objects.get()
    assert consultation.service_type == "kitchen_design"
    assert consultation.consultation_type == "online"
    assert consultation.preferred_date.isoformat() == _future_date()
    assert consultation.phone == "+77779876543"
    assert page.errors == []


def test_the_header_switches_the_language_and_it_is_remembered(open_page):
    page = open_page("/about")
    assert page.locator("html").get_attribute("lang") == "ru"

    # For a visitor the switch is a link to the page's `?lang=` version (no form: cacheable pages).
    page.locator(".topbar").get_by_role("link", name="Қазақша").click()

    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.url.endswith("/about?lang=kk")
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies["django_language"] == "kk"
    page.goto(page.url.split("/about")[0] + "/services")  # no ?lang=: the cookie remembers
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "BaiMuras қызметтері"


def test_on_a_phone_the_switcher_and_the_menu_are_there(open_page):
    page = open_page("/", width=390)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
    page.locator(".header-mobile-tools").get_by_role("link", name="Кыргызча").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ky"

    menu = page.locator("details.nav-mobile")
    menu.locator("summary").click()
    link = menu.get_by_role("link", name=translated("Portfolio", "ky", "site navigation"))
    assert link.is_visible()
    assert page.errors == []


def test_the_forms_work_without_javascript(open_page):
    page = open_page("/contact", javascript=False, width=390)

    page.locator("#id_name").fill("Иван Иванов")
    page.locator("#id_phone").fill("87771234567")
    page.locator("#id_message").fill("Интересует изготовление кухни")
    page.locator("form.form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/contact#thanks$"))
    assert ContactMessage.objects.get().phone == "+77771234567"
    page.goto(page.url.replace("/contact#thanks", "/"))
    page.locator("details.nav-mobile summary").click()
    assert page.locator(".nav-mobile-panel").is_visible()


@pytest.mark.parametrize("path", ["/", "/services/montessori", "/blog", "/consultation", "/no-such-page"])
def test_pages_load_without_errors_or_blocked_resources(open_page, path):
    from apps.site import demo

    demo.load()
    page = open_page(path)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")

    assert page.errors == []
    assert page.failed == []
    broken = page.evaluate(
        "Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0 && i.loading !== 'lazy')"
        ".map(i => i.currentSrc || i.src)"
    )
    assert broken == []


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
def test_the_phone_write_to_us_button_opens_without_javascript_and_json_ld_is_no_csp_error(open_page, language):
    """The JSON-LD block is data, which the self-only CSP does not block: no console error. On a
    phone the sticky button opens its messenger links with JavaScript off; a desktop hides it."""
    from apps.site import demo

    demo.load()  # prices and questions
    phone = open_page(f"/contact?lang={language}", width=390, javascript=False)

    assert phone.locator("script[type='application/ld+json']").count() == 1
    button = phone.locator("details.write-us summary")
    assert button.is_visible()
    button.click()
    whatsapp = phone.locator("details.write-us a[href^='https://wa.me/']")
    assert whatsapp.is_visible()
    assert "text=" in whatsapp.get_attribute("href")
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")

    desktop = open_page(f"/services/kitchens?lang={language}", width=1280)
    assert not desktop.locator("details.write-us summary").is_visible()
    assert desktop.locator(".price-card").is_visible()
    assert phone.errors == [] and desktop.errors == []
    assert phone.failed == [] and desktop.failed == []
