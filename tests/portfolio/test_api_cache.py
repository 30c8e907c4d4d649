"""The anonymous portfolio list from the shared cache: the same answer for every visitor of a
language until an editor changes something; never stale after an edit, never in the wrong
language, never a staff member's view (with drafts) shared."""

import pytest
from rest_framework.test import APIClient

from apps.portfolio.models import ProjectStatus
from tests.conftest import bearer_client
from tests.portfolio.factories import PortfolioProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/portfolio/projects"


def titles(response) -> list[str]:
    return [project["title"] for project in response.json()["data"]["projects"]]


def test_the_second_visitor_is_answered_from_the_cache_with_a_fresh_timestamp(committed, django_assert_num_queries):
    with committed():
        PortfolioProjectFactory.create_batch(3)
    first = APIClient().get(URL)
    with django_assert_num_queries(0):
        second = APIClient().get(URL)
    assert second.status_code == 200
    assert second.json()["data"] == first.json()["data"]
    assert "X-RateLimit-Remaining" in second  # the limits still count
    assert second.json()["success"] is True and second.json()["timestamp"] >= first.json()["timestamp"]


def test_an_edit_shows_at_once(committed):
    with committed():
        project = PortfolioProjectFactory(title_ru="Старое название")
    assert titles(APIClient().get(URL)) == ["Старое название"]
    project.title_ru = "Новое название"
    with committed():
        project.save()
    assert titles(APIClient().get(URL)) == ["Новое название"]

    project.status = ProjectStatus.DRAFT
    with committed():
        project.save()
    assert titles(APIClient().get(URL)) == []


def test_each_language_and_query_has_its_own_answer(committed):
    with committed():
        PortfolioProjectFactory(title_ru="Детская", title_kk="Балалар бөлмесі", category="montessori")
        PortfolioProjectFactory(title_ru="Кухня", title_kk="Ас үй", category="kitchen")
    assert sorted(titles(APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="ru"))) == ["Детская", "Кухня"]
    assert sorted(titles(APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="kk"))) == ["Ас үй", "Балалар бөлмесі"]
    assert titles(APIClient().get(URL, {"category": "kitchen"}, HTTP_ACCEPT_LANGUAGE="kk")) == ["Ас үй"]
    assert titles(APIClient().get(URL, {"category": "kitchen"}, HTTP_ACCEPT_LANGUAGE="ru")) == ["Кухня"]


def test_staff_see_drafts_and_their_answer_is_never_shared(manager, committed):
    manager_client = bearer_client(manager)
    with committed():
        PortfolioProjectFactory(title_ru="Опубликован")
        PortfolioProjectFactory(title_ru="Черновик", status=ProjectStatus.DRAFT)
    assert sorted(titles(manager_client.get(URL))) == ["Опубликован", "Черновик"]
    assert titles(APIClient().get(URL)) == ["Опубликован"]
    assert sorted(titles(manager_client.get(URL))) == ["Опубликован", "Черновик"]


def test_bad_filters_are_still_refused():
    APIClient().get(URL)
    response = APIClient().get(URL, {"sort": "price"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
