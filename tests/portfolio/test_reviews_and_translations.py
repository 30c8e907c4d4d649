"""Client and materials in each language (the API keeps the v2.0.0 shape: `client` a string,
`technologies` a list, in the request's language); materials as filterable tags; reviews
moderated in the admin; the demo portfolio leaves no Russian-only text on kk and ky pages."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from apps.portfolio import demo, services
from apps.portfolio.models import PortfolioProject, Review
from apps.site import demo as site_demo

from .factories import PortfolioProjectFactory, ReviewFactory

URL = "/api/v1/portfolio/projects"
PROJECT_FIELDS = {
    "id", "title", "description", "category", "status", "images", "technologies", "client",
    "completion_date", "project_url", "created_at", "updated_at",
}  # fmt: skip


@pytest.fixture
def translated_project(db):
    return services.portfolio_project_create(
        title={"ru": "Кухня", "kk": "Ас үй", "ky": "Ашкана"},
        category="kitchens",
        status="active",
        client={"ru": "Квартира в Алматы", "kk": "Алматыдағы пәтер", "ky": "Алматыдагы батир"},
        technologies={"ru": ["дуб", "латунь"], "kk": ["емен", "жез"], "ky": ["эмен", "жез"]},
    )


@pytest.mark.parametrize(
    ("accept_language", "client", "materials"),
    [
        ("ru", "Квартира в Алматы", ["дуб", "латунь"]),
        ("kz", "Алматыдағы пәтер", ["емен", "жез"]),
        ("ky", "Алматыдагы батир", ["эмен", "жез"]),
    ],
)
def test_the_api_answers_client_and_materials_in_the_request_language_with_the_v2_shape(
    api_client, translated_project, accept_language, client, materials
):
    response = api_client.get(f"{URL}/{translated_project.pk}", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == PROJECT_FIELDS
    assert data["client"] == client
    assert data["technologies"] == materials


def test_a_missing_translation_falls_back_to_russian(api_client, db):
    project = services.portfolio_project_create(
        title={"ru": "Шкаф"}, category="custom-furniture", status="active", client={"ru": "Семья"},
        technologies={"ru": ["ЛДСП"]},
    )  # fmt: skip

    data = api_client.get(f"{URL}/{project.pk}", HTTP_ACCEPT_LANGUAGE="ky").json()["data"]

    assert (data["client"], data["technologies"]) == ("Семья", ["ЛДСП"])


def test_writing_in_kazakh_stores_the_kazakh_version_and_fills_an_empty_russian_one(as_role, db):
    admin = as_role("admin")
    body = {
        "title": "Ас үй",
        "translations": {"ru": {"title": "Кухня"}},
        "category": "kitchens",
        "client": "Асановтар отбасы",
        "technologies": ["емен", "жез"],
    }

    response = admin.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="kz")

    assert response.status_code == 201, response.json()
    assert response.json()["data"]["client"] == "Асановтар отбасы"
    project = PortfolioProject.objects.get(pk=response.json()["data"]["id"])
    assert (project.client_kk, project.technologies_kk) == ("Асановтар отбасы", ["емен", "жез"])
    assert (project.client_ru, project.technologies_ru) == ("Асановтар отбасы", ["емен", "жез"])


def test_translations_set_client_and_materials_of_several_languages(as_role, translated_project):
    admin = as_role("admin")
    body = {"translations": {"ky": {"client": "Батир", "technologies": ["эмен"]}}, "technologies": ["дуб"]}

    response = admin.patch(f"{URL}/{translated_project.pk}", body, format="json", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200, response.json()
    assert response.json()["data"]["technologies"] == ["дуб"]
    translated_project.refresh_from_db()
    assert translated_project.technologies_ru == ["дуб"]
    assert (translated_project.client_ky, translated_project.technologies_ky) == ("Батир", ["эмен"])
    assert translated_project.technologies_kk == ["емен", "жез"]


@pytest.mark.parametrize(("language", "tag", "other"), [("ru", "латунь", "дуб"), ("kk", "жез", "емен")])
def test_materials_are_tags_that_filter_the_portfolio(client, translated_project, language, tag, other):
    PortfolioProjectFactory(title_ru="Без латуни", title_kk="Жезсіз", technologies=["массив дуба"])
    client.cookies["django_language"] = language

    detail = client.get(translated_project.get_absolute_url()).content.decode()
    listing = client.get("/portfolio", {"material": tag.upper()}).content.decode()

    assert f'href="/portfolio?material={quote(tag)}"' in detail
    assert translated_project.title in listing or ("Ас үй" if language == "kk" else "Кухня") in listing
    assert "Без латуни" not in listing and "Жезсіз" not in listing
    assert tag.upper() in listing  # "Projects with: …"


def test_the_material_filter_reads_the_lists_in_one_query(client, db, django_assert_max_num_queries):
    for _ in range(5):
        PortfolioProjectFactory()
    with django_assert_max_num_queries(6):
        assert client.get("/portfolio", {"material": "Blum"}).status_code == 200


# --- Reviews in the admin ----------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_review_admin_lists_searches_adds_and_changes(admin_client, db):
    review = ReviewFactory(name="Айгерим")

    assert admin_client.get("/admin/portfolio/review/").status_code == 200
    assert "Айгерим" in admin_client.get("/admin/portfolio/review/?q=Айгерим").content.decode()
    html = admin_client.get(f"/admin/portfolio/review/{review.pk}/change/").content.decode()
    assert 'name="text_kk"' in html and 'name="text_ky"' in html
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)

    response = admin_client.post(
        "/admin/portfolio/review/add/",
        {
            "name": "Эркин", "city_ru": "Бишкек", "city_kk": "Бішкек", "city_ky": "Бишкек",
            "text_ru": "Отлично", "text_kk": "Керемет", "text_ky": "Эң сонун", "rating": "5",
            "service": "kitchens", "written_on": "2025-05-01",
        },
    )  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:2000]
    added = Review.objects.get(name="Эркин")
    assert (added.is_approved, added.text_kk, added.rating) == (False, "Керемет", 5)


def test_a_rating_outside_one_to_five_is_refused(admin_client, db):
    response = admin_client.post(
        "/admin/portfolio/review/add/", {"name": "X", "text_ru": "Y", "rating": "6", "written_on": "2025-05-01"}
    )

    assert response.status_code == 200
    assert not Review.objects.exists()


def test_approve_and_hide_actions(admin_client, db):
    pending = ReviewFactory(is_approved=False)
    url = reverse("admin:portfolio_review_changelist")

    admin_client.post(url, {"action": "approve", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert pending.is_approved
    admin_client.post(url, {"action": "hide", "_selected_action": [pending.pk]})
    pending.refresh_from_db()
    assert not pending.is_approved


def test_a_review_of_a_project_is_filed_under_its_service(db):
    project = PortfolioProjectFactory(category="children-rooms")
    review = Review(name="Динара", text="Спасибо", rating=5, project=project)

    services.review_save(review=review)

    assert review.service == "children-rooms"


# --- The demo in three languages ---------------------------------------------------------------


def _russian_only(values: dict) -> list[str]:
    """The Russian texts of a {ru, kk, ky} value that the other languages write differently."""
    ru = values["ru"]
    items = ru if isinstance(ru, list) else [ru]
    others = {item for lang in ("kk", "ky") for item in (values[lang] if isinstance(ru, list) else [values[lang]])}
    return [item for item in items if item not in others]


def test_kazakh_and_kyrgyz_pages_show_no_russian_only_demo_text(client, db, django_capture_on_commit_callbacks):
    from apps.site.demo_services import FAQ, SERVICE_DETAILS

    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
    demo.load_reviews()
    site_demo.load()
    russian = set()
    for spec in demo.PROJECTS:
        for field in ("title", "client", "technologies"):
            russian.update(_russian_only(spec[field]))
    for spec in demo.REVIEWS:
        russian.update(_russian_only(spec["text"]))
    for spec in SERVICE_DETAILS.values():
        russian.update(_russian_only({lang: spec[lang]["duration"] for lang in ("ru", "kk", "ky")}))
        russian.update(_russian_only({lang: spec[lang]["included"] for lang in ("ru", "kk", "ky")}))
    for items in FAQ.values():
        for item in items:
            russian.update(_russian_only({lang: item[lang][0] for lang in ("ru", "kk", "ky")}))
    assert "Квартира в Алматы" in russian and "латунная фурнитура" in russian

    paths = ["/", "/portfolio", "/services", "/contact"]
    paths += [f"/services/{slug}" for slug in SERVICE_DETAILS]
    paths += [project.get_absolute_url() for project in PortfolioProject.objects.all()]
    for language in ("kk", "ky"):
        client.cookies["django_language"] = language
        for path in paths:
            html = client.get(path).content.decode()
            found = [text for text in russian if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", html)]
            assert found == [], (language, path)
    assert demo.load() == 0 and demo.load_reviews() == 0


def test_demo_projects_loaded_before_translation_get_their_kk_and_ky_client_and_materials(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()
    PortfolioProject.objects.update(client_kk=None, client_ky=None, technologies_kk=None, technologies_ky=None)
    PortfolioProject.objects.filter(title_ru="Гардеробная под лестницей").update(client_kk="Изменено менеджером")

    with django_capture_on_commit_callbacks(execute=True):
        demo.load()

    wardrobe = PortfolioProject.objects.get(title_ru="Гардеробная под лестницей")
    assert wardrobe.client_kk == "Изменено менеджером"
    assert wardrobe.client_ky == "Жеке үй, Талгар"
    assert wardrobe.technologies_kk == ["Egger ЛДСП", "жаңғақ шпоны", "ақырын жапқышты Blum", "LED жарығы"]


def test_managers_moderate_reviews_from_the_sidebar(client, manager):
    client.force_login(manager)

    html = client.get("/admin/").content.decode()

    assert "/admin/portfolio/review/" in html
    assert client.get("/admin/portfolio/review/").status_code == 200
    assert "/admin/site/companydetails/" not in html  # the company's details are the admins'
