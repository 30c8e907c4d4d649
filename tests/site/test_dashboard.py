"""/dashboard and /dashboard/analytics: who sees what (contract §12)."""

import re

import pytest

from apps.site.models import EmailConfirmation
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import ContactMessageFactory, LeadFactory
from tests.projects.factories import ProjectFactory

from .conftest import parse, translated


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/analytics"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/login?next={path}"


@pytest.fixture
def confirmed_client(client_user):
    EmailConfirmation.objects.create(user=client_user, email=client_user.email)
    return client_user


def test_a_client_sees_their_own_consultations_and_projects(client, confirmed_client):
    ConsultationFactory(email="CLIENT@example.com", name="Client User", message="моя кухня")
    ConsultationFactory(email="stranger@example.com", name="Незнакомец")
    ProjectFactory(name="Кухня для Client User", client_email="client@example.com")
    lead = LeadFactory(email="client@example.com")
    ProjectFactory(name="Детская из лида", client_email="", lead=lead)
    ProjectFactory(name="Чужой шкаф", client_email="stranger@example.com")
    client.force_login(confirmed_client)

    html = client.get("/dashboard?lang=kk").content.decode()

    assert "Кухня для Client User" in html and "Детская из лида" in html
    assert "Чужой шкаф" not in html and "Незнакомец" not in html
    assert html.count('class="record"') == 1  # one consultation
    assert translated("Kitchen design", "kk") in html  # the service, in Kazakh


def test_an_unconfirmed_client_sees_nothing_filed_under_their_email_yet(client, client_user):
    ProjectFactory(name="Кухня для Client User", client_email="client@example.com")
    client.force_login(client_user)

    html = client.get("/dashboard").content.decode()

    assert "Кухня для Client User" not in html
    assert "Подтвердите email" in html
    assert 'action="/dashboard/email/confirm"' in html


def test_a_confirmation_for_an_old_email_no_longer_counts(client, confirmed_client):
    ProjectFactory(name="Кухня", client_email="client@example.com")
    confirmed_client.email = "new@example.com"
    confirmed_client.save()
    client.force_login(confirmed_client)
    assert "Подтвердите email" in client.get("/dashboard").content.decode()


def test_a_client_gets_a_localized_403_on_analytics(client, client_user):
    client.force_login(client_user)
    client.cookies["django_language"] = "ky"

    response = client.get("/dashboard/analytics")

    assert response.status_code == 403
    page = parse(response)
    assert page.html_lang == "ky"
    assert translated("Access denied", "ky") in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_staff_see_the_crm_overview(client, role):
    staff = UserFactory(role=role)
    LeadFactory(name="Анна Смирнова", status="new", assigned_to=None)
    ConsultationFactory(name="Мария Петрова")
    ProjectFactory(name="Кухня для семьи Сидоровых", status="production")
    ContactMessageFactory()
    client.force_login(staff)

    response = client.get("/dashboard")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Обзор CRM" in html
    assert "Анна Смирнова" in html and "Мария Петрова" in html and "Кухня для семьи Сидоровых" in html
    assert 'href="/dashboard/analytics"' in html


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_staff_see_the_analytics_the_crm_can_give(client, role):
    staff = UserFactory(role=role)
    LeadFactory(source="contact_form", service_interest="montessori")
    LeadFactory(source="contact_form", service_interest="kitchen_design", status="converted")
    ContactMessageFactory()
    ConsultationFactory()
    client.force_login(staff)

    response = client.get("/dashboard/analytics?lang=kk")

    html = response.content.decode()
    assert response.status_code == 200
    assert parse(response).h1 == 1
    assert "Аналитика" in html
    assert "Байланыс формасы" in html  # a source, labelled in Kazakh
    assert "<svg" in html and "<rect" in html and "style=" not in html
    assert "33,3%" in html  # one of the three leads (one came with the message) became a project; a comma in kk
    assert not re.search(r'(x|y|width|height)="[0-9]+,[0-9]', html)  # SVG geometry is never localized


def test_the_dashboard_queries_stay_few(client, django_assert_max_num_queries):
    staff = UserFactory(role="manager")
    for _ in range(5):
        LeadFactory()
        ProjectFactory()
        ConsultationFactory()
    client.force_login(staff)
    with django_assert_max_num_queries(20):
        client.get("/dashboard")
    with django_assert_max_num_queries(20):
        client.get("/dashboard/analytics")
