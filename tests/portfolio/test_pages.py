"""The public portfolio pages (contract §12): /portfolio with a category filter and pages, and
one page per project with its gallery, in ru, kk and ky; self-only assets, no inline code."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.files import services as file_services
from apps.portfolio.models import ProjectStatus
from apps.portfolio.views import PAGE_SIZE

from .factories import PortfolioImageFactory, PortfolioProjectFactory

IMG = re.compile(r"<img\b[^>]*>")
CARD = 'class="card pf-card"'
THIRD_PARTY_ASSET = re.compile(
    r'<(?:script|img|source|iframe)\b[^>]*\s(?:src|srcset)="(?:https?:)?//|<link\b[^>]*rel="stylesheet"[^>]*href="(?:https?:)?//'
)


def page(client, url, language="ru", **params):
    client.cookies["django_language"] = language
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def main(html: str) -> str:
    """The page's own content, without the site's header and footer (base.html)."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def attrs(tag: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', tag))


@pytest.fixture
def project(db):
    project = PortfolioProjectFactory(category="kitchens", technologies=["массив дуба", "Blum"])
    PortfolioImageFactory(
        project=project, is_primary=True, position=0, alt_ru="Кухня целиком", alt_kk="Ас үй толығымен"
    )
    PortfolioImageFactory(project=project, position=1, alt_ru="", alt_kk="")
    PortfolioImageFactory(project=project, position=2)
    return project


@pytest.mark.parametrize(
    ("language", "title_field", "all_projects"),
    [("ru", "title_ru", "Все проекты"), ("kk", "title_kk", "Барлық жобалар"), ("ky", "title_ky", "Бардык долбоорлор")],
)
def test_list_speaks_the_visitors_language(client, project, language, title_field, all_projects):
    html = page(client, "/portfolio", language)

    assert f'<html lang="{language}"' in html
    assert getattr(project, title_field) in html
    assert all_projects in html


def test_list_shows_published_projects_only(client, db):
    shown = PortfolioProjectFactory(title_ru="Опубликованная кухня")
    PortfolioProjectFactory(title_ru="Черновик шкафа", status=ProjectStatus.DRAFT)
    PortfolioProjectFactory(title_ru="Старый архив", status=ProjectStatus.ARCHIVED)

    html = page(client, "/portfolio")

    assert shown.title_ru in html
    assert "Черновик шкафа" not in html and "Старый архив" not in html
    assert f'href="/portfolio/{shown.pk}"' in html


def test_category_filter(client, db):
    PortfolioProjectFactory(title_ru="Кухня в Бишкеке", category="kitchens")
    PortfolioProjectFactory(title_ru="Детская в Алматы", category="children-rooms")

    html = page(client, "/portfolio", category="kitchens")

    assert "Кухня в Бишкеке" in html and "Детская в Алматы" not in html
    assert 'href="/portfolio?category=children-rooms"' in html
    assert re.search(r'href="/portfolio\?category=kitchens" aria-current="page">Кухни<', html)


def test_an_unknown_or_malformed_category_is_harmless(client, db):
    PortfolioProjectFactory(title_ru="Кухня в Бишкеке")
    assert "Кухня в Бишкеке" not in page(client, "/portfolio", category="web")
    assert "Кухня в Бишкеке" in page(client, "/portfolio", category="<script>")


def test_pagination(client, db):
    for number in range(PAGE_SIZE + 2):
        PortfolioProjectFactory(title_ru=f"Проект номер {number:02d}")

    first = page(client, "/portfolio")
    second = page(client, "/portfolio", page=2)
    beyond = page(client, "/portfolio", page=99)
    garbage = page(client, "/portfolio", page="abc")

    assert first.count(CARD) == PAGE_SIZE
    assert second.count(CARD) == 2
    assert 'rel="next" href="?page=2"' in first
    assert 'rel="prev" href="?page=1"' in second
    assert beyond.count(CARD) == 2  # the last page
    assert garbage.count(CARD) == PAGE_SIZE


def test_pagination_keeps_the_category(client, db):
    for _ in range(PAGE_SIZE + 1):
        PortfolioProjectFactory(category="kitchens")
    html = page(client, "/portfolio", category="kitchens")
    assert 'href="?category=kitchens&amp;page=2"' in html


def test_cards_use_the_cover_with_size_alt_and_lazy_loading(client, project):
    html = main(page(client, "/portfolio"))

    (tag,) = IMG.findall(html)
    image = attrs(tag)
    cover = project.images.get(is_primary=True)
    assert image["src"] == f"/media/{cover.file.file.name}"  # no thumbnails yet: the original
    assert "srcset" not in image
    assert (image["width"], image["height"]) == ("1600", "1000")
    assert image["alt"] == "Кухня целиком"
    assert image["loading"] == "lazy"


