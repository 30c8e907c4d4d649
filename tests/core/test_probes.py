def test_health_answers_a_probe_addressed_by_ip_not_in_allowed_hosts(client, db, settings):
    settings.ALLOWED_HOSTS = ["baimuras.space"]
    response = client.get("/health", HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response.json()["database"] == "connected"


def test_other_paths_still_check_the_host(client, db, settings):
    settings.ALLOWED_HOSTS = ["baimuras.space"]
    assert client.get("/api/v1/health", HTTP_HOST="10.0.3.7:8000").status_code == 400


def test_health_allows_only_get_and_head(client, db):
    assert client.head("/health").status_code == 200
    response = client.post("/health")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
