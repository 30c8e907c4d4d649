"""`/api/v1/webhooks` (contract §11, v2.0.0 §Webhook API): subscriptions, for admins."""

import pytest

from apps.webhooks.models import WebhookSubscription
from tests.conftest import assert_error

pytestmark = pytest.mark.django_db

# The v2.0.0 seed's own request.
SEED_BODY = {
    "url": "https://your-app.com/webhook",
    "events": ["contact.created", "project.updated"],
    "secret": "your_webhook_secret",
    "active": True,
}
SUBSCRIPTION_KEYS = {
    "id",
    "url",
    "events",
    "active",
    "has_secret",
    "consecutive_failures",
    "disabled_at",
    "disabled_reason",
    "last_delivery_at",
    "created_at",
    "updated_at",
}


def make(**overrides) -> WebhookSubscription:
    values = {"url": "https://hooks.example.com/in", "events": ["lead.created"], "secret": "s3cret-value"}
    return WebhookSubscription.objects.create(**{**values, **overrides})


@pytest.mark.parametrize("path", ["/api/v1/webhooks", "/api/v1/webhooks/"])
def test_an_admin_subscribes_with_the_seed_body(as_role, path):
    response = as_role("admin").post(path, SEED_BODY, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["success"] is True and body["message"] and body["timestamp"].endswith("Z")
    data = body["data"]
    assert set(data) == SUBSCRIPTION_KEYS
    assert "secret" not in data and "your_webhook_secret" not in response.content.decode()
    assert data["url"] == SEED_BODY["url"]
    assert data["events"] == ["contact.created", "project.updated"]
    assert data["active"] is True and data["has_secret"] is True
    stored = WebhookSubscription.objects.get(pk=data["id"])
    assert stored.secret == "your_webhook_secret"


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [
        ("anonymous", 401, "AUTHENTICATION_REQUIRED"),
        ("user", 403, "PERMISSION_DENIED"),
        ("manager", 403, "PERMISSION_DENIED"),
        ("api_key:manager", 403, "PERMISSION_DENIED"),
    ],
)
def test_only_admins_manage_subscriptions(as_role, role, status, code):
    subscription = make()
    client = as_role(role)
    assert_error(client.get("/api/v1/webhooks"), status, code)
    assert_error(client.post("/api/v1/webhooks", SEED_BODY, format="json"), status, code)
    assert_error(client.get(f"/api/v1/webhooks/{subscription.pk}"), status, code)
    assert_error(client.patch(f"/api/v1/webhooks/{subscription.pk}", {"active": False}, format="json"), status, code)
    assert_error(client.delete(f"/api/v1/webhooks/{subscription.pk}"), status, code)
    assert WebhookSubscription.objects.count() == 1


def test_an_api_key_of_an_admin_works(as_role):
    assert as_role("api_key:admin").post("/api/v1/webhooks", SEED_BODY, format="json").status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"events": ["lead.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"events": "lead.created"}, "events"),
        ({"url": "not a url"}, "url"),
        ({"url": "ftp://example.com/hook"}, "url"),
        ({"url": "http://127.0.0.1:8000/hook"}, "url"),
        ({"url": "http://10.0.0.5/hook"}, "url"),
        ({"url": "http://localhost/hook"}, "url"),
        ({"url": "http://[::1]/hook"}, "url"),
        ({"url": "http://169.254.169.254/latest/meta-data"}, "url"),
        ({"secret": "short"}, "secret"),
        ({"secret": None}, "secret"),
        ({"active": "sometimes"}, "active"),
    ],
)
def test_invalid_subscriptions_are_refused(as_role, change, field):
    body = assert_error(
        as_role("admin").post("/api/v1/webhooks", {**SEED_BODY, **change}, format="json"), 422, "VALIDATION_ERROR"
    )
    assert [key for key in body["error"]["details"] if key.split(".")[0] == field]
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize("missing", ["url", "events", "secret"])
def test_required_fields(as_role, missing):
    body = {key: value for key, value in SEED_BODY.items() if key != missing}
    response = assert_error(as_role("admin").post("/api/v1/webhooks", body, format="json"), 422, "VALIDATION_ERROR")
    assert missing in response["error"]["details"]


