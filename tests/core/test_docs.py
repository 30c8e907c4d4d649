"""API documentation (contract §14): OpenAPI schema, Swagger UI, ReDoc, Postman, changelog."""

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from apps.core import changelog

API_PATHS = {
    "/api/v1/auth/login": {"post"},
    "/api/v1/auth/token": {"post"},
    "/api/v1/auth/refresh": {"post"},
    "/api/v1/auth/logout": {"post"},
    "/api/v1/auth/profile": {"get"},
    "/api/v1/users": {"get", "post"},
    "/api/v1/users/{user_id}": {"get", "put", "patch", "delete"},
    "/api/v1/users/profile": {"get", "put"},
    "/api/v1/users/change-password": {"post"},
    "/api/v1/health": {"get"},
    "/api/v1/system/health": {"get"},
    "/api/v1/system/version": {"get"},
}
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200, response.content
    return response.json()


def test_schema_is_openapi_3_json(api_client, db):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    body = json.loads(response.content)
    assert body["openapi"].startswith("3.")
    assert body["info"]["version"] == "2.1.0"


def test_schema_default_is_yaml(api_client, db):
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    assert response.content.startswith(b"openapi: 3.")


def test_schema_lists_every_v1_path_and_method(schema):
    documented = {
        path: {m for m in ops if m in ("get", "post", "put", "patch", "delete")}
        for path, ops in schema["paths"].items()
    }
    for path, methods in API_PATHS.items():
        assert path in documented, f"{path} missing from {sorted(documented)}"
        assert methods <= documented[path], path


def test_every_registered_v1_route_is_documented(schema):
    from django.urls import get_resolver
    from drf_spectacular.generators import EndpointEnumerator

    endpoints = {path for path, *_ in EndpointEnumerator(get_resolver().url_patterns).get_api_endpoints()}
    v1 = {path.rstrip("/") for path in endpoints if path.startswith("/api/v1/")}
    assert v1 <= set(schema["paths"])


