"""POST /contact: the HTML form (CSRF, inline errors, thank-you, honeypot, rate limit) and the
v2.1.0 JSON body, which answers exactly like POST /api/v1/contact/messages (contract §7)."""

import json

import pytest
from django.test import Client

from apps.leads.models import ContactMessage, Lead
from tests.conftest import assert_error

from .conftest import LANGUAGES, client_in, csrf_token_of, parse, translated

SEED_BODY = {
    "name": "Иван Иванов",
    "email": "ivan@example.com",
    "phone": "+7 777 123 45 67",
    "message": "Интересует изготовление кухни",
}


def post_json(client, body, **extra):
    return client.post("/contact", data=json.dumps(body, ensure_ascii=False), content_type="application/json", **extra)


# --- JSON ----------------------------------------------------------------------------------------


def test_the_seed_example_is_accepted_as_json_without_a_csrf_token(csrf_client):
    response = post_json(csrf_client, SEED_BODY)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "Сообщение успешно отправлено"
    assert set(body["data"]) == {"id", "status", "created_at"}
    assert body["data"]["status"] == "received"
    assert body["data"]["created_at"].endswith("Z")
    assert body["timestamp"].endswith("Z")
    message = ContactMessage.objects.get(pk=body["data"]["id"])
    assert message.phone == "+77771234567"
    assert message.lead.source == "contact_form"
    assert message.language == "ru"
    assert "Сообщение" in response.content.decode()  # Cyrillic is not escaped


def test_the_v2_0_0_extras_are_stored(client):
    body = {**SEED_BODY, "subject": "Кухня", "project_type": "kitchen", "budget": "1 500 000"}
    response = post_json(client, body)
    message = ContactMessage.objects.get(pk=response.json()["data"]["id"])
    assert (message.subject, message.project_type, message.budget) == ("Кухня", "kitchen", "1 500 000")


def test_json_errors_are_in_the_contract_shape_and_the_visitors_language(client):
    response = post_json(client, {"name": "", "message": ""}, HTTP_ACCEPT_LANGUAGE="kz")

    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert set(body["error"]["details"]) >= {"name", "message"}
    assert body["error"]["details"]["name"] == [translated("This field is required.", "kk")]
    assert not ContactMessage.objects.exists()


def test_json_needs_an_email_or_a_phone(client):
    body = assert_error(post_json(client, {"name": "Иван", "message": "Кухня"}), 422, "VALIDATION_ERROR")
    assert "email" in body["error"]["details"]


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "abc"), ("email", "not-an-email"), ("name", ["a", "b"]), ("message", "x" * 5001)]
)
def test_json_fields_are_validated_for_type_and_length(client, field, value):
    body = assert_error(post_json(client, {**SEED_BODY, field: value}), 422, "VALIDATION_ERROR")
    assert field in body["error"]["details"]


def test_malformed_json_is_a_400(client):
    response = client.post("/contact", data="{not json", content_type="application/json")
    assert_error(response, 400, "BAD_REQUEST")
    assert_error(client.post("/contact", data="[1, 2]", content_type="application/json"), 400, "BAD_REQUEST")


def test_a_json_bot_gets_a_receipt_and_nothing_is_stored(client):
    response = post_json(client, {**SEED_BODY, "website": "http://spam.example"})
    assert response.status_code == 201
    assert response.json()["data"]["status"] == "received"
    assert not ContactMessage.objects.exists()


# --- The HTML form -------------------------------------------------------------------------------


def test_the_form_posts_with_its_token_and_thanks_the_visitor(csrf_client):
    token = csrf_token_of(csrf_client, "/contact")
    form = {**SEED_BODY, "service_interest": "kitchen_design", "website": "", "csrfmiddlewaretoken": token}

    response = csrf_client.post("/contact", form)

    assert response.status_code == 302
    assert response["Location"] == "/contact#thanks"
    message = ContactMessage.objects.get()
    assert message.lead.service_interest == "kitchen_design"
    thanks = csrf_client.get("/contact").content.decode()
    assert "Спасибо, Иван Иванов!" in thanks
    assert 'id="thanks"' in thanks


def test_a_form_without_the_token_is_refused(csrf_client):
    response = csrf_client.post("/contact", SEED_BODY)
    assert response.status_code == 403
    assert parse(response).h1 == 1  # the site's own page, not Django's
    assert not ContactMessage.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_other_content_types_need_the_token_too(csrf_client, content_type):
    response = csrf_client.post("/contact", data=json.dumps(SEED_BODY), content_type=content_type)
    assert response.status_code == 403


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_are_shown_next_to_their_fields_in_the_visitors_language(language):
    client = client_in(language)
    required = translated("This field is required.", language)
    email_or_phone = translated("Give an email or a phone number", language)

    response = client.post("/contact", {"name": "", "email": "", "phone": "", "message": ""})

    assert response.status_code == 422
    html = response.content.decode()
    page = parse(response)
    assert page.html_lang == language
    assert 'id="id_name_error"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_error"' in html
    assert html.count(required) >= 2  # name and message
    assert email_or_phone in html
    assert 'role="alert"' in html


def test_a_bad_phone_is_explained_and_the_typed_values_are_kept(client):
    response = client.post("/contact?lang=ky", {"name": "Айбек", "phone": "12", "message": "Шкаф керек"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="id_phone_error"' in html
    assert 'value="Айбек"' in html and "Шкаф керек" in html


def test_a_bot_that_fills_the_honeypot_is_thanked_and_ignored(client):
    response = client.post("/contact", {**SEED_BODY, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()
    assert not Lead.objects.exists()


def test_the_honeypot_is_hidden_from_people(client):
    html = client.get("/contact").content.decode()
    assert '<div class="hp" aria-hidden="true">' in html
    assert 'name="website"' in html and 'tabindex="-1"' in html


def test_the_form_labels_every_field(client):
    page = parse(client.get("/contact"))
    visible = [i for i in page.inputs if i.get("type") != "hidden"]
    assert visible
    for field in visible:
        assert field["id"] in page.labels_for or field["id"] in page.inputs_in_labels, field


# --- Rate limit ----------------------------------------------------------------------------------


def test_the_form_is_rate_limited_per_ip(settings):
    settings.RATELIMIT_FORMS = "3/h"
    client = Client()
    for _ in range(3):
        assert client.post("/contact", {"name": "", "message": ""}, REMOTE_ADDR="10.0.0.1").status_code == 422

    html_response = client.post("/contact", SEED_BODY, REMOTE_ADDR="10.0.0.1")
    json_response = post_json(client, SEED_BODY, REMOTE_ADDR="10.0.0.1")
    other_ip = post_json(client, SEED_BODY, REMOTE_ADDR="10.0.0.2")

    assert html_response.status_code == 429
    assert int(html_response["Retry-After"]) >= 1
    assert parse(html_response).h1 == 1
    assert_error(json_response, 429, "RATE_LIMIT_EXCEEDED")
    assert json_response["X-RateLimit-Remaining"] == "0"
    assert other_ip.status_code == 201
    assert ContactMessage.objects.count() == 1
