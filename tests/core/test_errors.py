"""One error shape under /api/ and /webhooks/, for every status and in any settings (contract §1)."""

import json

import pytest

from apps.core.exceptions import error_json_response
from tests.accounts.factories import UserFactory
from tests.conftest import assert_error, bearer_client
from tests.core.urls import SECRET

JSON_UTF8 = "application/json; charset=utf-8"


@pytest.mark.parametrize("path", ["/api/v1/does-not-exist", "/api/nothing/here", "/api", "/webhooks/x"])
def test_unknown_path_is_json_404(client, db, path):
    response = client.get(path)
    assert_error(response, 404, "NOT_FOUND")
    assert response["Content-Type"] == JSON_UTF8


@pytest.mark.parametrize("path", ["/api/v1/does-not-exist", "/webhooks/x"])
def test_unknown_path_is_json_404_with_debug_on(client, db, settings, path):
    settings.DEBUG = True
    response = client.get(path)
    body = assert_error(response, 404, "NOT_FOUND")
    assert response["Content-Type"] == JSON_UTF8
    assert b"<html" not in response.content.lower()
    assert "urlpatterns" not in json.dumps(body)


def test_unknown_site_path_stays_html(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.urls("tests.core.urls")
@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("path", ["/api/v1/test/explode", "/api/v1/test/explode-plain", "/webhooks/test/explode-plain"])
def test_unexpected_exception_is_json_500_without_traceback(client, db, settings, caplog, debug, path):
    settings.DEBUG = debug
    response = client.get(path)
    body = assert_error(response, 500, "INTERNAL_ERROR")
    assert response["Content-Type"] == JSON_UTF8
    assert body["error"]["details"] == {}
    for leak in (SECRET, "Traceback", "RuntimeError", 'File "'):
        assert leak not in response.content.decode()
    # ...but the operator sees what happened.
    assert any(record.exc_info and SECRET in str(record.exc_info[1]) for record in caplog.records)


def test_method_not_allowed_names_the_allowed_methods(api_client, db):
    response = api_client.delete("/api/v1/auth/login")
    body = assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "DELETE" in body["error"]["message"]
    allowed = {method.strip() for method in response["Allow"].split(",")}
    assert "POST" in allowed
    assert "DELETE" not in allowed


def test_malformed_json_is_400(api_client, db):
    response = api_client.post("/api/v1/auth/login", data='{"email": "a@b.kz", ', content_type="application/json")
    body = assert_error(response, 400, "BAD_REQUEST")
    assert body["error"]["details"] == {}
    assert response["Content-Type"] == JSON_UTF8


def test_text_plain_body_is_415(api_client, db):
    response = api_client.post("/api/v1/auth/login", data="email=a@b.kz", content_type="text/plain")
    body = assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert "text/plain" in body["error"]["message"]


def test_validation_error_is_422_with_details_per_field(api_client, db):
    response = api_client.post("/api/v1/auth/login", data={"email": "not-an-email"}, format="json")
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"email", "password"}
    assert all(isinstance(m, str) for messages in body["error"]["details"].values() for m in messages)


def test_missing_credentials_is_401_with_www_authenticate(api_client, db):
    response = api_client.get("/api/v1/users")
    assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    assert "WWW-Authenticate" in response


def test_missing_credentials_on_a_view_without_authenticators_is_still_401(api_client, db):
    # DRF turns NotAuthenticated into 403 when a view has no authenticators; the contract says 401.
    response = api_client.post("/api/v1/auth/refresh", data={}, format="json")
    assert_error(response, 401, "AUTHENTICATION_REQUIRED")
    assert "WWW-Authenticate" in response


def test_bad_token_is_401_invalid_token(api_client, db):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_error(api_client.get("/api/v1/auth/profile"), 401, "INVALID_TOKEN")


def test_wrong_role_is_403(as_role):
    assert_error(as_role("user").get("/api/v1/users"), 403, "PERMISSION_DENIED")


def test_json_answers_are_utf8_and_cyrillic_is_not_escaped(db):
    user = UserFactory(name="Айгерим Сейткали")
    response = bearer_client(user).get("/api/v1/auth/profile")
    assert response.status_code == 200
    assert response["Content-Type"] == JSON_UTF8
    assert "Айгерим Сейткали".encode() in response.content
    assert b"\\u04" not in response.content
    assert response.json()["name"] == "Айгерим Сейткали"


def test_error_bodies_keep_cyrillic_unescaped(api_client, db):
    # Russian is the default language: DRF's own messages come back in Russian.
    response = api_client.post("/api/v1/auth/login", data={}, format="json")
    assert_error(response, 422, "VALIDATION_ERROR")
    assert b"\\u04" not in response.content
    assert "Обязательное поле." in response.json()["error"]["details"]["email"]


def test_middleware_error_response_keeps_cyrillic_unescaped():
    response = error_json_response(422, message="Ошибка валидации данных", details={"email": ["Неверный email"]})
    assert response["Content-Type"] == JSON_UTF8
    assert "Ошибка валидации данных".encode() in response.content
    assert json.loads(response.content)["error"]["details"] == {"email": ["Неверный email"]}


@pytest.mark.parametrize(
    "content_type", ["application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]
)
def test_body_over_the_limit_is_413(api_client, db, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"email": "' + "a" * 2000 + '@example.com", "password": "x"}'
    response = api_client.post("/api/v1/auth/login", data=body, content_type=content_type)
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert "X-RateLimit-Limit" in response
    assert response["Content-Language"] == "ru"


def test_body_within_the_limit_is_read(api_client, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_client.post("/api/v1/auth/login", {"email": "nobody@example.com", "password": "x"}, format="json")
    assert_error(response, 401, "INVALID_CREDENTIALS")


def test_django_refusing_a_big_body_is_413_not_500():
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    from apps.core.exceptions import api_exception_handler

    response = api_exception_handler(RequestDataTooBig("too big"), {})
    assert response.status_code == 413
    assert response.data["error"]["code"] == "PAYLOAD_TOO_LARGE"
    response = api_exception_handler(TooManyFieldsSent("too many"), {})
    assert response.status_code == 400
    assert response.data["error"]["code"] == "BAD_REQUEST"


def test_unexpected_exception_in_the_handler_is_500_without_detail():
    from apps.core.exceptions import api_exception_handler

    response = api_exception_handler(KeyError("secret"), {})
    assert response.status_code == 500
    assert response.data["error"] == {
        "code": "INTERNAL_ERROR",
        "message": response.data["error"]["message"],
        "details": {},
    }
    assert "secret" not in str(response.data)


def test_not_acceptable_is_still_json(api_client, db):
    response = api_client.get("/api/v1/health", HTTP_ACCEPT="text/html")
    assert_error(response, 406, "NOT_ACCEPTABLE")
    assert response["Content-Type"] == JSON_UTF8
