"""Anonymous public API answers from the shared cache (apps/core/apicache.py), answered before the
stack below runs: still counted against the caller's rate limit, with a fresh timestamp and a log
line; never stale after an edit, never in the wrong language, never to a caller with credentials
(a revoked or invalid token still gets its 401), never without the CORS headers an Origin needs."""

import logging
from contextlib import contextmanager
from unittest import mock

import pytest
from django.test import Client
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts import services as account_services
from apps.core import apicache
from apps.portfolio.api import views as portfolio_views
from apps.portfolio.models import ProjectStatus
from tests.conftest import PASSWORD, bearer_client, login_tokens
from tests.portfolio.factories import PortfolioProjectFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/portfolio/projects"


@contextmanager
def spy(view):
    """Counts the calls of `view.get` (the real one runs)."""
    calls = []
    original = view.get

    def get(self, request, *args, **kwargs):
        calls.append(request.path)
        return original(self, request, *args, **kwargs)

    with mock.patch.object(view, "get", get):
        yield calls


def titles(response) -> list[str]:
    return [project["title"] for project in response.json()["data"]["projects"]]


def test_the_second_caller_gets_the_first_ones_answer_without_the_view(committed, django_assert_num_queries):
    with committed():
        PortfolioProjectFactory.create_batch(2)
    first = APIClient().get(URL)
    with (
        mock.patch.object(portfolio_views.PortfolioProjectListCreateApi, "get", side_effect=AssertionError),
        mock.patch.object(apicache, "utc_now_iso", return_value="2031-02-03T04:05:06Z"),
        django_assert_num_queries(0),
    ):
        second = APIClient().get(URL)
    assert second.status_code == 200
    assert second.json()["data"] == first.json()["data"]
    assert second.json()["timestamp"] == "2031-02-03T04:05:06Z"  # made afresh, not the first answer's
    assert second["Content-Length"] == str(len(second.content))
    for header in ("Content-Type", "Content-Language", "Vary", "Content-Security-Policy", "X-Content-Type-Options"):
        assert second[header] == first[header]


@pytest.fixture
def filled(committed):
    """A published project, the list and its page kept for anonymous callers."""
    with committed():
        project = PortfolioProjectFactory(title_ru="Кухня на Абая", title_kk="Абай көшесіндегі ас үй")
    assert APIClient().get(URL).status_code == 200
    assert APIClient().get(f"{URL}/{project.pk}").status_code == 200
    return project


def test_rate_limit_counts_every_shared_answer(settings):
    settings.RATELIMIT_ANON = "3/m"
    first = APIClient().get(URL)
    assert first["X-RateLimit-Remaining"] == "2"
    with mock.patch.object(portfolio_views.PortfolioProjectListCreateApi, "get", side_effect=AssertionError):
        assert APIClient().get(URL)["X-RateLimit-Remaining"] == "1"
        third = APIClient().get(URL)
    assert third["X-RateLimit-Remaining"] == "0"
    assert third["X-RateLimit-Limit"] == "3"
    assert int(third["X-RateLimit-Reset"]) >= int(first["X-RateLimit-Reset"])

    fourth = APIClient().get(URL)
    assert fourth.status_code == 429
    assert fourth.json()["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert fourth["X-RateLimit-Remaining"] == "0" and int(fourth["Retry-After"]) >= 1


def test_an_edit_shows_at_once_in_the_list_and_the_project(filled, committed):
    filled.title_ru = "Кухня на Абая, новая"
    with committed():
        filled.save()
    assert titles(APIClient().get(URL)) == ["Кухня на Абая, новая"]
    assert APIClient().get(f"{URL}/{filled.pk}").json()["data"]["title"] == "Кухня на Абая, новая"

    filled.status = ProjectStatus.DRAFT
    with committed():
        filled.save()
    assert titles(APIClient().get(URL)) == []
    assert APIClient().get(f"{URL}/{filled.pk}").status_code == 404


@pytest.mark.parametrize(
    ("headers", "language", "title"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "kk"}, "kk", "Абай көшесіндегі ас үй"),
        ({"HTTP_ACCEPT_LANGUAGE": "kz"}, "kk", "Абай көшесіндегі ас үй"),
        ({"HTTP_ACCEPT_LANGUAGE": "ru"}, "ru", "Кухня на Абая"),
        ({}, "ru", "Кухня на Абая"),
        ({"cookie": "kk"}, "kk", "Абай көшесіндегі ас үй"),
    ],
)
def test_each_caller_gets_their_language_whatever_was_kept_before(filled, headers, language, title):
    for code in ("ru", "kk", "ky"):
        APIClient().get(URL, HTTP_ACCEPT_LANGUAGE=code)
    client = APIClient()
    if cookie := headers.pop("cookie", None):
        client.cookies["django_language"] = cookie
    with mock.patch.object(portfolio_views.PortfolioProjectListCreateApi, "get", side_effect=AssertionError):
        response = client.get(URL, **headers)
    assert response["Content-Language"] == language
    assert titles(response) == [title]


