"""The OpenAPI schema states the rules across fields that validation enforces and the field types
cannot express (issue 9: "the cross-field rules in descriptions"), and the API does enforce them."""

import pytest

from apps.core.schema import RULES_HEADING
from tests.conftest import PASSWORD, assert_error, bearer_client

pytestmark = pytest.mark.django_db

NAME_AND_CONTACT = "at least one of `email` or `phone` is required"
EXPECTED = {  # (method, path): phrases its description must contain
    ("post", "/api/v1/leads"): [NAME_AND_CONTACT, "`phone` is normalized to E.164", "`assigned_to` must be"],
    ("post", "/api/leads"): [NAME_AND_CONTACT],
    ("put", "/api/v1/leads/{lead_id}"): ["still has a non-blank `name` and an `email` or a `phone`", "`converted`"],
    ("patch", "/api/v1/leads/{lead_id}"): ["still has a non-blank `name` and an `email` or a `phone`"],
    ("post", "/api/v1/contact/messages"): ["`name` and `message` must not be blank", "`email` or `phone`"],
    ("post", "/api/consultation"): [NAME_AND_CONTACT, "`preferred_date` may be any date"],
    ("post", "/api/v1/consultations"): [NAME_AND_CONTACT],
    ("post", "/api/consultations"): [NAME_AND_CONTACT],
    ("put", "/api/v1/consultations/{consultation_id}"): ["`scheduled` needs a `scheduled_at`"],
    ("get", "/api/v1/consultations"): ["`date_to` must not be before `date_from`"],
    ("get", "/api/v1/analytics/stats"): ["`date_to` must not be before `date_from`", "at most 1098 days"],
    ("get", "/api/v1/analytics/conversions"): ["`date_to` must not be before `date_from`"],
    ("post", "/api/v1/users"): ["`password` must pass the password rules", "at least 8 characters", "entirely numeric"],
    ("patch", "/api/v1/users/{user_id}"): ["`password` must pass the password rules", "409 `CONFLICT`"],
    ("post", "/api/v1/users/change-password"): [
        "`confirm_password` must equal `new_password`",
        "`current_password` must be the caller's password",
        "`new_password` must pass the password rules",
        "at least 8 characters",
    ],
    ("post", "/api/v1/portfolio/projects"): ["`primary_image_id` must be one of `image_ids`", "Russian title"],
    ("patch", "/api/v1/portfolio/projects/{project_id}"): ["`primary_image_id` must be one of `image_ids`"],
}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


@pytest.mark.parametrize(("method", "path"), list(EXPECTED))
def test_the_operation_states_its_cross_field_rules(schema, method, path):
    description = schema["paths"][path][method]["description"]

    assert RULES_HEADING in description
    for phrase in EXPECTED[(method, path)]:
        assert phrase in description, phrase


def test_the_rules_follow_the_operations_own_description(schema):
    description = schema["paths"]["/api/v1/leads"]["post"]["description"]

    assert description.startswith("`name` and at least one of `email` or `phone`; `source` defaults to `api`.")
    assert description.index(RULES_HEADING) > 0


def test_operations_without_such_rules_say_nothing_of_them(schema):
    assert RULES_HEADING not in schema["paths"]["/api/v1/leads"]["get"].get("description", "")
    assert RULES_HEADING not in schema["paths"]["/api/v1/auth/login"]["post"].get("description", "")


def test_the_served_schema_carries_them_too(api_client):
    schema = api_client.get("/api/schema?format=json").json()

    assert "at least 8 characters" in schema["paths"]["/api/v1/users/change-password"]["post"]["description"]


# --- What the descriptions say is what the API does ---------------------------------------------


def test_an_inquiry_without_email_or_phone_is_refused_as_described(api_client):
    body = assert_error(api_client.post("/api/leads", {"name": "Аноним"}, format="json"), 422, "VALIDATION_ERROR")
    assert "email" in body["error"]["details"]


def test_a_reversed_period_is_refused_as_described(as_role):
    response = as_role("admin").get("/api/v1/analytics/stats?date_from=2026-06-10&date_to=2026-06-01")
    assert "date_to" in assert_error(response, 422, "VALIDATION_ERROR")["error"]["details"]


def test_a_mismatched_or_numeric_new_password_is_refused_as_described(client_user):
    client = bearer_client(client_user)
    url = "/api/v1/users/change-password"

    mismatch = {"current_password": PASSWORD, "new_password": "Tall-oak-4731", "confirm_password": "Tall-oak-4732"}
    numeric = {"current_password": PASSWORD, "new_password": "48151623429", "confirm_password": "48151623429"}

    assert "confirm_password" in assert_error(client.post(url, mismatch), 422, "VALIDATION_ERROR")["error"]["details"]
    assert "new_password" in assert_error(client.post(url, numeric), 422, "VALIDATION_ERROR")["error"]["details"]
