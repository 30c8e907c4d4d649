"""`GET /api/webhooks` (contract §5, v2.1.0 §6): the description of the inbound and outbound webhooks."""

import pytest

from tests.conftest import assert_error

INBOUND_PATHS = {
    ("/webhooks/n8n", "POST"),
    ("/webhooks/lead-automation", "POST"),
    ("/webhooks/consultation-reminder", "POST"),
    ("/webhooks/project-status", "POST"),
    ("/webhooks/health", "GET"),
}
# contract §11: the v2.0.0 events plus the platform's own.
OUTBOUND_EVENTS = [
    "contact.created",
    "contact.updated",
    "project.created",
    "project.updated",
    "user.registered",
    "lead.created",
    "lead.updated",
    "consultation.created",
]


@pytest.mark.parametrize("role", ["manager", "admin", "api_key:manager", "api_key:admin"])
@pytest.mark.parametrize("path", ["/api/webhooks", "/api/webhooks/"])
def test_staff_get_the_description(as_role, role, path):
    response = as_role(role).get(path)

    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"success", "data", "timestamp"}
    assert body["success"] is True
    assert set(body["data"]) == {"inbound", "outbound_events"}
    inbound = body["data"]["inbound"]
    assert all(set(hook) == {"path", "method", "event_types"} for hook in inbound)
    assert {(hook["path"], hook["method"]) for hook in inbound} == INBOUND_PATHS
    assert body["data"]["outbound_events"] == OUTBOUND_EVENTS


def test_the_n8n_hook_lists_its_event_types(as_role):
    inbound = as_role("manager").get("/api/webhooks").json()["data"]["inbound"]

    n8n = next(hook for hook in inbound if hook["path"] == "/webhooks/n8n")
    assert n8n["event_types"] == [
        "lead_created",
        "lead_updated",
        "consultation_scheduled",
        "project_updated",
        "email_sent",
        "automation_completed",
    ]
    automation = next(hook for hook in inbound if hook["path"] == "/webhooks/lead-automation")
    assert automation["event_types"] == ["assign", "set_status", "follow_up"]
    reminder = next(hook for hook in inbound if hook["path"] == "/webhooks/consultation-reminder")
    assert sorted(reminder["event_types"]) == ["24h", "2h"]


@pytest.mark.parametrize(
    ("role", "status", "code"),
    [
        ("anonymous", 401, "AUTHENTICATION_REQUIRED"),
        ("user", 403, "PERMISSION_DENIED"),
        ("api_key:user", 403, "PERMISSION_DENIED"),
    ],
)
def test_others_may_not_read_it(as_role, role, status, code):
    assert_error(as_role(role).get("/api/webhooks"), status, code)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_is_read_only(as_role, method):
    assert_error(getattr(as_role("admin"), method)("/api/webhooks", {}, format="json"), 405, "METHOD_NOT_ALLOWED")
