"""A JWT login found live is trusted by the checking process for AUTH_SESSION_RECHECK_SECONDS
(issue 13): a burst of requests costs one query a second. Revocation still takes effect within a
second everywhere, and at once in the process that revokes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts import services
from apps.accounts.models import AuthSession
from apps.accounts.recent_logins import recent_logins
from tests.conftest import bearer_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/leads"


@pytest.fixture(autouse=True)
def _window(settings):
    settings.AUTH_SESSION_RECHECK_SECONDS = 1.0
    recent_logins.clear()
    yield
    recent_logins.clear()


def session_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return sum("accounts_authsession" in query["sql"] for query in queries)


def test_a_burst_checks_the_login_once(manager):
    client = bearer_client(manager)
    assert session_queries(client) == 1
    assert session_queries(client) == 0
    assert session_queries(client) == 0


def test_logout_in_this_process_refuses_the_token_at_once(manager):
    from rest_framework_simplejwt.tokens import AccessToken

    client = bearer_client(manager)
    assert client.get(URL).status_code == 200
    token = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    services.auth_logout(session_id=AccessToken(token)["sid"])
    response = client.get(URL)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_TOKEN"


def test_deactivation_refuses_the_token_at_once(manager):
    client = bearer_client(manager)
    assert client.get(URL).status_code == 200
    manager.is_active = False
    manager.save()
    assert client.get(URL).status_code == 401


def test_a_revocation_by_another_process_takes_effect_within_the_window(manager, monkeypatch):
    """Another process revoked the login (a row update this process's copy never heard of)."""
    client = bearer_client(manager)
    assert client.get(URL).status_code == 200
    AuthSession.objects.filter(user=manager).update(revoked_at=timezone.now())

    assert client.get(URL).status_code == 200  # within the second the contract allows
    import apps.accounts.recent_logins as module

    later = module.time.monotonic() + 1.01
    monkeypatch.setattr(module.time, "monotonic", lambda: later)
    assert client.get(URL).status_code == 401


def test_with_the_window_at_zero_every_request_checks(manager, settings):
    settings.AUTH_SESSION_RECHECK_SECONDS = 0
    client = bearer_client(manager)
    assert session_queries(client) == 1
    assert session_queries(client) == 1


def test_a_token_is_verified_once_in_the_window(manager, monkeypatch):
    from rest_framework_simplejwt.backends import TokenBackend

    decoded = []
    original = TokenBackend.decode

    def counting(self, token, verify=True):
        decoded.append(token)
        return original(self, token, verify)

    monkeypatch.setattr(TokenBackend, "decode", counting)
    client = bearer_client(manager)
    for _ in range(3):
        assert client.get(URL).status_code == 200
    assert len(decoded) == 1


def test_a_verified_token_is_still_refused_once_it_expires(manager, monkeypatch):
    from rest_framework_simplejwt.tokens import AccessToken

    import apps.accounts.recent_logins as module

    client = bearer_client(manager)
    assert client.get(URL).status_code == 200
    expires = AccessToken(client._credentials["HTTP_AUTHORIZATION"].split()[1])["exp"]
    monkeypatch.setattr(module.time, "time", lambda: expires + 1)  # within the window, past `exp`
    after = datetime.datetime.fromtimestamp(expires + 1, tz=datetime.UTC)
    monkeypatch.setattr("rest_framework_simplejwt.tokens.aware_utcnow", lambda: after)
    response = client.get(URL)
    assert response.status_code == 401