def test_an_answer_in_another_language_than_foreseen_is_not_kept(filled):
    with (
        mock.patch.object(apicache, "translation", mock.Mock(get_language_from_request=lambda request: "ky")),
        spy(portfolio_views.PortfolioProjectListCreateApi) as calls,
    ):
        # Foreseen Kyrgyz, answered in Russian (Accept-Language): kept under neither.
        assert APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"
        assert APIClient().get(URL, HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"
    assert len(calls) == 2


def test_callers_with_credentials_are_never_answered_from_the_shared_copy(filled, manager, committed):
    with committed():
        draft = PortfolioProjectFactory(title_ru="Черновик", status=ProjectStatus.DRAFT)
    for path in (URL, f"{URL}/{draft.pk}"):  # what visitors see is kept again (the draft moved the version on)
        APIClient().get(path)
    assert titles(APIClient().get(URL)) == ["Кухня на Абая"]
    # A manager sees the draft, by JWT, by API key and by the session.
    assert sorted(titles(bearer_client(manager).get(URL))) == ["Кухня на Абая", "Черновик"]
    _key, raw = account_services.api_key_create(user=manager, name="tests")
    assert sorted(titles(APIClient().get(URL, HTTP_X_API_KEY=raw))) == ["Кухня на Абая", "Черновик"]
    session = Client()
    assert session.login(email=manager.email, password=PASSWORD)
    assert sorted(titles(session.get(URL))) == ["Кухня на Абая", "Черновик"]
    assert session.get(f"{URL}/{draft.pk}").status_code == 200

    # A revoked token, an unknown key, a broken header: their 401, not the shared answer.
    tokens = login_tokens(manager)
    account_services.auth_logout(session_id=AccessToken(tokens["access_token"])["sid"])
    for headers in (
        {"HTTP_AUTHORIZATION": f"Bearer {tokens['access_token']}"},
        {"HTTP_X_API_KEY": "bm_not-a-key"},
        {"HTTP_AUTHORIZATION": "Bearer"},
    ):
        response = APIClient().get(URL, **headers)
        assert response.status_code == 401, headers
        assert response.json()["success"] is False


def test_a_cross_origin_caller_gets_the_cors_headers(filled):
    response = APIClient().get(URL, HTTP_ORIGIN="https://baimuras.space")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "https://baimuras.space"


def test_only_json_callers_are_answered_from_the_shared_copy(filled):
    with spy(portfolio_views.PortfolioProjectListCreateApi) as calls:
        for accept in ("", "*/*", "application/json", "application/json; indent=2"):
            assert APIClient().get(URL, HTTP_ACCEPT=accept).status_code == 200
        assert calls == []
        # DRF negotiates that one itself: it has no HTML to give.
        assert APIClient().get(URL, HTTP_ACCEPT="text/html").status_code == 406


def test_a_shared_answer_is_still_logged(filled, caplog):
    caplog.set_level(logging.INFO, logger="baimuras.api")
    with mock.patch.object(portfolio_views.PortfolioProjectListCreateApi, "get", side_effect=AssertionError):
        APIClient().get(URL, HTTP_USER_AGENT="probe/1.0")
    line = next(r for r in caplog.records if r.name == "baimuras.api")
    assert line.fields["endpoint"] == URL
    assert line.fields["status"] == 200 and line.fields["user_agent"] == "probe/1.0"
    assert line.fields["user_id"] is None


def test_failures_and_other_answers_are_not_kept(filled):
    with (
        spy(portfolio_views.PortfolioProjectListCreateApi) as listing,
        spy(portfolio_views.PortfolioProjectDetailApi) as detail,
    ):
        for _ in range(2):
            assert APIClient().get(URL, {"sort": "price"}).status_code == 422
            assert APIClient().get(f"{URL}/999999").status_code == 404
    assert len(listing) == 2 and len(detail) == 2


def test_the_cache_down_means_answers_as_usual(filled):
    with mock.patch.object(apicache, "content_get", side_effect=ConnectionError("redis down")):
        response = APIClient().get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Кухня на Абая"]
