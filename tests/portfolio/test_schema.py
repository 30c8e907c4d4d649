"""The portfolio and files endpoints in the OpenAPI schema (contract §14): every method, the real
request and response shapes, and the errors each can answer."""

import pytest

PATHS = {
    "/api/v1/portfolio/projects": {"get", "post"},
    "/api/v1/portfolio/projects/{project_id}": {"get", "put", "patch", "delete"},
    "/api/v1/files/upload": {"post"},
    "/api/v1/files/{file_id}": {"get", "delete"},
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def errors(operation) -> set[str]:
    return {code for code in operation["responses"] if code.startswith(("4", "5"))}


def test_every_method_is_documented_with_a_tag(schema):
    for path, methods in PATHS.items():
        operations = schema["paths"][path]
        assert methods <= set(operations), path
        for method in methods:
            assert operations[method]["tags"] in (["portfolio"], ["files"])


def test_portfolio_list_documents_its_whitelist_and_pagination(schema):
    operation = schema["paths"]["/api/v1/portfolio/projects"]["get"]
    params = {p["name"]: p["schema"] for p in operation["parameters"]}

    assert params["sort"]["enum"] == ["created_at", "updated_at", "title"]
    assert params["order"]["enum"] == ["asc", "desc"]
    assert params["status"]["enum"] == ["active", "draft", "archived"]
    assert params["per_page"]["default"] == 10
    assert "422" in errors(operation) and "401" not in errors(operation)


def test_error_responses(schema):
    paths = schema["paths"]
    assert {"401", "403", "415", "422"} <= errors(paths["/api/v1/portfolio/projects"]["post"])
    assert {"404"} <= errors(paths["/api/v1/portfolio/projects/{project_id}"]["get"])
    assert {"401", "413", "415", "422"} <= errors(paths["/api/v1/files/upload"]["post"])
    assert "409" in errors(paths["/api/v1/files/{file_id}"]["delete"])
    assert "409" not in errors(paths["/api/v1/files/{file_id}"]["get"])


def test_upload_is_multipart_and_the_project_has_the_v2_fields(schema):
    upload = schema["paths"]["/api/v1/files/upload"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    project = schema["components"]["schemas"]["PortfolioProject"]["properties"]
    assert set(project) == {
        "id",
        "title",
        "description",
        "category",
        "status",
        "images",
        "technologies",
        "client",
        "completion_date",
        "project_url",
        "created_at",
        "updated_at",
    }
    image = schema["components"]["schemas"]["PortfolioImage"]["properties"]
    assert set(image) == {"id", "url", "alt", "is_primary"}
