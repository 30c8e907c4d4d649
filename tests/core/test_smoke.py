from tests.conftest import assert_error


def test_unknown_api_path_is_json_404(client, db):
    assert_error(client.get("/api/v1/does-not-exist"), 404, "NOT_FOUND")


def test_health_reports_database(client, db):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json()["database"] == "connected"
