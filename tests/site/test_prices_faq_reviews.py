"""What things cost, the questions people ask and what clients said, on the service pages, the home
page and the project pages in ru, kk and ky; their structured data (schema.org, checked by
tests/site/schema_org.py) built from real, approved entries only; a few queries per page."""

import pytest

from apps.site import demo as site_demo
from apps.site.models import FaqItem, ServicePage
from tests.portfolio.factories import PortfolioProjectFactory, ReviewFactory

from .conftest import LANGUAGES, client_in, parse
from .schema_org import validate

NBSP = "\u00a0"
PRICE = {
    "ru": f"от 180{NBSP}000 ₸ / 31{NBSP}000 сом",
    "kk": f"180{NBSP}000 ₸ / 31{NBSP}000 сомнан бастап",
    "ky": f"180{NBSP}000 ₸ / 31{NBSP}000 сомдон баштап",
}
UNIT = {"ru": "за погонный метр", "kk": "бір қума метр үшін", "ky": "бир узун метр үчүн"}
DURATION = {"ru": "от 5 недель", "kk": "5 аптадан бастап", "ky": "5 жумадан баштап"}
INCLUDED = {
    "ru": "Фурнитура Blum с доводчиками",
    "kk": "Ақырын жапқышты Blum фурнитурасы",
    "ky": "Акырын жапкычтуу Blum фурнитурасы",
}
QUESTION = {
    "ru": "Что входит в цену за погонный метр?",
    "kk": "Бір қума метр бағасына не кіреді?",
    "ky": "Бир узун метрдин баасына эмне кирет?",
}
GENERAL_QUESTION = {
    "ru": "Можно оплатить в рассрочку?",
    "kk": "Бөліп төлеуге бола ма?",
    "ky": "Бөлүп төлөсө болобу?",
}


@pytest.fixture
def demo_content(db):
    site_demo.load()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_service_page_shows_its_price_duration_inclusions_and_questions(demo_content, language):
    response = client_in(language).get("/services/kitchens")
    html = response.content.decode()

    assert response.status_code == 200
    assert PRICE[language] in html
    assert UNIT[language] in html
    assert DURATION[language] in html
    assert INCLUDED[language] in html
    assert QUESTION[language] in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_services_list_shows_prices_and_the_general_faq(demo_content, language):
    html = client_in(language).get("/services").content.decode()

    assert PRICE[language] in html
    assert GENERAL_QUESTION[language] in html
    assert GENERAL_QUESTION[language] in client_in(language).get("/contact").content.decode()


def test_a_price_in_one_currency_only(demo_content):
    ServicePage.objects.filter(slug="academy").update(price_from_kgs=None)

    html = client_in("ru").get("/services/academy").content.decode()

    assert f"от 150{NBSP}000 ₸" in html and "сом" not in html.split('class="price-from"')[1].split("</p>")[0]


def test_the_demo_loader_keeps_managers_prices_and_adds_nothing_twice(demo_content):
    ServicePage.objects.filter(slug="kitchens").update(price_from_kzt=200000)
    faq_count = FaqItem.objects.count()

    site_demo.load()

    assert ServicePage.objects.get(slug="kitchens").price_from_kzt == 200000
    assert FaqItem.objects.count() == faq_count == 16


@pytest.mark.parametrize("language", LANGUAGES)
def test_reviews_show_in_the_page_language_and_only_when_approved(db, language):
    project = PortfolioProjectFactory(category="kitchens")
    ReviewFactory(name="Эркин Асанов", rating=4, project=project)
    ReviewFactory(
        name="Скрытый Отзыв", is_approved=False, text_ru="Не показывать", text_kk="Көрсетпеу", text_ky="Көрсөтпөө"
    )
    text = {
        "ru": "Всё сделали в срок, мебель стоит как влитая.",
        "kk": "Бәрін уақытында жасады, жиһаз орнына дәл келді.",
        "ky": "Баарын убагында жасашты, эмерек ордуна так келди.",
    }[language]
    client = client_in(language)

    for path in ("/", "/services/kitchens", f"/portfolio/{project.pk}"):
        html = client.get(path).content.decode()
        assert "Эркин Асанов" in html and text in html, path
        assert "Скрытый Отзыв" not in html, path
    assert "Эркин Асанов" not in client.get("/services/academy").content.decode()


