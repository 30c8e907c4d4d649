"""CORS (contract §1) and the two spellings of Kazakh."""

import pytest

from tests.conftest import assert_error

ORIGIN = "https://baimuras.space"


def preflight(client, origin: str, path: str = "/api/v1/users"):
    return client.options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="DELETE",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, x-api-key",
    )


def split(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",")}


def test_preflight_from_the_site_is_allowed(api_client, db):
    response = preflight(api_client, ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert {"get", "post", "put", "patch", "delete", "options"} <= split(response["Access-Control-Allow-Methods"])
    assert {"authorization", "content-type", "x-api-key"} <= split(response["Access-Control-Allow-Headers"])
    assert response["Access-Control-Max-Age"] == "86400"


def test_preflight_for_a_webhook_path_is_answered_too(api_client, db):
    response = preflight(api_client, ORIGIN, "/webhooks/x")
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_preflight_from_another_origin_gets_no_allow_origin(api_client, db):
    response = preflight(api_client, "https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_actual_request_exposes_the_rate_limit_headers(api_client, db):
    response = api_client.get("/api/v1/health", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    exposed = split(response["Access-Control-Expose-Headers"])
    assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "retry-after"} <= exposed


def test_error_answers_carry_cors_headers(api_client, db):
    response = api_client.get("/api/v1/does-not-exist", HTTP_ORIGIN=ORIGIN)
    assert_error(response, 404, "NOT_FOUND")
    assert response["Access-Control-Allow-Origin"] == ORIGIN


def test_site_pages_are_not_cors_enabled(client, db):
    response = client.get("/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


# --- Languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "ru"),
        ("ru", "ru"),
        ("kz", "kk"),
        ("kk", "kk"),
        ("kz-KZ", "kk"),
        ("KZ", "kk"),
        ("en-US,kz;q=0.8", "kk"),
        ("ky", "ky"),
        ("de", "ru"),
    ],
)
def test_language_from_accept_language(api_client, db, accept, expected):
    response = api_client.get("/api/v1/health", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 200
    assert response["Content-Language"] == expected


@pytest.mark.parametrize("accept", ["kz", "kk"])
def test_error_answers_name_their_language(api_client, db, accept):
    # The JSON 404 replaces Django's page but keeps the language it was answered in.
    response = api_client.get("/api/v1/does-not-exist", HTTP_ACCEPT_LANGUAGE=accept)
    assert_error(response, 404, "NOT_FOUND")
    assert response["Content-Language"] == "kk"


def test_kazakh_html_page_says_lang_kk(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="kz")
    assert response.status_code == 200
    assert response["Content-Language"] == "kk"
    assert b'<html lang="kk">' in response.content


def test_language_cookie_kz_is_kazakh(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kz"
    response = client.get("/")
    assert response["Content-Language"] == "kk"


def test_kazakh_messages_differ_from_russian(api_client, db):
    ru = api_client.post("/api/v1/auth/login", {}, format="json", HTTP_ACCEPT_LANGUAGE="ru").json()
    kk = api_client.post("/api/v1/auth/login", {}, format="json", HTTP_ACCEPT_LANGUAGE="kz").json()
    assert ru["error"]["details"]["email"] == ["Обязательное поле."]
    assert kk["error"]["details"]["email"] != ru["error"]["details"]["email"]
