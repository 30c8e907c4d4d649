"""One structured JSON line per API request (contract §10), never a secret."""

import json
import logging

import pytest

from apps.core.logs import JsonFormatter
from tests.conftest import PASSWORD, login_tokens

FIELDS = {"ip", "user_agent", "endpoint", "method", "status", "duration_ms", "user_id"}


@pytest.fixture
def api_log(caplog):
    """The API log records; the logger does not propagate (its JSON handler prints it once)."""
    logger = logging.getLogger("baimuras.api")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="baimuras.api")
    yield lambda: [r for r in caplog.records if r.name == "baimuras.api"]
    logger.removeHandler(caplog.handler)


def line(record) -> dict:
    text = JsonFormatter().format(record)
    assert "\n" not in text
    return json.loads(text)


def test_one_line_per_api_request(api_client, db, api_log):
    response = api_client.get("/api/v1/health?verbose=1", HTTP_USER_AGENT="probe/1.0", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 200
    records = api_log()
    assert len(records) == 1
    entry = line(records[0])
    assert set(entry) >= FIELDS
    assert entry["ip"] == "203.0.113.9"
    assert entry["user_agent"] == "probe/1.0"
    assert entry["endpoint"] == "/api/v1/health"
    assert entry["method"] == "GET"
    assert entry["status"] == 200
    assert isinstance(entry["duration_ms"], int | float) and entry["duration_ms"] >= 0
    assert entry["user_id"] is None
    assert entry["timestamp"].endswith("Z")
    assert entry["level"] == "INFO"
    assert entry["logger"] == "baimuras.api"


def test_errors_and_unknown_paths_are_logged_with_their_status(api_client, db, api_log):
    api_client.get("/api/v1/does-not-exist")
    api_client.get("/webhooks/nothing")
    entries = [line(r) for r in api_log()]
    assert [(e["endpoint"], e["status"]) for e in entries] == [
        ("/api/v1/does-not-exist", 404),
        ("/webhooks/nothing", 404),
    ]


def test_site_pages_are_not_logged_as_api_requests(client, db, api_log):
    client.get("/")
    client.get("/health")
    assert api_log() == []


def test_authenticated_requests_log_the_user_id(client_user, api_client, db, api_log):
    token = login_tokens(client_user)["access_token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api_client.get("/api/v1/auth/profile").status_code == 200
    entry = line(api_log()[-1])
    assert entry["user_id"] == client_user.pk


def test_no_password_token_or_key_reaches_the_log(client_user, api_client, db, api_log):
    token = login_tokens(client_user)["access_token"]
    response = api_client.post(
        "/api/v1/auth/login?api_key=bm_secret_in_query",
        {"email": client_user.email, "password": PASSWORD},
        format="json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_X_API_KEY="bm_secret_header_key",
    )
    assert response.status_code == 200
    issued = response.json()["access_token"]
    records = api_log()
    assert len(records) == 1
    text = JsonFormatter().format(records[0]) + records[0].getMessage()
    for secret in (PASSWORD, token, issued, "bm_secret_in_query", "bm_secret_header_key", "Bearer"):
        assert secret not in text
    assert line(records[0])["endpoint"] == "/api/v1/auth/login"


def test_the_log_line_is_json_in_the_logging_config(settings):
    handler = settings.LOGGING["loggers"]["baimuras.api"]["handlers"]
    assert handler == ["json"]
    assert settings.LOGGING["handlers"]["json"]["formatter"] == "json"
    assert settings.LOGGING["formatters"]["json"]["()"] == "apps.core.logs.JsonFormatter"