def test_operation_ids_are_unique(schema):
    ids = [op["operationId"] for ops in schema["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    assert schema["paths"]["/api/v1/users"]["get"]["operationId"] == "users_list"


def response_ref(operation: dict, status: str) -> str:
    return operation["responses"][status]["content"]["application/json"]["schema"]["$ref"]


def test_error_responses_refer_to_the_error_schema(schema):
    paths = schema["paths"]
    assert response_ref(paths["/api/v1/auth/login"]["post"], "422") == ERROR_REF
    assert response_ref(paths["/api/v1/auth/login"]["post"], "401") == ERROR_REF
    assert response_ref(paths["/api/v1/users"]["post"], "422") == ERROR_REF
    assert response_ref(paths["/api/v1/users"]["get"], "401") == ERROR_REF
    assert response_ref(paths["/api/v1/users"]["get"], "422") == ERROR_REF  # page=0
    assert response_ref(paths["/api/v1/users/{user_id}"]["get"], "404") == ERROR_REF
    assert response_ref(paths["/api/v1/users/{user_id}"]["delete"], "409") == ERROR_REF
    assert response_ref(paths["/api/v1/users/change-password"]["post"], "422") == ERROR_REF
    for ops in paths.values():
        for op in ops.values():
            assert response_ref(op, "429") == ERROR_REF
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"success", "error", "timestamp"}


def test_public_operations_do_not_document_401(schema):
    for path in ("/api/v1/health", "/api/v1/system/version"):
        assert "401" not in schema["paths"][path]["get"]["responses"]


def test_schema_documents_the_three_ways_in(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert schemes["apiKeyAuth"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    assert schemes["cookieAuth"]["in"] == "cookie"
    profile = schema["paths"]["/api/v1/auth/profile"]["get"]
    assert {name for requirement in profile["security"] for name in requirement} >= {"jwtAuth", "apiKeyAuth"}


def test_schema_documents_pagination_parameters(schema):
    params = {p["name"]: p for p in schema["paths"]["/api/v1/users"]["get"]["parameters"]}
    assert params["page"]["schema"]["minimum"] == 1
    assert params["per_page"]["schema"]["default"] == 20


def test_spectacular_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "baimuras.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Warning" not in result.stderr, result.stderr[-4000:]
    assert out.read_text().startswith("openapi: 3.")


# --- Swagger UI and ReDoc -----------------------------------------------------------------------

ASSET = re.compile(r"<(?:script|link|img)\b[^>]*?\b(?:src|href)=[\"']([^\"']+)[\"']", re.IGNORECASE)


def assets(html: str) -> list[str]:
    return ASSET.findall(html)


@pytest.mark.parametrize("path", ["/api/docs", "/api/docs/", "/api/redoc", "/api/redoc/"])
def test_docs_pages_load_only_self_hosted_assets(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    found = assets(html)
    assert any(src.endswith(".js") or "script" in src for src in found), found
    for src in found:
        assert not re.match(r"^(https?:)?//", src), f"third-party asset {src}"
    assert "googleapis" not in html and "cdn.jsdelivr" not in html and "unpkg" not in html
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_swagger_assets_are_served(client, db):
    html = client.get("/api/docs").content.decode()
    for src in assets(html):
        response = client.get(src)
        assert response.status_code == 200, src
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    script = client.get("/api/docs?script=")
    assert script.status_code == 200
    assert "/api/schema" in script.content.decode()


def test_redoc_points_at_the_schema(client, db):
    html = client.get("/api/redoc").content.decode()
    assert re.search(r'<redoc spec-url="/api/schema/?">', html)


def test_redoc_bundle_loads_its_logo_from_this_site(client, db):
    """ReDoc's sidebar credit fetched its logo from Redocly's CDN, which the CSP blocks (a console
    error): the bundle the page loads points at our own copy, and the page's CSP stays self-only."""
    page = client.get("/api/redoc")
    assert '<script src="/api/redoc.js"></script>' in page.content.decode()
    assert "img-src 'self' data: blob:;" in page["Content-Security-Policy"]
    response = client.get("/api/redoc.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    bundle = response.content.decode()
    assert "Redoc" in bundle and len(bundle) > 500_000
    assert "cdn.redoc.ly" not in bundle
    assert 'src:"/static/img/redoc-logo-mini.svg"' in bundle
    assert not re.findall(r'src:"https?://', bundle)
    assert client.get("/static/img/redoc-logo-mini.svg").status_code == 200
    again = client.get("/api/redoc.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_public_site_keeps_the_strict_csp(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "img-src 'self' data:;" in policy
    assert "unsafe-inline" not in policy and "redoc" not in policy


def test_docs_link_the_postman_collection_and_environment(schema):
    description = schema["info"]["description"]
    assert "(/api/postman-collection.json)" in description
    assert "(/api/postman-environment.json)" in description


def test_swagger_sends_the_schema_to_no_validator(client, db):
    script = client.get("/api/docs?script=").content.decode()
    assert '"validatorUrl": null' in script


# --- Postman ------------------------------------------------------------------------------------


def postman_requests(node) -> list[dict]:
    found = []
    for item in node.get("item", []):
        if "request" in item:
            found.append(item)
        found.extend(postman_requests(item))
    return found


def postman_collection(api_client) -> dict:
    response = api_client.get("/api/postman-collection.json")
    assert response.status_code == 200
    return response.json()


def test_postman_collection_is_v2_1(api_client, db):
    response = api_client.get("/api/postman-collection.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    collection = response.json()
    assert collection["info"]["schema"] == "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
    assert collection["info"]["name"]
    variables = {v["key"]: v["value"] for v in collection["variable"]}
    assert variables["baseUrl"] == "http://testserver"
    assert {"email", "password", "api_key", "access_token", "refresh_token"} <= set(variables)
    requests = postman_requests(collection)
    seen = set()
    for item in requests:
        request = item["request"]
        assert item["name"]
        assert request["url"]["raw"].startswith("{{baseUrl}}/")
        assert request["url"]["host"] == ["{{baseUrl}}"]
        path = "/" + "/".join(re.sub(r"^\{\{(?:portfolio_)?(\w+)\}\}$", r"{\1}", s) for s in request["url"]["path"])
        seen.add((path, request["method"].lower()))
    for path, methods in API_PATHS.items():
        for method in methods:
            assert (path, method) in seen, (path, method)


def test_postman_login_stores_tokens_and_the_rest_inherit_bearer_auth(api_client, db):
    collection = postman_collection(api_client)
    assert collection["auth"] == {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}],
    }
    assert "X-API-Key" in collection["info"]["description"] and "{{api_key}}" in collection["info"]["description"]
    requests = {(i["request"]["method"], i["request"]["url"]["raw"]): i for i in postman_requests(collection)}
    login = requests[("POST", "{{baseUrl}}/api/v1/auth/login")]
    assert login["request"]["auth"] == {"type": "noauth"}
    assert json.loads(login["request"]["body"]["raw"]) == {"email": "{{email}}", "password": "{{password}}"}
    script = "\n".join(login["event"][0]["script"]["exec"])
    assert 'pm.collectionVariables.set("access_token", body.access_token)' in script
    assert 'pm.collectionVariables.set("refresh_token", body.refresh_token)' in script
    # callers allowed anonymously still send the token: an admin sees the drafts, staff the metrics
    for raw in ("{{baseUrl}}/api/v1/portfolio/projects", "{{baseUrl}}/api/v1/system/health"):
        assert "auth" not in requests[("GET", raw)]["request"]
    detail = requests[("GET", "{{baseUrl}}/api/v1/users/{{user_id}}")]
    assert "auth" not in detail["request"]
    assert detail["request"]["url"]["path"] == ["api", "v1", "users", "{{user_id}}"]


def test_postman_creates_fill_the_ids_the_other_requests_use(api_client, db):
    collection = postman_collection(api_client)
    requests = {(i["request"]["method"], i["request"]["url"]["raw"]): i for i in postman_requests(collection)}
    for raw, variable in [
        ("{{baseUrl}}/api/v1/users", "user_id"),
        ("{{baseUrl}}/api/v1/leads", "lead_id"),
        ("{{baseUrl}}/api/v1/files/upload", "file_id"),
        ("{{baseUrl}}/api/v1/portfolio/projects", "portfolio_project_id"),
        ("{{baseUrl}}/api/v1/contact/messages", "message_id"),
    ]:
        script = "\n".join(requests[("POST", raw)]["event"][0]["script"]["exec"])
        assert f'pm.collectionVariables.set("{variable}", record.id);' in script, raw
        assert variable in {v["key"] for v in collection["variable"]}
    upload = requests[("POST", "{{baseUrl}}/api/v1/files/upload")]["request"]["body"]
    assert upload["mode"] == "formdata"
    assert {f["key"]: f.get("src", f.get("value")) for f in upload["formdata"]} == {
        "file": "baimuras-sample.png",
        "category": "portfolio",
    }
    # bodies are the schema's examples: the seed's lead, not invented blanks
    lead = json.loads(requests[("POST", "{{baseUrl}}/api/v1/leads")]["request"]["body"]["raw"])
    assert lead["name"] == "Петр Сидоров" and lead["service_interest"] == "custom_furniture"


def test_postman_orders_create_read_update_then_deletes_and_logout_last(api_client, db):
    collection = postman_collection(api_client)
    folders = {folder["name"]: folder["item"] for folder in collection["item"]}
    assert collection["item"][0]["name"] == "auth"
    assert folders["auth"][0]["name"] == "Log in"
    leads = [(i["request"]["method"], i["request"]["url"]["raw"]) for i in folders["leads"]]
    assert (
        leads.index(("POST", "{{baseUrl}}/api/v1/leads"))
        < leads.index(("GET", "{{baseUrl}}/api/v1/leads/{{lead_id}}"))
        < leads.index(("PUT", "{{baseUrl}}/api/v1/leads/{{lead_id}}"))
    )
    last = collection["item"][-1]
    assert last["name"].startswith("Clean up")
    assert [i["request"]["method"] for i in last["item"]][:-1] == ["DELETE"] * (len(last["item"]) - 1)
    assert last["item"][-1]["request"]["url"]["raw"] == "{{baseUrl}}/api/v1/auth/logout"
    everywhere_else = [i for folder in collection["item"][:-1] for i in folder["item"]]
    assert all(i["request"]["method"] != "DELETE" for i in everywhere_else)


def test_postman_every_request_tests_its_documented_status(api_client, db):
    for item in postman_requests(postman_collection(api_client)):
        tests = [e for e in item["event"] if e["listen"] == "test"]
        assert tests, item["name"]
        script = "\n".join(tests[0]["script"]["exec"])
        assert "pm.expect(pm.response.code).to.be.oneOf([" in script, item["name"]
    requests = {i["name"]: i for i in postman_requests(postman_collection(api_client))}
    assert "oneOf([204])" in "\n".join(requests["Delete a lead (admin)"]["event"][0]["script"]["exec"])


def test_postman_names_are_readable_and_unique_per_folder(api_client, db):
    from apps.core.schema_examples import UNVERSIONED_TAG

    collection = postman_collection(api_client)
    for folder in collection["item"]:
        names = [i["name"] for i in folder["item"]]
        assert len(names) == len(set(names)), folder["name"]
        for name in names:
            assert not re.match(r"^(GET|POST|PUT|PATCH|DELETE) /", name), name
            assert "v2.1.0 name" not in name
    aliases = next(f for f in collection["item"] if f["name"] == UNVERSIONED_TAG)
    assert {i["request"]["url"]["path"][1] for i in aliases["item"]} == {
        "consultation",
        "consultations",
        "leads",
        "projects",
        "users",
    }
    for item in aliases["item"]:
        assert item["name"].startswith("[deprecated] ")
        assert item["request"]["description"].startswith("**Deprecated.**")
    others = [i for f in collection["item"] if f is not aliases for i in f["item"]]
    allowed = ("api/v1/", "api/webhooks", "webhooks/")  # v1, the webhooks description, n8n's inbound webhooks
    assert [i["name"] for i in others if not "/".join(i["request"]["url"]["path"]).startswith(allowed)] == []


def test_postman_environment_names_the_variables_a_run_needs(api_client, db):
    response = api_client.get("/api/postman-environment.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "baimuras.postman_environment.json" in response["Content-Disposition"]
    body = response.json()
    assert body["_postman_variable_scope"] == "environment"
    values = {v["key"]: v for v in body["values"]}
    assert list(values) == ["baseUrl", "email", "password", "api_key", "n8n_webhook_secret"]
    assert values["baseUrl"]["value"] == "http://testserver"
    assert values["password"]["type"] == "secret" and values["password"]["value"] == ""


# --- Changelog ----------------------------------------------------------------------------------


def changelog_versions() -> list[str]:
    text = (Path(django_settings.BASE_DIR) / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[([^\]]+)\]", text, flags=re.MULTILINE)


def test_changelog_parses_every_release():
    versions = changelog_versions()
    assert {"2.1.0", "2.0.0"} <= set(versions)
    releases = changelog.releases()
    assert [r["version"] for r in releases] == versions
    by_version = {r["version"]: r for r in releases}
    assert by_version["2.1.0"]["date"].isoformat() == "2026-11-23"
    assert by_version["2.0.0"]["date"].isoformat() == "2025-06-20"
    assert "<li>" in by_version["2.1.0"]["html"]
    assert "<code>X-RateLimit-*</code>" in by_version["2.1.0"]["html"]


@pytest.mark.parametrize("path", ["/api/changelog", "/api/changelog/"])
def test_changelog_html_lists_every_release(client, db, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for version in changelog_versions():
        assert f"v{version}" in html
        assert f'id="v{version}"' in html
    assert 'href="/api/changelog.rss"' in html
    assert 'type="application/rss+xml"' in html


def test_changelog_rss_is_rss_2(client, db):
    response = client.get("/api/changelog.rss")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == "rss"
    assert root.attrib["version"] == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title")
    assert channel.findtext("link") == "http://testserver/api/changelog"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [f"v{v}" for v in changelog_versions()]
    release = next(item for item in items if item.findtext("title") == "v2.1.0")
    assert release.findtext("link") == "http://testserver/api/changelog#v2.1.0"
    assert release.findtext("guid") == "http://testserver/api/changelog#v2.1.0"
    assert release.findtext("pubDate").startswith("Mon, 23 Nov 2026")
    assert "<li>" in release.findtext("description")
