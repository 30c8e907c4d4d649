"""Each process's own copy of the public content (apps/core/content_cache.py, `local=True`): no trip
to the shared cache while it is fresh, an edit in this process shows at once, an edit made by any
other process within CONTENT_CACHE_LOCAL_SECONDS, and the copy stays bounded."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client

from apps.core import content_cache
from apps.site import pagecache

pytestmark = pytest.mark.django_db


class CountingCache:
    """Counts the reads that reach the shared cache."""

    def __init__(self, monkeypatch):
        self.reads = 0
        original = cache.get_many

        def get_many(keys, *args, **kwargs):
            self.reads += 1
            return original(keys, *args, **kwargs)

        monkeypatch.setattr(cache, "get_many", get_many)


def test_a_fresh_local_copy_answers_without_the_shared_cache(monkeypatch, settings):
    settings.CONTENT_CACHE_LOCAL_SECONDS = 60
    assert Client().get("/about")["X-Page-Cache"] == "miss"
    counting = CountingCache(monkeypatch)
    for _ in range(3):
        assert Client().get("/about")["X-Page-Cache"] == "hit"
    assert counting.reads == 0


def test_another_processs_edit_shows_once_the_local_copy_is_stale(settings, monkeypatch):
    settings.CONTENT_CACHE_LOCAL_SECONDS = 0.3
    clock = [1000.0]  # the process's copy is timed by this clock, not by how fast the machine is
    monkeypatch.setattr(content_cache, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    first = Client().get("/about")
    assert Client().get("/about")["X-Page-Cache"] == "hit"
    # Another process saved a page: it moved the version on in the shared cache, not in this process.
    cache.set("content:version", 12345, timeout=None)
    clock[0] += 0.29
    assert Client().get("/about")["X-Page-Cache"] == "hit"  # within the second this process trusts its copy
    clock[0] += 0.02
    response = Client().get("/about")
    assert response["X-Page-Cache"] == "miss"
    assert response.content == first.content


def test_without_a_local_window_every_request_asks_the_shared_cache(monkeypatch, settings):
    settings.CONTENT_CACHE_LOCAL_SECONDS = 0
    Client().get("/about")
    counting = CountingCache(monkeypatch)
    assert Client().get("/about")["X-Page-Cache"] == "hit"
    assert counting.reads == 1
    cache.set("content:version", 777, timeout=None)
    assert Client().get("/about")["X-Page-Cache"] == "miss"


def test_the_local_copy_is_bounded(settings):
    settings.CONTENT_CACHE_LOCAL_ENTRIES = 2
    for path in ("/about", "/portfolio", "/blog", "/services"):
        Client().get(path)
    assert len(content_cache._local.entries) == 2


def test_the_anonymous_portfolio_api_comes_from_the_local_copy_too(monkeypatch, settings, api_client):
    settings.CONTENT_CACHE_LOCAL_SECONDS = 60
    first = api_client.get("/api/v1/portfolio/projects")
    counting = CountingCache(monkeypatch)
    second = api_client.get("/api/v1/portfolio/projects")
    assert counting.reads == 0
    assert second.json()["data"] == first.json()["data"]
    assert second["X-RateLimit-Remaining"] != first["X-RateLimit-Remaining"]  # still counted


def test_a_page_rendered_in_another_language_than_foreseen_is_not_kept(monkeypatch):
    # Should the negotiation ever differ from the key's language, the page is not kept under that key.
    monkeypatch.setattr(pagecache, "_language", lambda request: "kk")
    assert Client().get("/about", HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"
    response = Client().get("/about", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.get("X-Page-Cache") is None  # rendered again, and again not kept


@pytest.mark.parametrize(
    ("headers", "cookie", "query", "language"),
    [
        ({"HTTP_ACCEPT_LANGUAGE": "kz"}, None, "", "kk"),
        ({}, "kz", "", "kk"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,ky;q=0.9,ru;q=0.8"}, None, "", "ky"),
        ({"HTTP_ACCEPT_LANGUAGE": "de"}, None, "", "ru"),
        ({"HTTP_ACCEPT_LANGUAGE": "kk"}, None, "?lang=xx", "kk"),
        ({"HTTP_ACCEPT_LANGUAGE": "kk"}, "ky", "", "ky"),
        ({"HTTP_ACCEPT_LANGUAGE": "kk"}, "ky", "?lang=ru", "ru"),
    ],
)
def test_the_cached_page_is_in_the_language_the_full_stack_negotiates(headers, cookie, query, language):
    for code in ("ru", "kk", "ky"):  # every language in the cache first
        Client().get(f"/about?lang={code}")
    answers = []
    for _ in range(2):  # the first may be rendered; the second comes from the cache
        client = Client()
        if cookie:
            client.cookies["django_language"] = cookie
        answers.append(client.get(f"/about{query}", **headers))
    assert answers[1]["X-Page-Cache"] == "hit"
    for answer in answers:
        assert answer["Content-Language"] == language
        assert f'<html lang="{language}">' in answer.content.decode()