def test_private_targets_are_allowed_where_the_setting_says_so(as_role, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    body = {**SEED_BODY, "url": "http://127.0.0.1:5678/webhook/abc"}
    assert as_role("admin").post("/api/v1/webhooks", body, format="json").status_code == 201


def test_list_is_paginated_in_the_envelope(as_role, django_assert_max_num_queries):
    for index in range(3):
        make(url=f"https://hooks.example.com/{index}")
    client = as_role("admin")
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/webhooks?per_page=2")
    assert response.status_code == 200
    data = response.json()["data"]
    assert len(data["subscriptions"]) == 2
    assert set(data["subscriptions"][0]) == SUBSCRIPTION_KEYS
    assert data["pagination"] == {"page": 1, "pages": 2, "per_page": 2, "total": 3, "has_next": True, "has_prev": False}


def test_list_runs_a_fixed_number_of_queries(as_role, django_assert_max_num_queries):
    client = as_role("admin")
    make()
    with django_assert_max_num_queries(8) as few:
        client.get("/api/v1/webhooks?per_page=100")
    for index in range(40):
        make(url=f"https://hooks.example.com/{index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/webhooks?per_page=100")
    assert len(response.json()["data"]["subscriptions"]) == 41


def test_get_update_and_delete_one(as_role):
    subscription = make()
    client = as_role("admin")

    got = client.get(f"/api/v1/webhooks/{subscription.pk}")
    assert got.status_code == 200 and got.json()["data"]["id"] == subscription.pk

    patched = client.patch(
        f"/api/v1/webhooks/{subscription.pk}/", {"events": ["lead.updated", "lead.created"]}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["data"]["events"] == ["lead.created", "lead.updated"]
    subscription.refresh_from_db()
    assert subscription.secret == "s3cret-value"  # left out: kept

    put = client.put(f"/api/v1/webhooks/{subscription.pk}", {"secret": "a-new-secret", "active": False}, format="json")
    assert put.status_code == 200 and put.json()["data"]["active"] is False
    subscription.refresh_from_db()
    assert subscription.secret == "a-new-secret"

    assert client.delete(f"/api/v1/webhooks/{subscription.pk}").status_code == 204
    assert not WebhookSubscription.objects.exists()


def test_switching_a_subscription_back_on_clears_its_failures(as_role):
    subscription = make(active=False, consecutive_failures=5, disabled_reason="5 failed")
    response = as_role("admin").patch(f"/api/v1/webhooks/{subscription.pk}", {"active": True}, format="json")
    data = response.json()["data"]
    assert (data["active"], data["consecutive_failures"], data["disabled_reason"]) == (True, 0, "")


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_an_unknown_subscription_is_not_found(as_role, method):
    response = getattr(as_role("admin"), method)("/api/v1/webhooks/987654", {"active": True}, format="json")
    assert_error(response, 404, "NOT_FOUND")


def test_an_invalid_update_is_refused(as_role):
    subscription = make()
    response = as_role("admin").patch(f"/api/v1/webhooks/{subscription.pk}", {"events": ["x.y"]}, format="json")
    assert_error(response, 422, "VALIDATION_ERROR")
    subscription.refresh_from_db()
    assert subscription.events == ["lead.created"]


def test_the_admin_pages_work(admin_client):
    subscription = make()
    assert admin_client.get("/admin/webhooks/webhooksubscription/").status_code == 200
    assert admin_client.get("/admin/webhooks/webhooksubscription/?q=hooks").status_code == 200
    assert admin_client.get("/admin/webhooks/webhooksubscription/add/").status_code == 200
    page = admin_client.get(f"/admin/webhooks/webhooksubscription/{subscription.pk}/change/")
    assert page.status_code == 200 and b"s3cret-value" not in page.content
    assert admin_client.get("/admin/webhooks/webhookdelivery/").status_code == 200
    assert admin_client.get("/admin/core/event/").status_code == 200


def test_the_admin_adds_a_subscription_through_the_service(admin_client):
    response = admin_client.post(
        "/admin/webhooks/webhooksubscription/add/",
        {
            "url": "https://hooks.example.com/n8n",
            "events": ["lead.created"],
            "secret": "admin-secret-1",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert WebhookSubscription.objects.get().secret == "admin-secret-1"


def test_the_admin_refuses_a_private_target(admin_client):
    response = admin_client.post(
        "/admin/webhooks/webhooksubscription/add/",
        {"url": "http://192.168.1.10/hook", "events": ["lead.created"], "secret": "admin-secret-1", "active": "on"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not WebhookSubscription.objects.exists()
