"""The site's consultation request form (POST /consultation): service, consultation type and
preferred date go to the CRM's consultation_request; errors inline, honeypot, CSRF, rate limit."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.consultations.models import Consultation

from .conftest import client_in, csrf_token_of, parse, translated


def form(**extra):
    return {
        "name": "Мария Петрова",
        "email": "maria@example.com",
        "phone": "+7 777 987 65 43",
        "service_type": "kitchen_design",
        "consultation_type": "home_visit",
        "preferred_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "message": "Хочу заказать дизайн кухни",
        "website": "",
        **extra,
    }


def test_a_request_is_stored_with_its_service_type_and_date(csrf_client):
    token = csrf_token_of(csrf_client, "/consultation")

    response = csrf_client.post("/consultation", {**form(), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert response["Location"] == "/consultation#thanks"
    consultation = Consultation.objects.get()
    assert consultation.service_type == "kitchen_design"
    assert consultation.consultation_type == "home_visit"
    assert consultation.preferred_date == timezone.localdate() + timedelta(days=5)
    assert consultation.lead.source == "consultation_form"
    assert "Спасибо, Мария Петрова!" in csrf_client.get("/consultation").content.decode()


def test_the_language_of_the_request_is_recorded(client):
    client.post("/consultation?lang=ky", form())  # the cookie set by ?lang= is not needed for a POST
    client.cookies["django_language"] = "ky"
    client.post("/consultation", form(email="aibek@example.com", phone=""))
    assert Consultation.objects.get(email="aibek@example.com").language == "ky"


@pytest.mark.parametrize(("query", "selected"), [("kitchens", "kitchen_design"), ("academy", "academy"),
                                                 ("children_room", "children_room")])  # fmt: skip
def test_a_service_page_preselects_its_service(client, query, selected):
    html = client.get(f"/consultation?service={query}").content.decode()
    assert f'<option value="{selected}" selected>' in html


def test_each_service_page_carries_the_form_with_its_service(client):
    html = client.get("/services/custom-furniture").content.decode()
    assert 'action="/consultation"' in html
    assert '<option value="custom_furniture" selected>' in html
    assert 'name="preferred_date"' in html and 'type="date"' in html


def test_a_past_date_and_missing_contacts_are_explained_in_the_visitors_language(db):
    client = client_in("kk")
    past = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post("/consultation", form(preferred_date=past, email="", phone=""))

    assert response.status_code == 422
    html = response.content.decode()
    assert translated("The preferred date cannot be in the past", "kk") in html
    assert translated("Give an email or a phone number", "kk") in html
    assert not Consultation.objects.exists()


def test_an_unknown_consultation_type_is_refused(client):
    response = client.post("/consultation", form(consultation_type="teleport"))
    assert response.status_code == 422
    assert 'id="id_consultation_type_error"' in response.content.decode()


def test_the_consultation_types_are_a_labelled_group(client):
    html = client.get("/consultation").content.decode()
    assert "<fieldset" in html and "<legend>" in html
    for value in ("office_visit", "home_visit", "online"):
        assert f'value="{value}"' in html


def test_without_the_token_the_form_is_refused(csrf_client):
    assert csrf_client.post("/consultation", form()).status_code == 403
    assert not Consultation.objects.exists()


def test_a_bot_is_thanked_and_ignored(client):
    response = client.post("/consultation", form(website="spam"))
    assert response.status_code == 302
    assert not Consultation.objects.exists()


def test_requests_are_rate_limited_per_ip(settings):
    settings.RATELIMIT_FORMS = "2/h"
    client = Client()
    assert client.post("/consultation", form(), REMOTE_ADDR="10.1.1.1").status_code == 302
    assert client.post("/consultation", form(), REMOTE_ADDR="10.1.1.1").status_code == 302
    limited = client.post("/consultation", form(), REMOTE_ADDR="10.1.1.1")
    assert limited.status_code == 429
    assert parse(limited).html_lang == "ru"
    assert Consultation.objects.count() == 2


def test_a_signed_in_client_finds_the_form_filled_in(client, client_user):
    client.force_login(client_user)
    html = client.get("/consultation").content.decode()
    assert 'value="client@example.com"' in html


# --- JSON ----------------------------------------------------------------------------------------

SEED_BODY = {
    "name": "Мария Петрова",
    "email": "maria@example.com",
    "phone": "+7 777 987 65 43",
    "service_type": "kitchen_design",
    "preferred_date": "2025-07-01",
    "message": "Хочу заказать дизайн кухни",
}


def test_the_seed_body_is_accepted_as_json_like_the_api(csrf_client):
    import json

    response = csrf_client.post("/consultation", data=json.dumps(SEED_BODY), content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["success"] is True
    assert body["data"]["service_type"] == "kitchen_design"
    assert body["data"]["consultation_type"] == "office_visit"
    assert body["data"]["preferred_date"] == "2025-07-01"
    assert body["data"]["status"] == "new"
    assert body["data"]["id"] == Consultation.objects.get().pk


def test_json_errors_are_the_contract_shape(client):
    from tests.conftest import assert_error

    response = client.post(
        "/consultation",
        data='{"name": "", "consultation_type": "teleport"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ky",
    )
    body = assert_error(response, 422, "VALIDATION_ERROR")
    assert {"name", "consultation_type"} <= set(body["error"]["details"])