def test_srcset_lists_the_thumbnails_once_they_exist(client, project):
    for image in project.images.all():
        file_services.file_thumbnails_make(file_id=image.file_id)

    tag = attrs(IMG.findall(main(page(client, "/portfolio")))[0])

    cover = project.images.get(is_primary=True).file
    cover.refresh_from_db()
    assert tag["src"] == f"/media/{cover.thumbnails['800']}"
    assert tag["srcset"] == ", ".join(
        [f"/media/{cover.thumbnails[w]} {w}w" for w in ("400", "800", "1200")] + [f"/media/{cover.file.name} 1600w"]
    )
    assert tag["sizes"]


def test_project_page_shows_everything_with_a_gallery(client, project):
    html = page(client, f"/portfolio/{project.pk}")

    assert f"<h1>{project.title_ru}</h1>" in html
    assert "Кровать-домик, стеллаж на уровне глаз ребёнка" in html
    assert ">массив дуба</a></li>" in html and ">Blum</a></li>" in html
    assert project.client in html
    tags = [attrs(tag) for tag in IMG.findall(main(html))]
    assert len(tags) == 3
    cover, *gallery = tags
    assert cover["alt"] == "Кухня целиком" and cover["loading"] == "eager"
    assert [g["loading"] for g in gallery] == ["lazy", "lazy"]
    assert gallery[0]["alt"] == f"{project.title_ru}, фото 2"  # no alt text of its own
    assert gallery[1]["alt"] == "Общий вид комнаты"
    assert all(t["width"] and t["height"] for t in tags)
    assert 'href="/portfolio"' in html


@pytest.mark.parametrize(("language", "gallery"), [("ru", "Галерея"), ("kk", "Галерея"), ("ky", "Галерея")])
def test_project_page_in_each_language(client, project, language, gallery):
    html = page(client, f"/portfolio/{project.pk}/", language)

    assert getattr(project, f"title_{language}") in html
    assert getattr(project, f"description_{language}") in html
    assert gallery in html
    assert f'<html lang="{language}"' in html


def test_project_page_falls_back_to_russian(client, db):
    project = PortfolioProjectFactory(title_ky="", description_ky="")
    html = page(client, f"/portfolio/{project.pk}", "ky")
    assert project.title_ru in html and project.description_ru in html


@pytest.mark.parametrize("status", [ProjectStatus.DRAFT, ProjectStatus.ARCHIVED])
def test_unpublished_projects_are_404_for_visitors_and_previewed_by_staff(client, db, manager, status):
    project = PortfolioProjectFactory(status=status)
    assert client.get(f"/portfolio/{project.pk}").status_code == 404

    client.force_login(manager)
    html = page(client, f"/portfolio/{project.pk}")
    assert "посетители не видят" in html


def test_unknown_project_is_the_sites_404_page(client, db):
    response = client.get("/portfolio/424242")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_text_is_escaped(client, db):
    PortfolioProjectFactory(
        title_ru='<script>alert("x")</script>', description_ru="<img src=x onerror=alert(1)>", client="<b>ТОО</b>"
    )
    html = page(client, "/portfolio")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    detail = page(client, f"/portfolio/{PortfolioProjectFactory._meta.model.objects.get().pk}")
    assert "<img src=x" not in detail and "<b>ТОО</b>" not in detail


def test_pages_load_only_own_assets_and_no_inline_code(client, project):
    for url in ("/portfolio", f"/portfolio/{project.pk}"):
        html = page(client, url)
        response = client.get(url)
        content = main(html)
        assert "<script" not in content
        assert "style=" not in content and "<style" not in content
        assert not THIRD_PARTY_ASSET.search(html)
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert '<link rel="stylesheet" href="/static/css/portfolio.css">' in html


@pytest.mark.parametrize("url", ["/portfolio", "/portfolio/"])
def test_both_spellings_work(client, db, url):
    assert client.get(url).status_code == 200


def test_post_is_not_allowed(client, db):
    assert client.post("/portfolio").status_code == 405


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_projects_or_images(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries (a page from the cache makes none)
    PortfolioImageFactory(is_primary=True)
    client.get("/portfolio")  # the layout's company details are cached from the first page on
    few_list = _queries(client, "/portfolio")
    detail = PortfolioImageFactory(is_primary=True).project
    few_detail = _queries(client, f"/portfolio/{detail.pk}")

    for _ in range(8):
        project = PortfolioProjectFactory()
        for position in range(3):
            PortfolioImageFactory(project=project, position=position, is_primary=position == 0)
    for position in range(1, 6):
        PortfolioImageFactory(project=detail, position=position)

    assert _queries(client, "/portfolio") == few_list
    assert _queries(client, f"/portfolio/{detail.pk}") == few_detail


def test_list_has_its_own_open_graph_title(client, db):
    html = client.get("/portfolio", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<meta property="og:title" content="Портфолио — BaiMuras">' in html
