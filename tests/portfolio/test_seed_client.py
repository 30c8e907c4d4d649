"""The BaiMurasAPI class of the v2.0.0 document (seed 001) works unchanged against the API."""

import pytest

from apps.accounts.models import Role
from apps.portfolio.models import PortfolioProject
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

from .factories import PortfolioImageFactory, PortfolioProjectFactory
from .seed_client import SEED_DOCUMENT, Session, load_seed_client, seed_source

BASE_URL = "http://testserver/api/v1"
# The document's own example of a new project (§Создать новый проект).
NEW_PROJECT = {
    "title": "Новый проект",
    "description": "Описание нового проекта",
    "category": "web",
    "status": "draft",
    "technologies": ["React", "Node.js", "MongoDB"],
    "client": "Новый клиент",
    "project_url": "https://newproject.com",
}


@pytest.fixture
def BaiMurasAPI(monkeypatch):
    return load_seed_client(monkeypatch)


def token_for(role: str) -> str:
    """As the document says: POST /api/v1/auth/token with email and password."""
    user = UserFactory(role=role)
    response = Session().post(f"{BASE_URL}/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def test_the_class_is_the_documents_verbatim():
    if not SEED_DOCUMENT.exists():
        pytest.skip("the seed document is not on this machine")
    assert seed_source().rstrip() in SEED_DOCUMENT.read_text(encoding="utf-8")


def test_visitor_lists_projects(BaiMurasAPI, db):
    shown = PortfolioProjectFactory(category="kitchens")
    PortfolioImageFactory(project=shown, is_primary=True)
    PortfolioProjectFactory(status="draft")

    projects = BaiMurasAPI(BASE_URL).get_projects()

    assert projects["success"] is True
    assert [p["id"] for p in projects["data"]["projects"]] == [shown.pk]
    assert projects["data"]["projects"][0]["images"][0]["is_primary"] is True
    assert projects["data"]["pagination"]["per_page"] == 10


def test_the_documented_session_creates_then_lists(BaiMurasAPI, db):
    api = BaiMurasAPI(BASE_URL, token_for(Role.MANAGER))

    created = api.create_project(NEW_PROJECT)

    assert created["success"] is True
    assert created["message"] == "Проект успешно создан"
    assert created["data"]["title"] == "Новый проект"
    assert created["data"]["status"] == "draft"

    # The document's own call: api.get_projects(category='web', per_page=5)
    projects = api.get_projects(category="web", per_page=5)

    assert projects["success"] is True
    assert [p["id"] for p in projects["data"]["projects"]] == [created["data"]["id"]]
    assert projects["data"]["pagination"] == {
        "page": 1,
        "per_page": 5,
        "total": 1,
        "pages": 1,
        "has_next": False,
        "has_prev": False,
    }


def test_a_visitor_sees_the_new_project_once_published(BaiMurasAPI, db):
    api = BaiMurasAPI(BASE_URL, token_for(Role.ADMIN))
    created = api.create_project(NEW_PROJECT)["data"]
    visitor = BaiMurasAPI(BASE_URL)
    assert visitor.get_projects(category="web", per_page=5)["data"]["projects"] == []

    project = PortfolioProject.objects.get(pk=created["id"])
    project.status = "active"
    project.save()  # as the admin publishes it: the shared cache of the list moves on

    assert [p["id"] for p in visitor.get_projects(category="web", per_page=5)["data"]["projects"]] == [created["id"]]


def test_errors_come_back_in_the_shape_the_document_reads(BaiMurasAPI, db):
    client_api = BaiMurasAPI(BASE_URL, token_for(Role.USER))

    refused = client_api.create_project(NEW_PROJECT)
    bad_sort = client_api.get_projects(sort="price")
    bad_token = BaiMurasAPI(BASE_URL, "YOUR_TOKEN").get_projects(category="web", per_page=5)

    assert refused["success"] is False and refused["error"]["code"] == "PERMISSION_DENIED"
    assert bad_sort["error"]["code"] == "VALIDATION_ERROR" and "sort" in bad_sort["error"]["details"]
    assert bad_token["error"]["code"] == "INVALID_TOKEN"
    assert all(isinstance(r["error"]["message"], str) for r in (refused, bad_sort, bad_token))
    assert not PortfolioProject.objects.exists()
