"""Every public route of contract §12 in every language: status, `lang`, translated copy and UI,
one h1, hreflang alternates, canonical URL, title, description and Open Graph tags."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation

from apps.site.models import BlogPost, Page, ServicePage

from .conftest import LANGUAGES, client_in, parse, translated

SERVICE_SLUGS = ["montessori", "kitchens", "children-rooms", "custom-furniture", "design-bureau", "academy"]
PUBLIC_PATHS = [
    "/",
    "/about",
    "/services",
    *[f"/services/{slug}" for slug in SERVICE_SLUGS],
    "/blog",
    "/blog/montessori-shelf-at-home",
    "/contact",
    "/consultation",
    "/login",
    "/register",
]


@pytest.fixture(autouse=True)
def demo_posts(db):
    from apps.site import demo

    demo.load()


def expected_heading(path: str, language: str) -> str:
    """The h1 each page shows: the copy managers edit, in that language."""
    with translation.override(language):
        if path.startswith("/services/"):
            return ServicePage.objects.get(slug=path.rsplit("/", 1)[1]).title
        if path.startswith("/blog/"):
            return BlogPost.objects.get(slug=path.rsplit("/", 1)[1]).title
        key = {"/": "home", "/about": "about", "/services": "services", "/blog": "blog", "/contact": "contact"}
        if path in key:
            return Page.objects.get(key=key[path]).title
    message = {"/consultation": "Book a consultation", "/login": "Sign in", "/register": "Create an account"}[path]
    return translated(message, language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_page_answers_in_every_language(path, language):
    response = client_in(language).get(path)

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Cookie" in response["Vary"] and "Accept-Language" in response["Vary"]
    page = parse(response)
    assert page.html_lang == language
    assert page.h1 == 1
    assert "".join(page.h1_text).strip() == expected_heading(path, language)
    html = response.content.decode()
    assert translated("Services", language, "site navigation") in html  # the navigation
    assert translated("Skip to content", language) in html
    title = response.content.decode().split("<title>", 1)[1].split("</title>", 1)[0]
    assert "BaiMuras" in title
    assert page.meta("description")
    assert page.meta("og:title") and page.meta("og:description") and page.meta("og:image").startswith("http")
    assert page.meta("og:locale") == {"ru": "ru_RU", "kk": "kk_KZ", "ky": "ky_KG"}[language]


@pytest.mark.parametrize("path", ["/", "/about", "/services/kitchens", "/blog", "/blog/kitchen-worktop-materials"])
def test_indexable_pages_link_every_language_version(path):
    page = parse(client_in("kk").get(path))

    alternates = {link["hreflang"]: link["href"] for link in page.links if link.get("rel") == "alternate"}
    assert alternates == {
        "ru": f"http://testserver{path}?lang=ru",
        "kk": f"http://testserver{path}?lang=kk",
        "ky": f"http://testserver{path}?lang=ky",
        "x-default": f"http://testserver{path}",
    }
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == [f"http://testserver{path}?lang=kk"]
    assert page.meta("og:url") == f"http://testserver{path}?lang=kk"


@pytest.mark.parametrize("path", ["/login", "/register"])
def test_private_pages_are_not_indexed(path):
    page = parse(client_in("ru").get(path))
    assert page.meta("robots") == "noindex, nofollow"
    assert not [link for link in page.links if link.get("rel") == "canonical"]


def test_titles_and_descriptions_are_the_pages_own(client):
    titles, descriptions = set(), set()
    for path in ["/", "/about", "/services", *[f"/services/{s}" for s in SERVICE_SLUGS], "/blog", "/contact"]:
        page = parse(client.get(path))
        titles.add(page.meta("og:title"))
        descriptions.add(page.meta("description"))
    assert len(titles) == 11
    assert len(descriptions) == 11


@pytest.mark.parametrize(
    ("header", "language"), [("kk", "kk"), ("kz", "kk"), ("kz-KZ,ru;q=0.5", "kk"), ("ky-KG", "ky"), ("en", "ru")]
)
def test_language_follows_accept_language_when_there_is_no_cookie(client, header, language):
    page = parse(client.get("/about", HTTP_ACCEPT_LANGUAGE=header))
    assert page.html_lang == language


def test_the_kz_cookie_means_kazakh(client):
    client.cookies["django_language"] = "kz"
    assert parse(client.get("/")).html_lang == "kk"


@pytest.mark.parametrize(("param", "language"), [("kk", "kk"), ("kz", "kk"), ("ky", "ky"), ("ru", "ru")])
def test_lang_parameter_shows_that_language_and_remembers_it(client, param, language):
    client.cookies["django_language"] = "ru" if language != "ru" else "ky"

    response = client.get(f"/services/kitchens?lang={param}")

    assert parse(response).html_lang == language
    assert response.cookies["django_language"].value == language
    assert parse(client.get("/about")).html_lang == language


def test_an_unknown_lang_parameter_changes_nothing(client):
    response = client.get("/about?lang=de", HTTP_ACCEPT_LANGUAGE="ky")
    assert parse(response).html_lang == "ky"
    assert "django_language" not in response.cookies


def test_the_home_page_shows_the_six_services_and_the_latest_posts(client):
    html = client.get("/?lang=ky").content.decode()
    for slug in SERVICE_SLUGS:
        assert f'href="/services/{slug}"' in html
    assert "Ашкана үчүн стол тактасы" in html  # a demo post, in Kyrgyz


def test_a_hidden_service_or_an_unknown_slug_is_404(client):
    ServicePage.objects.filter(slug="academy").update(is_published=False)
    assert client.get("/services/academy").status_code == 404
    assert client.get("/services/sofas").status_code == 404


def test_a_draft_or_future_post_is_404(client):
    from datetime import timedelta

    from django.utils import timezone

    BlogPost.objects.filter(slug="montessori-shelf-at-home").update(is_published=False)
    BlogPost.objects.filter(slug="kitchen-worktop-materials").update(published_at=timezone.now() + timedelta(days=3))

    assert client.get("/blog/montessori-shelf-at-home").status_code == 404
    assert client.get("/blog/kitchen-worktop-materials").status_code == 404
    html = client.get("/blog").content.decode()
    assert "montessori-shelf-at-home" not in html and "kitchen-worktop-materials" not in html
    assert "children-room-that-grows" in html


def test_the_blog_paginates(client):
    from apps.site import services

    for n in range(10):
        services.blog_post_upsert(
            slug=f"note-{n}", translations={"ru": {"title": f"Заметка {n}", "body": "<p>Текст</p>"}},
            illustration="kitchen", is_published=True,
        )  # fmt: skip
    first, second = client.get("/blog"), client.get("/blog?page=2")
    assert first.status_code == second.status_code == 200
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    assert client.get("/blog?page=99").status_code == 200  # the last page, not an error


def test_a_blog_post_shows_its_related_service(client):
    html = client.get("/blog/kitchen-worktop-materials?lang=kk").content.decode()
    assert 'href="/services/kitchens"' in html
    assert "Тапсырыс бойынша ас үйлер" in html


def test_dates_are_written_as_each_language_writes_them(client):
    assert "2 июня 2025" in client.get("/blog?lang=ru").content.decode()
    assert "2 маусым 2025" in client.get("/blog?lang=kk").content.decode()
    assert "2-июнь, 2025" in client.get("/blog?lang=ky").content.decode()


@pytest.mark.parametrize(
    "path", ["/", "/services/montessori", "/contact", "/consultation", "/blog/montessori-shelf-at-home"]
)
def test_pages_carry_no_inline_script_or_style_and_a_self_only_csp(client, path):
    response = client.get(path)
    page = parse(response)

    assert page.scripts == 0  # the JSON-LD block is data: browsers never run it, the CSP allows it
    assert len(page.json_ld) == 1
    assert page.styles == 0
    assert page.style_attrs == 0
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Nothing hot-linked: every image, stylesheet and script comes from this site ...
    assert [url for url in page.resources if "//" in url and urlsplit(url).netloc != "testserver"] == []
    # ... and the only links out are the company's messengers, Instagram and the map.
    outside = {urlsplit(url).netloc for url in page.anchors if url.startswith(("http://", "https://"))}
    assert outside <= {"wa.me", "t.me", "www.instagram.com", "www.openstreetmap.org", "testserver"}


def test_pages_work_without_the_database_being_asked_twice_per_service(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/services")
    with django_assert_max_num_queries(8):
        client.get("/")


@pytest.mark.parametrize("path", ["/", "/services/academy", "/blog", "/contact"])
def test_head_requests_are_answered(client, path):
    assert client.head(path).status_code == 200


def test_a_service_or_a_post_is_shared_with_its_own_drawing(client):
    service = parse(client.get("/services/academy"))
    post = parse(client.get("/blog/kitchen-worktop-materials"))
    home = parse(client.get("/"))

    assert service.meta("og:image") == "http://testserver/static/img/site/academy-1200.png"
    assert post.meta("og:image") == "http://testserver/static/img/site/materials-1200.png"
    assert post.meta("og:type") == "article"
    assert home.meta("og:image") == "http://testserver/static/img/og/baimuras-1200x630.png"
    assert home.meta("og:image:height") == "630" and service.meta("og:image:height") == "750"


def test_the_lang_parameter_is_for_pages_not_the_api(client):
    response = client.get("/api/v1/health?lang=kk")
    assert "django_language" not in response.cookies
