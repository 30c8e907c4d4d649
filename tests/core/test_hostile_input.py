"""What an attacker or a careless client sends gets the contract's 4xx, never a 500: numbers past
the database's range, JSON nested deep, lone surrogates, bodies too big for a form, a forged Host,
and a database that is down (503 SERVICE_UNAVAILABLE)."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from apps.core.jsonbody import MAX_JSON_DEPTH
from tests.conftest import assert_error

HUGE = "27413168773351534592"
LONE_SURROGATE_BODY = '{"name": "Иван \\ud800", "email": "ivan@example.com", "message": "Кухня \\udfff"}'


def deep_json(depth: int) -> str:
    return '{"name": ' + "[" * depth + "]" * depth + "}"


# --- Numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        (f"/api/v1/leads?assigned_to={HUGE}", "assigned_to"),
        (f"/api/leads?assigned_to={HUGE}", "assigned_to"),
        (f"/api/v1/projects?manager={HUGE}", "manager"),
        (f"/api/v1/leads?page={HUGE}", "page"),
        (f"/api/v1/users?per_page={HUGE}", "per_page"),
    ],
)
def test_a_huge_number_in_a_filter_is_422(as_role, path, field):
    response = as_role("api_key:admin").get(path)
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert list(body["error"]["details"]) == [field]


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/leads/{HUGE}",
        f"/api/v1/leads/{HUGE}/convert",
        f"/api/v1/projects/{HUGE}",
        f"/api/v1/consultations/{HUGE}",
        f"/api/consultations/{HUGE}",
        f"/api/v1/users/{HUGE}",
        f"/api/v1/files/{HUGE}",
        f"/api/v1/contact/messages/{HUGE}",
        f"/api/v1/portfolio/projects/{HUGE}",
    ],
)
def test_a_huge_id_in_a_path_is_404(as_role, path):
    response = as_role("api_key:admin").get(path)
    assert_error(response, 404, "NOT_FOUND")


def test_a_huge_id_in_a_body_is_422(as_role):
    body = {"name": "Иван", "email": "ivan@example.com", "assigned_to": int(HUGE)}
    response = as_role("api_key:admin").post("/api/v1/leads", body, format="json")
    assert_error(response, 422, "VALIDATION_ERROR")
    assert list(response.json()["error"]["details"]) == ["assigned_to"]


def test_a_huge_id_on_a_page_is_404(client, db):
    response = client.get(f"/portfolio/{HUGE}")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


# --- Deep JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_json_is_400_on_the_api(api_client, db, depth):
    response = api_client.post("/api/v1/contact/messages", data=deep_json(depth), content_type="application/json")
    body = assert_error(response, 400, "BAD_REQUEST")
    assert str(MAX_JSON_DEPTH) in body["error"]["message"]


def test_json_within_the_depth_limit_is_parsed(api_client, db):
    response = api_client.post("/api/v1/contact/messages", data=deep_json(3), content_type="application/json")
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert "name" in body["error"]["details"]


@pytest.mark.parametrize("path", ["/contact", "/consultation", "/register", "/login"])
def test_deeply_nested_json_is_400_on_the_site_forms(client, db, path):
    response = client.post(path, data=deep_json(1000), content_type="application/json")
    body = assert_error(response, 400, "BAD_REQUEST")
    assert str(MAX_JSON_DEPTH) in body["error"]["message"]


# --- Lone surrogates -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/contact/messages", "/api/leads", "/api/consultation", "/api/v1/auth/login"])
def test_a_lone_surrogate_is_400_on_the_api(api_client, db, path):
    response = api_client.post(path, data=LONE_SURROGATE_BODY, content_type="application/json")
    body = assert_error(response, 400, "BAD_REQUEST")
    assert "суррогат" in body["error"]["message"]


@pytest.mark.parametrize("path", ["/contact", "/consultation", "/register"])
def test_a_lone_surrogate_is_a_field_error_on_the_site_forms(client, db, path):
    response = client.post(path, data=LONE_SURROGATE_BODY, content_type="application/json")
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) == {"name", "message"}


def test_a_surrogate_pair_is_ordinary_text(client, db):
    body = '{"name": "Иван \\ud83d\\ude00", "email": "ivan@example.com", "message": "Кухня"}'
    response = client.post("/contact", data=body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["success"] is True


# --- Oversized bodies to the site's forms --------------------------------------------------------


@pytest.mark.parametrize("path", ["/contact", "/consultation", "/register", "/login"])
def test_a_json_body_over_the_limit_is_json_413_on_the_site_forms(client, db, settings, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"name": "x", "email": "ivan@example.com", "message": "a" * 5000})
    response = client.post(path, data=body, content_type="application/json")
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


# --- A forged Host -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/contact", "/portfolio", "/blog", "/no-such-page", "/admin/login/"])
def test_a_forged_host_on_a_page_is_the_html_400(client, db, caplog, path):
    response = client.get(path, HTTP_HOST="10.0.0.5")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "10.0.0.5" not in response.content.decode()
    # One warning from django.security, no traceback.
    assert not any(record.exc_info for record in caplog.records)


@pytest.mark.parametrize("path", ["/api/v1/leads", "/api/v1/health", "/api/leads", "/webhooks/health", "/api/nothing"])
def test_a_forged_host_on_the_api_is_json_400(client, db, path):
    response = client.get(path, HTTP_HOST="10.0.0.5")
    assert_error(response, 400, "BAD_REQUEST")


def test_a_forged_host_on_a_json_form_post_is_json_400(client, db):
    response = client.post(
        "/contact", data=json.dumps({"name": "x"}), content_type="application/json", HTTP_HOST="10.0.0.5"
    )
    assert_error(response, 400, "BAD_REQUEST")


# --- The database is down ------------------------------------------------------------------------


@pytest.fixture
def leads_database_down(monkeypatch):
    def fail(**kwargs):
        raise OperationalError("connection to server at 10.0.0.9, port 5432 failed: Connection refused")

    monkeypatch.setattr("apps.leads.selectors.lead_list", fail)
    monkeypatch.setattr("apps.site.views.contact_message_create", fail)
    monkeypatch.setattr("apps.leads.services.contact_message_create", fail)


def test_database_down_is_503_on_the_api(as_role, leads_database_down):
    response = as_role("api_key:admin").get("/api/v1/leads")
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert response["Retry-After"] == "30"
    assert "10.0.0.9" not in json.dumps(body)


def test_database_down_is_503_on_a_plain_django_view(api_client, db, leads_database_down):
    body = {"name": "Иван", "email": "ivan@example.com", "message": "Кухня"}
    response = api_client.post("/api/v1/contact/messages", body, format="json")
    assert_error(response, 503, "SERVICE_UNAVAILABLE")


def test_database_down_is_json_503_on_the_contact_form(db, leads_database_down):
    client = Client(raise_request_exception=False)
    body = json.dumps({"name": "Иван", "email": "ivan@example.com", "message": "Кухня"})
    response = client.post("/contact", data=body, content_type="application/json")
    assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert response["Retry-After"] == "30"


def test_database_down_is_the_html_503_on_a_page(db, monkeypatch):
    def fail(**kwargs):
        raise OperationalError("database is unreachable")

    monkeypatch.setattr("apps.site.views.contact_message_create", fail)
    client = Client(raise_request_exception=False, enforce_csrf_checks=False)
    response = client.post("/contact", {"name": "Иван", "email": "ivan@example.com", "message": "Кухня"})
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "unreachable" not in response.content.decode()
