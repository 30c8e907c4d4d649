"""The back office: lead sources and page views (read-only lists with filters and search), and
the visitors panel on the admin's front page."""

import pytest

from apps.analytics.models import LeadAttribution, PageView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/analytics/leadattribution/",
        "/admin/analytics/leadattribution/?channel__exact=social&q=instagram",
        "/admin/analytics/pageview/",
        "/admin/analytics/pageview/?device__exact=mobile&q=portfolio",
    ],
)
def test_the_lists_open_with_filters_and_search(admin_client, day_of_visits, url):
    response = admin_client.get(url)
    assert response.status_code == 200


def test_the_lead_source_shows_with_its_lead(admin_client, day_of_visits):
    attribution = LeadAttribution.objects.get(lead__email="aigerim@example.com")

    html = admin_client.get("/admin/analytics/leadattribution/?channel__exact=social").content.decode()

    assert f"/admin/leads/lead/{attribution.lead_id}/change/" in html
    assert "spring" in html and "/services/kitchens" in html
    detail = admin_client.get(f"/admin/analytics/leadattribution/{attribution.pk}/change/")
    assert detail.status_code == 200


def test_nobody_adds_page_views_by_hand(admin_client, day_of_visits):
    assert admin_client.get("/admin/analytics/pageview/add/").status_code == 403
    view = PageView.objects.first()
    assert admin_client.post(f"/admin/analytics/pageview/{view.pk}/change/", {"path": "/x"}).status_code == 403


def test_the_front_page_shows_the_visitors_panel(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert 'id="analytics-panel"' in html
    assert 'data-type="line"' in html and 'data-type="bar"' in html


def test_a_manager_sees_the_panel_too(client, manager):
    from django.contrib.auth.models import Group

    manager.groups.add(*Group.objects.filter(name__icontains="manager"))
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'id="analytics-panel"' in response.content.decode()


def test_managers_may_read_the_lead_sources(client, manager, day_of_visits):
    from django.contrib.auth.models import Group

    manager.groups.add(Group.objects.get(name="Managers"))
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.get("/admin/analytics/leadattribution/").status_code == 200
    assert client.get("/admin/analytics/pageview/").status_code == 200
