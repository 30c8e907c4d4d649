"""Anonymous public pages from the shared cache (apps/site/pagecache.py): the same page for every
visitor of a language, never a stale one after an edit, never a wrong language, never a page made
for someone signed in, still counted by the analytics and still with its security headers."""

import pytest
from django.test import Client

from apps.analytics.models import PageView
from apps.site.models import Page, PageKey
from tests.portfolio.factories import PortfolioProjectFactory

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"

pytestmark = pytest.mark.django_db


def test_the_second_anonymous_visitor_gets_the_first_ones_page_from_the_cache(django_assert_num_queries):
    first = Client().get("/about")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = Client().get("/about")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second and "X-Frame-Options" in second  # headers added outside


def test_an_edit_shows_at_once(committed):
    assert Client().get("/about")["X-Page-Cache"] == "miss"
    page = Page.objects.get(key=PageKey.ABOUT)
    page.title_ru = "Совсем новый заголовок страницы"
    with committed():
        page.save()

    response = Client().get("/about")
    assert response["X-Page-Cache"] == "miss"
    assert "Совсем новый заголовок страницы" in response.content.decode()


def test_a_portfolio_project_published_shows_on_the_cached_portfolio_page(committed):
    Client().get("/portfolio")
    assert Client().get("/portfolio")["X-Page-Cache"] == "hit"
    with committed():
        PortfolioProjectFactory(title_ru="Кухня на Абая из кэша")
    response = Client().get("/portfolio")
    assert "Кухня на Абая из кэша" in response.content.decode()


@pytest.mark.parametrize(
    ("kwargs", "language"),
    [
        ({"path": "/about?lang=kk"}, "kk"),
        ({"path": "/about?lang=ky"}, "ky"),
        ({"path": "/about", "HTTP_ACCEPT_LANGUAGE": "kk"}, "kk"),
        ({"path": "/about", "HTTP_ACCEPT_LANGUAGE": "ky"}, "ky"),
        ({"path": "/about", "HTTP_ACCEPT_LANGUAGE": "ru"}, "ru"),
        ({"path": "/about", "cookie": "ky"}, "ky"),
    ],
)
def test_each_visitor_gets_the_page_in_their_language_whatever_was_cached_before(kwargs, language):
    # Fill the cache with every language first, through each way of asking.
    for code in ("ru", "kk", "ky"):
        Client().get(f"/about?lang={code}")
        Client().get("/about", HTTP_ACCEPT_LANGUAGE=code)
    client = Client()
    if cookie := kwargs.pop("cookie", None):
        client.cookies["django_language"] = cookie
    response = client.get(**kwargs)
    assert response["X-Page-Cache"] == "hit"
    assert f'<html lang="{language}">' in response.content.decode()
    assert response["Content-Language"] == language


def test_following_a_language_link_from_the_cache_still_sets_the_language_cookie():
    Client().get("/about?lang=kk")
    client = Client()
    response = client.get("/about?lang=kk")
    assert response["X-Page-Cache"] == "hit"
    assert response.cookies["django_language"].value == "kk"


def test_a_signed_in_visitor_never_gets_nor_fills_the_shared_page(client, client_user):
    Client().get("/about")
    client.force_login(client_user)
    response = client.get("/about")
    assert "X-Page-Cache" not in response
    assert client_user.name in response.content.decode() or "csrfmiddlewaretoken" in response.content.decode()
    anonymous = Client().get("/about")
    assert anonymous["X-Page-Cache"] == "hit"
    assert client_user.email not in anonymous.content.decode()


@pytest.mark.parametrize("path", ["/contact", "/consultation", "/login", "/register", "/services/kitchens"])
def test_pages_with_a_form_are_always_rendered(path):
    Client().get(path)
    response = Client().get(path)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") is None
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_other_query_parameters_are_not_served_from_the_cache():
    Client().get("/blog")
    assert "X-Page-Cache" not in Client().get("/blog?page=2")
    assert Client().get("/blog?utm_source=instagram&utm_medium=story")["X-Page-Cache"] == "hit"


def test_a_page_from_the_cache_is_still_counted_with_its_campaign():
    Client(HTTP_USER_AGENT=CHROME).get("/about", REMOTE_ADDR="203.0.113.1")
    response = Client(HTTP_USER_AGENT=CHROME).get(
        "/about?utm_source=instagram&utm_medium=story&utm_campaign=kitchens", REMOTE_ADDR="203.0.113.2"
    )
    assert response["X-Page-Cache"] == "hit"
    views = list(PageView.objects.order_by("id").values_list("path", "utm_source", "utm_campaign"))
    assert views == [("/about", "", ""), ("/about", "instagram", "kitchens")]


def test_a_forged_host_is_refused_not_served_from_the_cache():
    Client().get("/about")
    response = Client().get("/about", HTTP_HOST="10.0.0.5")
    assert response.status_code == 400


def test_switched_off_by_setting(settings):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/about")
    assert "X-Page-Cache" not in Client().get("/about")