def test_aggregate_rating_comes_only_from_approved_reviews(db):
    assert "aggregateRating" not in parse(client_in("ru").get("/")).ld_nodes("FurnitureStore")[0]
    ReviewFactory(rating=5)
    ReviewFactory(rating=4)
    ReviewFactory(rating=1, is_approved=False)

    business = parse(client_in("ru").get("/")).ld_nodes("FurnitureStore")[0]
    service = parse(client_in("ru").get("/services/kitchens")).ld_nodes("Service")[0]

    assert business["aggregateRating"] == {
        "@type": "AggregateRating", "ratingValue": 4.5, "reviewCount": 2, "bestRating": 5, "worstRating": 1,
    }  # fmt: skip
    assert len(business["review"]) == 2
    assert {r["reviewRating"]["ratingValue"] for r in business["review"]} == {4, 5}
    assert service["aggregateRating"]["reviewCount"] == 2


PAGES = ["/", "/about", "/services", "/services/kitchens", "/blog", "/blog/montessori-shelf-at-home", "/contact"]


@pytest.mark.parametrize("path", [*PAGES, "/portfolio", "portfolio-project"])
def test_every_page_describes_the_business_in_valid_structured_data(demo_content, path):
    ReviewFactory(rating=5)
    if path == "portfolio-project":
        path = PortfolioProjectFactory().get_absolute_url()
    page = parse(client_in("kk").get(path))

    assert len(page.json_ld) == 1
    assert validate(page.json_ld[0]) == []
    business = page.ld_nodes("FurnitureStore")[0]
    assert business["name"] == "BaiMuras"
    assert business["telephone"] == "+77273551840"
    assert business["address"]["addressLocality"] == "Алматы"
    assert business["address"]["streetAddress"] == "Байзақов көшесі, 280, шоурум 1-қабатта"
    assert business["openingHours"] == ["Mo-Fr 10:00-19:00", "Sa 11:00-17:00"]
    assert [city["name"] for city in business["areaServed"]] == ["Алматы", "Бішкек"]
    assert [d["address"]["addressCountry"] for d in business["department"]] == ["KZ", "KG"]
    assert business["sameAs"] == ["https://www.instagram.com/baimuras/"]
    if path != "/":
        crumbs = page.ld_nodes("BreadcrumbList")[0]["itemListElement"]
        assert crumbs[0]["name"] == "Басты бет" and crumbs[0]["item"] == "http://testserver/"
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))


def test_a_service_page_describes_the_service_its_prices_and_its_faq(demo_content):
    page = parse(client_in("ky").get("/services/kitchens"))

    service = page.ld_nodes("Service")[0]
    assert service["name"] == "Буйрутма менен ашканалар"
    assert {(o["priceCurrency"], o["price"]) for o in service["offers"]} == {("KZT", 180000), ("KGS", 31000)}
    assert service["offers"][0]["priceSpecification"]["unitCode"] == "MTR"
    faq = page.ld_nodes("FAQPage")[0]
    assert faq["mainEntity"][0]["name"] == QUESTION["ky"]
    assert faq["mainEntity"][0]["acceptedAnswer"]["@type"] == "Answer"
    crumbs = [c["name"] for c in page.ld_nodes("BreadcrumbList")[0]["itemListElement"]]
    assert crumbs == ["Башкы бет", "Кызматтар", "Буйрутма менен ашканалар"]


def test_text_from_the_database_cannot_close_the_json_ld_block(db):
    ReviewFactory(text_ru='</script><script>alert(1)</script> & "кавычки"')

    response = client_in("ru").get("/")
    html = response.content.decode()

    assert "</script><script>alert(1)" not in html
    assert parse(response).ld_nodes("FurnitureStore")[0]["review"][0]["reviewBody"].startswith("</script>")


def test_each_page_is_shared_with_an_image_of_its_own(demo_content):
    contact = parse(client_in("ru").get("/contact")).meta("og:image")
    kitchens = parse(client_in("ru").get("/services/kitchens")).meta("og:image")

    assert contact.endswith("workshop-1200.png") and kitchens.endswith("kitchen-1200.png")


@pytest.mark.parametrize(("path", "most"), [("/", 12), ("/services/kitchens", 14), ("/contact", 10), ("/services", 10)])
def test_pages_stay_within_a_few_queries(demo_content, django_assert_max_num_queries, path, most):
    for _ in range(4):
        ReviewFactory()
    client = client_in("ru")
    client.get(path)  # the company's details are cached from here on
    with django_assert_max_num_queries(most):
        assert client.get(path).status_code == 200
