"""sitemap.xml (every page in every language), robots.txt, localized error pages."""

import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from .conftest import LANGUAGES, parse, translated

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def demo_posts(db):
    from apps.site import demo

    demo.load()


def sitemap_urls(client) -> dict[str, list[dict]]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314
    urls = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        urls[loc] = [dict(link.attrib) for link in url.findall("x:link", NS)]
    return urls


def test_the_sitemap_lists_every_page_in_every_language(client):
    urls = sitemap_urls(client)

    paths = [
        "/", "/about", "/services", "/blog", "/contact", "/consultation", "/portfolio",
        "/services/montessori", "/services/kitchens", "/services/children-rooms", "/services/custom-furniture",
        "/services/design-bureau", "/services/academy",
        "/blog/montessori-shelf-at-home", "/blog/kitchen-worktop-materials", "/blog/children-room-that-grows",
    ]  # fmt: skip
    for path in paths:
        for language in LANGUAGES:
            assert f"http://testserver{path}?lang={language}" in urls, (path, language)
    assert len([u for u in urls if "/portfolio/" not in u]) == len(paths) * 3


def test_each_sitemap_entry_names_its_alternates(client):
    links = sitemap_urls(client)["http://testserver/services/kitchens?lang=ky"]
    assert {(link["hreflang"], link["href"]) for link in links} == {
        ("ru", "http://testserver/services/kitchens?lang=ru"),
        ("kk", "http://testserver/services/kitchens?lang=kk"),
        ("ky", "http://testserver/services/kitchens?lang=ky"),
        ("x-default", "http://testserver/services/kitchens"),
    }


def test_drafts_are_not_in_the_sitemap(client):
    from apps.site.models import BlogPost

    BlogPost.objects.filter(slug="kitchen-worktop-materials").update(is_published=False)
    assert not [u for u in sitemap_urls(client) if "kitchen-worktop-materials" in u]


def test_robots_txt_points_at_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for private in ("/admin/", "/api/", "/dashboard", "/login"):
        assert f"Disallow: {private}" in text


def test_favicon_ico_leads_to_our_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon-32.png")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_404_page_is_localized(client, language):
    client.cookies["django_language"] = language
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = parse(response)
    assert page.html_lang == language
    assert "".join(page.h1_text) == translated("Page not found", language)
    assert page.meta("robots") == "noindex, nofollow"
    assert 'href="/services"' in response.content.decode()


def test_the_404_of_an_api_path_stays_json(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.urls("tests.site.urls")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_500_page_is_localized_and_reveals_nothing(language):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    response = client.get("/test/explode")
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert translated("Something went wrong", language) in html
    assert "secret-internal-detail" not in html


@pytest.mark.urls("tests.site.urls")
def test_the_500_page_does_not_touch_the_session(client, client_user):
    """It renders when the database is what failed: no user, no messages."""
    client = Client(raise_request_exception=False)
    client.force_login(client_user)
    html = client.get("/test/explode").content.decode()
    assert 'href="/login"' in html and 'href="/dashboard"' not in html


def test_the_400_and_403_pages_are_the_sites(client, client_user):
    client.cookies["django_language"] = "kk"
    client.force_login(client_user)
    response = client.get("/dashboard/analytics")
    assert response.status_code == 403
    assert translated("Access denied", "kk") in response.content.decode()


def test_published_portfolio_projects_are_in_the_sitemap_and_drafts_are_not(client):
    from tests.portfolio.factories import PortfolioProjectFactory

    shown = PortfolioProjectFactory(status="active")
    draft = PortfolioProjectFactory(status="draft")

    urls = sitemap_urls(client)

    for language in LANGUAGES:
        assert f"http://testserver/portfolio/{shown.pk}?lang={language}" in urls
        assert f"http://testserver/portfolio/{draft.pk}?lang={language}" not in urls
