"""Content negotiation (apps/core/negotiation.py): the shortcut answers what DRF answers."""

import pytest
from django.http import Http404
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from apps.core.negotiation import ContentNegotiation
from apps.core.renderers import UTF8JSONRenderer

ACCEPTS = [
    None,
    "*/*",
    "application/json",
    "application/json; indent=4",
    "application/*",
    "text/html, */*;q=0.8",
    "application/json;q=0.5, */*;q=0.1",
    "",
    "text/html",
    "application/xml",
]


def _request(accept, query=""):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    return Request(APIRequestFactory().get(f"/api/v1/health{query}", **headers))


def _answer(negotiation, request, renderers, format_suffix=None):
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, format_suffix)
    except NotAcceptable:
        return "406"
    except Http404:  # a `?format=` no renderer has
        return "404"
    return type(renderer), media_type


@pytest.mark.parametrize("accept", ACCEPTS)
@pytest.mark.parametrize("query", ["", "?format=json", "?format=api", "?page=2"])
@pytest.mark.parametrize("renderer_classes", [[UTF8JSONRenderer], [JSONRenderer, BrowsableAPIRenderer]])
def test_same_answer_as_drf(accept, query, renderer_classes):
    renderers = [cls() for cls in renderer_classes]
    ours = _answer(ContentNegotiation(), _request(accept, query), renderers)
    drf = _answer(DefaultContentNegotiation(), _request(accept, query), renderers)
    assert ours == drf


@pytest.mark.parametrize("suffix", ["json", "api"])
def test_a_format_suffix_is_drfs(suffix):
    renderers = [UTF8JSONRenderer()]
    ours = _answer(ContentNegotiation(), _request("*/*"), renderers, suffix)
    assert ours == _answer(DefaultContentNegotiation(), _request("*/*"), renderers, suffix)


def test_the_shortcut_is_taken_for_the_common_requests(monkeypatch):
    """Missing, `*/*` and the renderer's own type never reach DRF's parsing."""

    def refuse(*args, **kwargs):
        raise AssertionError("DRF's negotiation was asked")

    monkeypatch.setattr(DefaultContentNegotiation, "select_renderer", refuse)
    renderer = UTF8JSONRenderer()
    for accept in (None, "*/*", "application/json"):
        assert ContentNegotiation().select_renderer(_request(accept), [renderer]) == (renderer, "application/json")
    with pytest.raises(AssertionError):
        ContentNegotiation().select_renderer(_request("text/html"), [renderer])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "status"), [(None, 200), ("*/*", 200), ("application/json", 200), ("text/csv", 406)]
)
def test_through_an_endpoint(api_client, accept, status):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    response = api_client.get("/api/v1/health", **headers)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
