"""POST /set-language/<language> (contract §12): ru, kz, kk, ky; anything else 404."""

import json

import pytest

from apps.accounts.models import User

from .conftest import csrf_token_of, parse


@pytest.mark.parametrize(("code", "language", "json_code"), [("ru", "ru", "ru"), ("kz", "kk", "kz"),
                                                             ("kk", "kk", "kz"), ("ky", "ky", "ky")])  # fmt: skip
def test_a_json_request_switches_without_a_token(csrf_client, code, language, json_code):
    response = csrf_client.post(f"/set-language/{code}", data="{}", content_type="application/json")

    assert response.status_code == 200
    assert response.json() == {"success": True, "language": json_code}
    assert response.cookies["django_language"].value == language
    assert parse(csrf_client.get("/")).html_lang == language


@pytest.mark.parametrize("code", ["en", "de", "kaz", "xx"])
def test_any_other_language_is_404(client, code):
    assert client.post(f"/set-language/{code}").status_code == 404


def test_get_is_not_allowed(client):
    assert client.get("/set-language/kk").status_code == 405


def test_the_switcher_form_goes_back_to_the_page(csrf_client):
    token = csrf_token_of(csrf_client, "/services/kitchens")

    response = csrf_client.post(
        "/set-language/ky", {"csrfmiddlewaretoken": token, "next": "/services/kitchens?lang=kk&page=2"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/services/kitchens?page=2"  # its own ?lang= would undo the choice
    assert response.cookies["django_language"].value == "ky"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 3600


def test_without_next_it_goes_back_to_the_referer_on_this_site(client):
    response = client.post("/set-language/kk", HTTP_REFERER="http://testserver/about")
    assert response["Location"] == "http://testserver/about"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_it_never_redirects_to_another_site(client, next_url):
    response = client.post("/set-language/kk", {"next": next_url}, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == "/"


def test_a_form_post_without_the_token_is_refused(csrf_client):
    response = csrf_client.post("/set-language/kk", {"next": "/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


def test_every_page_has_the_switcher_as_links_for_an_anonymous_visitor(client):
    """Links with `?lang=`, not a form: the page has no CSRF token and can come from the page cache."""
    html = client.get("/about?lang=kk").content.decode()
    assert '<a href="http://testserver/about?lang=ru" hreflang="ru" lang="ru" title="Русский">' in html
    assert '<a href="http://testserver/about?lang=ky" hreflang="ky" lang="ky" title="Кыргызча">' in html
    assert 'hreflang="kk" lang="kk" title="Қазақша" aria-current="true"' in html
    assert "csrfmiddlewaretoken" not in html
    followed = client.get("/about?lang=ky")
    assert followed.cookies["django_language"].value == "ky"
    assert client.get("/about").headers["Content-Language"] == "ky"  # the cookie keeps the choice


def test_a_signed_in_user_gets_the_switcher_form_with_the_current_language_pressed(client, client_user):
    client.force_login(client_user)
    html = client.get("/about?lang=kk").content.decode()
    assert 'formaction="/set-language/ru"' in html
    assert 'formaction="/set-language/ky"' in html
    assert 'lang="kk" title="Қазақша" aria-pressed="true"' in html
    assert 'lang="ru" title="Русский" aria-pressed="false"' in html
    assert '<input type="hidden" name="next" value="/about?lang=kk">' in html


def test_a_signed_in_users_preference_follows_the_switch(client, client_user):
    client.force_login(client_user)
    client.post("/set-language/ky", data=json.dumps({}), content_type="application/json")
    client_user.refresh_from_db()
    assert client_user.language == "ky"
    assert User.objects.get(pk=client_user.pk).language == "ky"
