"""Portfolio API (contract §6, v2.0.0 §Портфолио API): the envelope, exactly the v2.0.0 fields,
whitelisted filters and ordering, clamped pages, hidden drafts, translated text, image_ids."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.portfolio.models import PortfolioImage, PortfolioProject, ProjectStatus
from tests.conftest import assert_error
from tests.files.factories import UploadedFileFactory
from tests.files.samples import pdf_bytes

from .factories import PortfolioImageFactory, PortfolioProjectFactory

URL = "/api/v1/portfolio/projects"
PROJECT_FIELDS = {
    "id",
    "title",
    "description",
    "category",
    "status",
    "images",
    "technologies",
    "client",
    "completion_date",
    "project_url",
    "created_at",
    "updated_at",
}
PAGINATION_FIELDS = {"page", "pages", "per_page", "total", "has_next", "has_prev"}


def ids(response) -> list[int]:
    return [p["id"] for p in response.json()["data"]["projects"]]


@pytest.fixture
def admin_client(as_role):
    return as_role("admin")


@pytest.fixture
def statuses(db):
    return {status: PortfolioProjectFactory(status=status) for status in ProjectStatus.values}


# --- Reading -----------------------------------------------------------------------------------


def test_list_answers_the_v2_envelope_with_exactly_the_v2_fields(api_client, db):
    project = PortfolioProjectFactory(
        completion_date=dt.date(2024, 12, 15), project_url="https://baimuras.space/portfolio/oak-bedroom"
    )
    cover = PortfolioImageFactory(project=project, is_primary=True, position=0)
    PortfolioImageFactory(project=project, position=1, alt_ru="")

    response = api_client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    assert body["success"] is True
    assert set(body["data"]) == {"projects", "pagination"}
    assert body["data"]["pagination"] == {
        "page": 1,
        "pages": 1,
        "per_page": 10,
        "total": 1,
        "has_next": False,
        "has_prev": False,
    }
    (item,) = body["data"]["projects"]
    assert set(item) == PROJECT_FIELDS
    assert item["title"] == project.title_ru
    assert item["description"] == project.description_ru
    assert item["category"] == "montessori"
    assert item["status"] == "active"
    assert item["technologies"] == ["массив дуба", "натуральное масло", "Blum"]
    assert item["client"] == "Семья Ахметовых"
    assert item["completion_date"] == "2024-12-15"
    assert item["project_url"] == "https://baimuras.space/portfolio/oak-bedroom"
    assert item["created_at"].endswith("Z") and item["updated_at"].endswith("Z")
    assert item["images"] == [
        {
            "id": cover.file_id,
            "url": f"http://testserver/media/{cover.file.file.name}",
            "alt": "Общий вид комнаты",
            "is_primary": True,
        },
        {
            "id": item["images"][1]["id"],
            "url": item["images"][1]["url"],
            "alt": project.title_ru,  # no alt text of its own: the project's title
            "is_primary": False,
        },
    ]


def test_anonymous_callers_see_active_projects_only(api_client, statuses):
    assert ids(api_client.get(URL)) == [statuses["active"].pk]


@pytest.mark.parametrize("status", ["draft", "archived", "active"])
def test_a_status_filter_never_shows_visitors_more(api_client, as_role, statuses, status):
    """Documented choice: for visitors and clients `status` narrows the active projects, so a draft
    filter finds nothing (rather than a 422 or a 403)."""
    expected = [statuses["active"].pk] if status == "active" else []
    assert ids(api_client.get(URL, {"status": status})) == expected
    assert ids(as_role("user").get(URL, {"status": status})) == expected


@pytest.mark.parametrize("role", ["manager", "admin", "api_key:manager"])
def test_staff_see_and_filter_every_status(as_role, statuses, role):
    client = as_role(role)
    assert sorted(ids(client.get(URL))) == sorted(p.pk for p in statuses.values())
    for status, project in statuses.items():
        assert ids(client.get(URL, {"status": status})) == [project.pk]


def test_category_filter(api_client, db):
    kitchen = PortfolioProjectFactory(category="kitchens")
    PortfolioProjectFactory(category="montessori")
    assert ids(api_client.get(URL, {"category": "kitchens"})) == [kitchen.pk]
    assert ids(api_client.get(URL, {"category": "web"})) == []


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "price"},
        {"sort": "id; DROP TABLE portfolio_portfolioproject"},
        {"sort": "-created_at"},
        {"order": "up"},
        {"order": "DESC "},
        {"status": "published"},
        {"category": "Кухни"},
        {"category": "../etc"},
        {"category": "a" * 51},
        {"page": "0"},
        {"page": "abc"},
        {"per_page": "0"},
        {"per_page": "-5"},
    ],
)
def test_values_outside_the_whitelist_are_422(api_client, db, params):
    body = assert_error(api_client.get(URL, params), 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == set(params)


def test_sort_and_order(api_client, db):
    now = timezone.now()
    older = PortfolioProjectFactory(title_ru="Бежевая кухня")
    newer = PortfolioProjectFactory(title_ru="Арочный шкаф")
    PortfolioProject.objects.filter(pk=older.pk).update(created_at=now - dt.timedelta(days=3), updated_at=now)
    PortfolioProject.objects.filter(pk=newer.pk).update(created_at=now, updated_at=now - dt.timedelta(days=3))

    assert ids(api_client.get(URL)) == [newer.pk, older.pk]  # newest first by default
    assert ids(api_client.get(URL, {"sort": "created_at", "order": "asc"})) == [older.pk, newer.pk]
    assert ids(api_client.get(URL, {"sort": "updated_at", "order": "desc"})) == [older.pk, newer.pk]
    assert ids(api_client.get(URL, {"sort": "title", "order": "asc"})) == [newer.pk, older.pk]
    assert ids(api_client.get(URL, {"sort": "title", "order": "desc"})) == [older.pk, newer.pk]


def test_title_sort_follows_the_request_language_with_fallback(api_client, db):
    a = PortfolioProjectFactory(title_ru="А", title_kk="Я")
    b = PortfolioProjectFactory(title_ru="Б", title_kk="")  # sorts by its Russian title in Kazakh
    c = PortfolioProjectFactory(title_ru="В", title_kk="А")
    sort = {"sort": "title", "order": "asc"}

    assert ids(api_client.get(URL, sort, HTTP_ACCEPT_LANGUAGE="kz")) == [c.pk, b.pk, a.pk]
    assert ids(api_client.get(URL, sort, HTTP_ACCEPT_LANGUAGE="ru")) == [a.pk, b.pk, c.pk]


def test_per_page_defaults_to_10_and_is_clamped_to_100(api_client, db):
    PortfolioProjectFactory.create_batch(12)

    default = api_client.get(URL).json()["data"]
    clamped = api_client.get(URL, {"per_page": 1000}).json()["data"]
    five = api_client.get(URL, {"per_page": 5, "page": 3}).json()["data"]
    past = api_client.get(URL, {"page": 9}).json()["data"]

    assert len(default["projects"]) == 10 and default["pagination"]["pages"] == 2
    assert clamped["pagination"]["per_page"] == 100 and len(clamped["projects"]) == 12
    assert five["pagination"] == {
        "page": 3,
        "pages": 3,
        "per_page": 5,
        "total": 12,
        "has_next": False,
        "has_prev": True,
    }
    assert len(five["projects"]) == 2
    assert past["projects"] == [] and past["pagination"]["total"] == 12


@pytest.mark.parametrize(
    ("accept_language", "title", "description", "alt"),
    [
        ("ru", "Спальня", "Описание", "Кровать"),
        ("kz", "Жатын бөлме", "Сипаттама", "Төсек"),
        ("kk", "Жатын бөлме", "Сипаттама", "Төсек"),
        ("ky", "Уктоочу бөлмө", "Сүрөттөмө", "Керебет"),
    ],
)
def test_text_is_answered_in_the_request_language(api_client, db, accept_language, title, description, alt):
    project = PortfolioProjectFactory(
        title_ru="Спальня",
        title_kk="Жатын бөлме",
        title_ky="Уктоочу бөлмө",
        description_ru="Описание",
        description_kk="Сипаттама",
        description_ky="Сүрөттөмө",
    )
    PortfolioImageFactory(project=project, alt_ru="Кровать", alt_kk="Төсек", alt_ky="Керебет", is_primary=True)

    response = api_client.get(f"{URL}/{project.pk}", HTTP_ACCEPT_LANGUAGE=accept_language)

    data = response.json()["data"]
    assert (data["title"], data["description"], data["images"][0]["alt"]) == (title, description, alt)


def test_a_missing_translation_falls_back_to_russian(api_client, db):
    project = PortfolioProjectFactory(title_ru="Кухня с фрезеровкой", title_ky="", description_ky=None)

    data = api_client.get(f"{URL}/{project.pk}", HTTP_ACCEPT_LANGUAGE="ky").json()["data"]

    assert data["title"] == "Кухня с фрезеровкой"
    assert data["description"] == project.description_ru


def test_detail_answers_the_envelope(api_client, db):
    project = PortfolioProjectFactory()

    response = api_client.get(f"{URL}/{project.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True and set(body["data"]) == PROJECT_FIELDS and body["data"]["id"] == project.pk


@pytest.mark.parametrize("status", ["draft", "archived"])
@pytest.mark.parametrize(
    ("role", "visible"), [("anonymous", False), ("user", False), ("manager", True), ("admin", True)]
)
def test_unpublished_project_is_404_unless_staff(as_role, db, status, role, visible):
    project = PortfolioProjectFactory(status=status)

    response = as_role(role).get(f"{URL}/{project.pk}")

    if visible:
        assert response.status_code == 200 and response.json()["data"]["status"] == status
    else:
        assert_error(response, 404, "NOT_FOUND")


def test_unknown_project_is_404(api_client, db):
    assert_error(api_client.get(f"{URL}/424242"), 404, "NOT_FOUND")


def test_a_get_with_a_json_content_type_and_no_body_is_fine(api_client, db):
    # The v2.0.0 Python client sends Content-Type: application/json on every request.
    PortfolioProjectFactory()
    response = api_client.get(URL, {"per_page": 5}, CONTENT_TYPE="application/json")
    assert response.status_code == 200 and len(ids(response)) == 1


# --- Writing -----------------------------------------------------------------------------------


def test_create_with_the_v2_example_body(admin_client):
    body = {
        "title": "Новый проект",
        "description": "Описание нового проекта",
        "category": "web",
        "status": "draft",
        "technologies": ["React", "Node.js", "MongoDB"],
        "client": "Новый клиент",
        "project_url": "https://newproject.com",
    }

    response = admin_client.post(URL, body, format="json")

    assert response.status_code == 201, response.content
    payload = response.json()
    assert payload["success"] is True
    assert payload["message"] == "Проект успешно создан"
    assert payload["timestamp"].endswith("Z")
    data = payload["data"]
    assert set(data) == PROJECT_FIELDS
    assert {k: data[k] for k in body} == body
    assert data["images"] == [] and data["completion_date"] is None
    project = PortfolioProject.objects.get(pk=data["id"])
    assert project.title_ru == "Новый проект" and not project.title_kk


def test_new_projects_are_drafts_by_default(admin_client, api_client):
    response = admin_client.post(URL, {"title": "Гардероб", "category": "custom-furniture"}, format="json")

    assert response.json()["data"]["status"] == "draft"
    assert_error(api_client.get(f"{URL}/{response.json()['data']['id']}"), 404, "NOT_FOUND")


def test_create_message_is_translated(admin_client):
    response = admin_client.post(
        URL,
        {"title": "Ас үй", "translations": {"ru": {"title": "Кухня"}}, "category": "kitchens"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="kz",
    )
    assert response.status_code == 201, response.content
    assert response.json()["message"] not in ("Проект успешно создан", "Project created successfully")
    assert response.json()["data"]["title"] == "Ас үй"


def test_title_and_description_are_stored_in_the_request_language(admin_client):
    response = admin_client.post(
        URL,
        {
            "title": "Балалар бөлмесі",
            "description": "Жас ерекшелігіне қарай аймақтарға бөлінген.",
            "category": "children-rooms",
            "translations": {
                "ru": {"title": "Детская", "description": "Зонирование по возрасту."},
                "ky": {"title": "Балдар бөлмөсү"},
            },
        },
        format="json",
        HTTP_ACCEPT_LANGUAGE="kz",
    )

    assert response.status_code == 201, response.content
    project = PortfolioProject.objects.get(pk=response.json()["data"]["id"])
    assert (project.title_ru, project.title_kk, project.title_ky) == ("Детская", "Балалар бөлмесі", "Балдар бөлмөсү")
    assert project.description_kk == "Жас ерекшелігіне қарай аймақтарға бөлінген."
    assert project.description_ru == "Зонирование по возрасту."


def test_a_project_needs_a_russian_title(admin_client):
    response = admin_client.post(
        URL, {"title": "Ас үй", "category": "kitchens"}, format="json", HTTP_ACCEPT_LANGUAGE="kz"
    )

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["title"]
    assert not PortfolioProject.objects.exists()


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"title", "category"}),
        ({"title": "", "category": "kitchens"}, {"title"}),
        ({"title": "Т" * 201, "category": "kitchens"}, {"title"}),
        ({"title": "Кухня", "category": "Кухни"}, {"category"}),
        ({"title": "Кухня", "category": "kitchens", "status": "published"}, {"status"}),
        ({"title": "Кухня", "category": "kitchens", "technologies": "дуб, Blum"}, {"technologies"}),
        ({"title": "Кухня", "category": "kitchens", "technologies": ["x" * 101]}, {"technologies"}),
        ({"title": "Кухня", "category": "kitchens", "project_url": "javascript:alert(1)"}, {"project_url"}),
        ({"title": "Кухня", "category": "kitchens", "completion_date": "15.12.2024"}, {"completion_date"}),
        ({"title": "Кухня", "category": "kitchens", "image_ids": ["a"]}, {"image_ids"}),
        ({"title": "Кухня", "category": "kitchens", "translations": {"en": {"title": "Kitchen"}}}, set()),
    ],
)
def test_invalid_bodies_are_422_naming_the_field(admin_client, body, fields):
    response = admin_client.post(URL, body, format="json")

    if not fields:  # unknown languages in translations are ignored, like any unknown key
        assert response.status_code == 201
        return
    error = assert_error(response, 422, "VALIDATION_ERROR")
    assert {key.split(".")[0] for key in error["error"]["details"]} == fields  # `technologies.0`: dotted
    assert not PortfolioProject.objects.exists()


def test_technologies_are_trimmed_and_deduplicated(admin_client):
    response = admin_client.post(
        URL,
        {"title": "Кухня", "category": "kitchens", "technologies": [" массив дуба ", "Blum", "Blum", ""]},
        format="json",
    )
    assert response.json()["data"]["technologies"] == ["массив дуба", "Blum"]


def test_image_ids_attach_uploads_in_order(admin_client):
    first, second, third = (UploadedFileFactory() for _ in range(3))

    response = admin_client.post(
        URL,
        {"title": "Кухня", "category": "kitchens", "image_ids": [second.pk, first.pk, third.pk]},
        format="json",
    )

    assert response.status_code == 201, response.content
    images = response.json()["data"]["images"]
    assert [i["id"] for i in images] == [second.pk, first.pk, third.pk]
    assert [i["is_primary"] for i in images] == [True, False, False]
    assert images[0]["url"] == f"http://testserver/media/{second.file.name}"


def test_the_cover_can_be_chosen(admin_client):
    first, second = UploadedFileFactory(), UploadedFileFactory()

    response = admin_client.post(
        URL,
        {"title": "Кухня", "category": "kitchens", "image_ids": [first.pk, second.pk], "primary_image_id": second.pk},
        format="json",
    )

    assert [i["is_primary"] for i in response.json()["data"]["images"]] == [False, True]


@pytest.mark.parametrize("problem", ["missing", "document", "avatar", "taken"])
def test_only_free_portfolio_uploads_can_be_attached(admin_client, problem):
    if problem == "missing":
        file_id = 987654
    elif problem == "taken":
        file_id = PortfolioImageFactory().file_id
    else:
        file_id = UploadedFileFactory(category=problem, content=pdf_bytes() if problem == "document" else None).pk
    before = PortfolioProject.objects.count()

    response = admin_client.post(URL, {"title": "Кухня", "category": "kitchens", "image_ids": [file_id]}, format="json")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == ["image_ids"]
    assert PortfolioProject.objects.count() == before  # nothing half-created


def test_put_is_partial_and_writes_the_request_language(admin_client, db):
    project = PortfolioProjectFactory(status="draft")

    response = admin_client.put(
        f"{URL}/{project.pk}", {"title": "Обновленное название", "status": "active"}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"]["title"] == "Обновленное название"
    assert body["data"]["status"] == "active"
    project.refresh_from_db()
    assert project.title_ru == "Обновленное название"
    assert project.title_kk.startswith("Емен")  # untouched
    assert project.technologies == ["массив дуба", "натуральное масло", "Blum"]

    admin_client.patch(f"{URL}/{project.pk}", {"title": "Жаңа атау"}, format="json", HTTP_ACCEPT_LANGUAGE="kz")
    project.refresh_from_db()
    assert (project.title_ru, project.title_kk) == ("Обновленное название", "Жаңа атау")


def test_put_with_image_ids_replaces_the_images_and_keeps_the_cover(admin_client, db):
    project = PortfolioProjectFactory()
    a = PortfolioImageFactory(project=project, position=0)
    cover = PortfolioImageFactory(project=project, position=1, is_primary=True)
    new = UploadedFileFactory()

    response = admin_client.put(f"{URL}/{project.pk}", {"image_ids": [new.pk, cover.file_id]}, format="json")

    images = response.json()["data"]["images"]
    assert [(i["id"], i["is_primary"]) for i in images] == [(new.pk, False), (cover.file_id, True)]
    assert not PortfolioImage.objects.filter(pk=a.pk).exists()
    assert PortfolioImage.objects.get(pk=cover.pk).alt_ru == "Общий вид комнаты"  # kept with its text


def test_image_ids_round_trip_unchanged(admin_client, db):
    project = PortfolioProjectFactory()
    PortfolioImageFactory(project=project, position=0)
    PortfolioImageFactory(project=project, position=1, is_primary=True)
    before = admin_client.get(f"{URL}/{project.pk}").json()["data"]["images"]

    after = admin_client.put(f"{URL}/{project.pk}", {"image_ids": [i["id"] for i in before]}, format="json").json()[
        "data"
    ]["images"]

    assert after == before


def test_an_empty_image_list_removes_the_images(admin_client, db):
    project = PortfolioProjectFactory()
    PortfolioImageFactory(project=project, is_primary=True)

    response = admin_client.patch(f"{URL}/{project.pk}", {"image_ids": []}, format="json")

    assert response.json()["data"]["images"] == []


def test_update_unknown_project_is_404(admin_client, db):
    assert_error(admin_client.put(f"{URL}/424242", {"title": "x"}, format="json"), 404, "NOT_FOUND")


def test_delete_is_204_and_removes_the_images(admin_client, db, settings, django_capture_on_commit_callbacks):
    image = PortfolioImageFactory()
    path = settings.MEDIA_ROOT / image.file.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"{URL}/{image.project_id}")

    assert response.status_code == 204 and response.content == b""
    assert not PortfolioProject.objects.exists()
    assert not PortfolioImage.objects.exists()
    assert not path.exists()


# --- Who may do what ---------------------------------------------------------------------------

ROLE_MATRIX = [
    # role, read list/detail, write
    ("anonymous", 200, 401),
    ("user", 200, 403),
    ("api_key:user", 200, 403),
    ("manager", 200, None),
    ("admin", 200, None),
    ("api_key:admin", 200, None),
]


@pytest.mark.parametrize(("role", "read", "write"), ROLE_MATRIX)
def test_role_matrix(as_role, db, role, read, write):
    client = as_role(role)
    project = PortfolioProjectFactory()
    codes = {401: "AUTHENTICATION_REQUIRED", 403: "PERMISSION_DENIED"}

    assert client.get(URL).status_code == read
    assert client.get(f"{URL}/{project.pk}").status_code == read

    create = client.post(URL, {"title": "Шкаф", "category": "custom-furniture"}, format="json")
    put = client.put(f"{URL}/{project.pk}", {"title": "Шкаф-купе"}, format="json")
    patch = client.patch(f"{URL}/{project.pk}", {"status": "archived"}, format="json")
    delete = client.delete(f"{URL}/{project.pk}")
    if write is None:
        assert (create.status_code, put.status_code, patch.status_code, delete.status_code) == (201, 200, 200, 204)
    else:
        for response in (create, put, patch, delete):
            assert_error(response, write, codes[write])
        project.refresh_from_db()
        assert project.title_ru.startswith("Детская") and project.status == "active"


# --- Queries -----------------------------------------------------------------------------------


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "manager"])
def test_list_queries_do_not_grow_with_projects_or_images(as_role, db, role):
    client = as_role(role)
    for _ in range(2):
        PortfolioImageFactory(is_primary=True)
    few = _count_queries(client, f"{URL}?per_page=100")

    for _ in range(15):
        project = PortfolioProjectFactory()
        for position in range(4):
            PortfolioImageFactory(project=project, position=position, is_primary=position == 0)
    many = _count_queries(client, f"{URL}?per_page=100")

    assert many == few
    assert len(client.get(f"{URL}?per_page=100").json()["data"]["projects"]) == 17


def test_detail_queries_do_not_grow_with_images(api_client, db):
    project = PortfolioProjectFactory()
    PortfolioImageFactory(project=project, is_primary=True)
    few = _count_queries(api_client, f"{URL}/{project.pk}")
    for position in range(1, 8):
        PortfolioImageFactory(project=project, position=position)
    assert _count_queries(api_client, f"{URL}/{project.pk}") == few
