"""/metrics for the scraper only (contract §10) and the security headers of HTML pages."""

import pytest

from tests.conftest import assert_error


def test_metrics_answer_the_local_scraper(client, db):
    client.get("/api/v1/health")  # something to count
    response = client.get("/metrics")  # the test client calls from 127.0.0.1
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "# TYPE django_http_requests_total_by_method_total counter" in text
    assert "django_http_responses_total_by_status_total" in text
    assert "django_http_requests_latency_seconds_by_view_method" in text
    assert 'baimuras_rate_limited_total{group="api-anon"}' in text


def test_each_view_is_counted_by_status_and_timed(client, db):
    from django.urls import resolve

    view = resolve("/api/v1/health").view_name
    client.get("/api/v1/health")
    client.get("/api/v1/no-such-endpoint")
    text = client.get("/metrics").content.decode()
    assert f'django_http_responses_total_by_status_view_method_total{{method="GET",status="200",view="{view}"}}' in text
    assert f'django_http_requests_latency_seconds_by_view_method_count{{method="GET",view="{view}"}}' in text
    assert 'django_http_responses_total_by_status_total{status="404"}' in text


def test_metrics_refuse_other_addresses(client, db):
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 403
    assert b"django_http" not in response.content


def test_metrics_are_not_unlocked_by_a_forged_forwarded_for(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 403


def test_metrics_allowed_addresses_are_a_setting(client, db, settings):
    settings.METRICS_ALLOWED_IPS = ["203.0.113.7"]
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get("/metrics").status_code == 403


# --- Security headers ---------------------------------------------------------------------------


def csp_directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/api/changelog"])
def test_html_pages_carry_the_security_headers(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    directives = csp_directives(response)
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_html_pages_have_no_inline_scripts(client, db):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert " on" + "click=" not in html


def test_docs_pages_allow_inline_styles_but_never_inline_scripts(client, db):
    response = client.get("/api/docs")
    directives = csp_directives(response)
    assert directives["script-src"] == "script-src 'self'"
    assert "'unsafe-inline'" in directives["style-src"]


def test_json_errors_carry_the_security_headers(client, db):
    response = client.get("/api/v1/does-not-exist")
    assert_error(response, 404, "NOT_FOUND")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
