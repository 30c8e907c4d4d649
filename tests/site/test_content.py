"""The site's content: seeded by migration in three languages, edited in the admin with a tab per
language, rich text sanitized; demo posts load once."""

import re

import pytest
from django.utils import translation

from apps.site import demo, services
from apps.site.models import BlogPost, Page, ServicePage

LANGS = ("ru", "kk", "ky")
KK_LETTERS, KY_LETTERS = set("әғқңөұүһі"), set("өңү")


def test_a_fresh_database_has_the_six_services_and_the_fixed_pages():
    assert sorted(ServicePage.objects.values_list("slug", flat=True)) == [
        "academy", "children-rooms", "custom-furniture", "design-bureau", "kitchens", "montessori",
    ]  # fmt: skip
    assert sorted(Page.objects.values_list("key", flat=True)) == ["about", "blog", "contact", "home", "services"]


@pytest.mark.parametrize("model", [Page, ServicePage])
def test_the_seeded_copy_is_complete_and_valid_in_every_language(model):
    for obj in model.objects.all():
        obj.full_clean()
        titles = [getattr(obj, f"title_{lang}") for lang in LANGS]
        bodies = [getattr(obj, f"body_{lang}") or "" for lang in LANGS]
        assert all(titles) and len(set(titles)) >= 2, obj  # "Дизайн академиясы" is the same in kk and ky
        if obj.body_ru:
            assert len(set(bodies)) == 3, obj
            assert KK_LETTERS & set(obj.body_kk.lower()), obj
            assert KY_LETTERS & set(obj.body_ky.lower()), obj
        assert services.sanitize_html(obj.body_ru or "") == (obj.body_ru or "")


def test_the_copy_is_about_the_real_work_not_filler():
    text = " ".join(ServicePage.objects.values_list("body_ru", flat=True)).lower()
    for term in ("монтессори", "фанер", "столешниц", "доводчик", "подростк", "замер", "авторский надзор", "курс"):
        assert term in text
    assert "lorem" not in text


def test_demo_posts_load_once_in_three_languages():
    first = demo.load()
    second = demo.load()

    assert first == {"created": 3, "kept": 0}
    assert second == {"created": 0, "kept": 3}
    for post in BlogPost.objects.all():
        post.full_clean()
        assert post.is_published and post.service is not None
        with translation.override("ky"):
            assert post.title == post.title_ky


def test_demo_load_keeps_a_managers_edits():
    demo.load()
    BlogPost.objects.filter(slug="montessori-shelf-at-home").update(title_ru="Отредактировано")
    demo.load()
    assert BlogPost.objects.get(slug="montessori-shelf-at-home").title_ru == "Отредактировано"


def test_a_missing_translation_falls_back_to_russian():
    service = ServicePage.objects.get(slug="kitchens")
    service.tagline_ky = ""
    service.save()
    with translation.override("ky"):
        assert ServicePage.objects.get(slug="kitchens").tagline == service.tagline_ru


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>ok<script>alert(1)</script></p>", "<p>ok</p>"),
        ('<p onclick="x()" style="color:red" class="x">hi</p>', "<p>hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<img src="https://cdn.example/x.png"><iframe src="https://x"></iframe>', ""),
        ("<h2>Заголовок</h2><ul><li>пункт</li></ul>", "<h2>Заголовок</h2><ul><li>пункт</li></ul>"),
    ],
)
def test_rich_text_is_sanitized(dirty, clean):
    assert services.sanitize_html(dirty) == clean


def test_content_save_sanitizes_every_language():
    page = Page.objects.get(key="about")
    page.body_kk = "<p>Сәлем<script>steal()</script></p>"
    services.content_save(instance=page)
    page.refresh_from_db()
    assert page.body_kk == "<p>Сәлем</p>"


def test_rich_text_written_around_the_services_is_still_cleaned_on_output(client):
    Page.objects.filter(key="about").update(body_ru='<p>Мы<img src=x onerror="alert(1)"></p>')
    html = client.get("/about").content.decode()
    assert "onerror" not in html
    assert "<p>Мы</p>" in html


# --- Admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("model", ["page", "servicepage", "blogpost", "emailconfirmation"])
def test_admin_changelists_open(admin_client, model):
    demo.load()
    response = admin_client.get(f"/admin/site/{model}/")
    assert response.status_code == 200


def test_admin_search_works(admin_client):
    demo.load()
    assert admin_client.get("/admin/site/servicepage/?q=Кухни").status_code == 200
    assert admin_client.get("/admin/site/blogpost/?q=полка").status_code == 200


@pytest.mark.parametrize(("model", "lookup"), [(ServicePage, {"slug": "kitchens"}), (Page, {"key": "home"})])
def test_admin_edits_each_language_on_its_own_tab(admin_client, model, lookup):
    obj = model.objects.get(**lookup)
    html = admin_client.get(f"/admin/site/{model._meta.model_name}/{obj.pk}/change/").content.decode()
    for tab in ("Русский", "Қазақша", "Кыргызча"):
        assert tab in html
    for lang in LANGS:
        assert f'name="title_{lang}"' in html and f'name="body_{lang}"' in html
    # No script from another site (modeltranslation's default jQuery UI comes from a CDN).
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)


def test_saving_a_service_in_the_admin_sanitizes_it(admin_client):
    service = ServicePage.objects.get(slug="academy")
    data = {
        "illustration": service.illustration, "order": service.order, "is_published": "on",
        **{f"{f}_{lang}": getattr(service, f"{f}_{lang}") or "" for f in
           ("title", "tagline", "lead", "body", "meta_title", "meta_description", "duration", "included")
           for lang in LANGS},
        "price_from_kzt": "150000", "price_from_kgs": "26000", "price_unit": "course",
        "faq-TOTAL_FORMS": "0", "faq-INITIAL_FORMS": "0", "faq-MIN_NUM_FORMS": "0", "faq-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data["body_ky"] = '<p>Курстар<script>x()</script></p><p onclick="y()">жаңы</p>'

    response = admin_client.post(f"/admin/site/servicepage/{service.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.body_ky == "<p>Курстар</p><p>жаңы</p>"
    assert (service.price_from_kzt, service.price_from_kgs, service.price_unit) == (150000, 26000, "course")


def test_a_post_can_be_written_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/site/blogpost/add/",
        {
            "slug": "new-note", "published_at_0": "2025-06-20", "published_at_1": "10:00:00", "is_published": "on",
            "illustration": "kitchen", "service": "", "title_ru": "Новая заметка", "body_ru": "<p>Текст</p>",
            "title_kk": "", "title_ky": "", "excerpt_ru": "", "excerpt_kk": "", "excerpt_ky": "",
            "body_kk": "", "body_ky": "", "meta_description_ru": "", "meta_description_kk": "",
            "meta_description_ky": "",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    assert BlogPost.objects.get(slug="new-note").title_ru == "Новая заметка"


def test_the_fixed_pages_cannot_be_added_or_deleted(admin_client):
    assert admin_client.get("/admin/site/servicepage/add/").status_code == 403
    service = ServicePage.objects.first()
    assert admin_client.get(f"/admin/site/servicepage/{service.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/site/page/add/").status_code == 403


def test_managers_need_permissions_to_edit_content(client, manager):
    client.force_login(manager)
    assert client.get("/admin/site/servicepage/").status_code in (302, 403)
