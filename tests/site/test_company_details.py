"""How visitors reach the company: the details managers keep in the admin on /contact, in every
page's footer and the phone's "write to us" button, as tel:, mailto:, wa.me and t.me links with the
greeting in the page's language; read from the cache, which a save clears."""

from urllib.parse import quote

import pytest
from django.core.cache import cache

from apps.site import selectors, services
from apps.site.models import CompanyDetails, Showroom

from .conftest import LANGUAGES, client_in, parse

GREETING = {
    "ru": "Здравствуйте! Пишу с сайта BaiMuras, хочу узнать про мебель на заказ.",
    "kk": "Сәлеметсіз бе! BaiMuras сайтынан жазып отырмын, тапсырыс бойынша жиһаз туралы білгім келеді.",
    "ky": "Саламатсызбы! BaiMuras сайтынан жазып жатам, буйрутма боюнча эмерек тууралуу билгим келет.",
}
ADDRESS = {
    "ru": ("ул. Байзакова, 280", "ул. Токтогула, 125/1", "Пн–Пт 10:00–19:00"),
    "kk": ("Байзақов көшесі, 280", "Тоқтоғұл көшесі, 125/1", "Дс–Жм 10:00–19:00"),
    "ky": ("Байзаков көчөсү, 280", "Токтогул көчөсү, 125/1", "Дш–Жм 10:00–19:00"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_contact_page_links_call_mail_and_the_messengers_in_the_page_language(db, language):
    response = client_in(language).get("/contact")
    page = parse(response)
    html = response.content.decode()

    assert response.status_code == 200
    assert "tel:+77273551840" in page.anchors and "tel:+996312987654" in page.anchors
    assert "mailto:hello@baimuras.space" in page.anchors
    greeting = quote(GREETING[language])
    assert f"https://wa.me/77073551840?text={greeting}" in page.anchors
    assert f"https://t.me/baimuras?text={greeting}" in page.anchors
    assert "https://www.instagram.com/baimuras/" in page.anchors
    assert any(url.startswith("https://www.openstreetmap.org/?mlat=43.245312&mlon=76.902116") for url in page.anchors)
    for text in ADDRESS[language]:
        assert text in html
    assert "+7 727 355 1840" in html and "+996 312 987 654" in html


@pytest.mark.parametrize("path", ["/", "/about", "/services/kitchens", "/blog", "/portfolio"])
def test_every_page_has_the_contacts_in_its_footer_and_the_write_to_us_button(db, path):
    page = parse(client_in("kk").get(path))

    assert page.anchors.count("tel:+77273551840") >= 2  # the footer and the phone's button
    assert "mailto:hello@baimuras.space" in page.anchors
    assert page.anchors.count(f"https://wa.me/77073551840?text={quote(GREETING['kk'])}") >= 2
    assert "/contact#write" in page.anchors


def test_the_write_to_us_button_needs_no_script(client, db):
    html = client.get("/about").content.decode()
    page = parse(client.get("/about"))

    assert '<details class="write-us">' in html
    assert page.scripts == 0


def test_the_details_are_read_from_the_cache_and_a_save_clears_it(
    client, db, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get("/about")  # fills the cache
    with django_assert_num_queries(0):
        company = selectors.company_details()
    assert [s.city for s in company.showrooms.all()] == ["Алматы", "Бишкек"]

    company = CompanyDetails.objects.get()
    company.email = "studio@baimuras.space"
    with django_capture_on_commit_callbacks(execute=True):
        services.company_details_save(company=company)

    assert cache.get(selectors.COMPANY_CACHE_KEY) is None
    assert "mailto:studio@baimuras.space" in parse(client.get("/about")).anchors


def test_a_showroom_save_clears_the_cache_too(client, db, django_capture_on_commit_callbacks):
    client.get("/about")
    showroom = Showroom.objects.get(country="KG")
    showroom.phone = "+996 312 11 22 33"
    with django_capture_on_commit_callbacks(execute=True):
        services.showroom_save(showroom=showroom)

    assert showroom.phone == "+996312112233"
    assert "tel:+996312112233" in parse(client.get("/about")).anchors


def test_a_bad_phone_is_refused(db):
    showroom = Showroom.objects.get(country="KZ")
    showroom.phone = "12"
    with pytest.raises(Exception) as error:
        services.showroom_save(showroom=showroom)
    assert "phone" in error.value.message_dict


def test_pages_render_without_company_details(client, db):
    CompanyDetails.objects.all().delete()
    cache.clear()

    response = client.get("/contact")
    page = parse(response)

    assert response.status_code == 200
    assert not [url for url in page.anchors if url.startswith(("tel:", "https://wa.me"))]
    assert page.ld_nodes("FurnitureStore") == []


# --- The admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _company_form(company: CompanyDetails) -> dict:
    data = {
        "name": company.name,
        "email": company.email,
        "whatsapp": company.whatsapp,
        "telegram": company.telegram,
        "instagram": company.instagram,
    }
    for language in LANGUAGES:
        data[f"description_{language}"] = getattr(company, f"description_{language}")
        data[f"messenger_greeting_{language}"] = getattr(company, f"messenger_greeting_{language}")
    showrooms = list(company.showrooms.all())
    data.update(
        {
            "showrooms-TOTAL_FORMS": str(len(showrooms)),
            "showrooms-INITIAL_FORMS": str(len(showrooms)),
            "showrooms-MIN_NUM_FORMS": "0",
            "showrooms-MAX_NUM_FORMS": "1000",
        }
    )
    for index, showroom in enumerate(showrooms):
        row = {
            "id": showroom.pk,
            "company": company.pk,
            "phone": showroom.phone,
            "opening_hours": showroom.opening_hours,
            "country": showroom.country,
            "postal_code": showroom.postal_code,
            "latitude": showroom.latitude,
            "longitude": showroom.longitude,
            "order": showroom.order,
        }
        for field in ("city", "address", "hours"):
            for language in LANGUAGES:
                row[f"{field}_{language}"] = getattr(showroom, f"{field}_{language}")
        data.update({f"showrooms-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_admin_list_opens_the_one_row_and_tabs_each_language(admin_client, db):
    company = CompanyDetails.objects.get()

    response = admin_client.get("/admin/site/companydetails/")

    assert response.status_code == 302
    assert response["Location"] == f"/admin/site/companydetails/{company.pk}/change/"
    html = admin_client.get(response["Location"]).content.decode()
    for tab in ("Русский", "Қазақша", "Кыргызча"):
        assert tab in html
    assert 'name="messenger_greeting_ky"' in html and 'name="showrooms-1-address_kk"' in html
    assert admin_client.get("/admin/site/companydetails/add/").status_code == 403


def test_saving_in_the_admin_goes_through_the_services_and_shows_at_once(
    admin_client, db, django_capture_on_commit_callbacks
):
    company = CompanyDetails.objects.get()
    admin_client.get("/contact")  # cached
    data = _company_form(company)
    data["telegram"] = "@baimuras_studio"
    data["showrooms-0-phone"] = "+7 727 300 00 01"

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/site/companydetails/{company.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    anchors = parse(admin_client.get("/contact")).anchors
    assert any(url.startswith("https://t.me/baimuras_studio?text=") for url in anchors)
    assert "tel:+77273000001" in anchors
