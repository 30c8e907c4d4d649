"""The layout's context processor: made once per request and language (Django asks it again for
every template rendered with the request), and still right in each language."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from apps.site import context_processors


def test_made_once_per_request_and_language(monkeypatch):
    made = []
    real = context_processors._site
    monkeypatch.setattr(
        context_processors, "_site", lambda request, current: made.append(current) or real(request, current)
    )
    request = RequestFactory().get("/portfolio?utm_source=x", HTTP_HOST="testserver")

    with translation.override("ru"):
        first = context_processors.site(request)
        assert context_processors.site(request) is first
    with translation.override("kk"):
        kk = context_processors.site(request)

    assert made == ["ru", "kk"]
    assert [lang["code"] for lang in first["site_languages"] if lang["active"]] == ["ru"]
    assert kk["canonical_url"].endswith("lang=kk") and first["canonical_url"].endswith("lang=ru")
    assert context_processors.site(RequestFactory().get("/")) is not first  # a new request: made anew


@pytest.mark.django_db
def test_an_admin_page_asks_for_it_once(admin_client, monkeypatch):
    made = []
    real = context_processors._site
    monkeypatch.setattr(
        context_processors, "_site", lambda request, current: made.append(current) or real(request, current)
    )

    assert admin_client.get(reverse("admin:leads_lead_changelist")).status_code == 200

    assert len(made) == 1
