"""Record search of the back office: one box (the page /admin/crm/search/ and the admin's command
palette) finds leads, contact messages, projects, consultations and users by name, email and
phone written any way; each list's own search finds phones too; permissions and query counts."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.accounts import services as account_services
from apps.accounts.models import Role
from apps.crm.search import record_search
from apps.leads.models import Lead
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.leads.factories import ContactMessageFactory, LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("crm-search")
PALETTE = reverse("admin:search")
PHONE = "+77011234567"
PHONE_WRITINGS = ["8 701 123 45 67", "+7 (701) 123-45-67", "77011234567", "87011234567", "+77011234567"]


@pytest.fixture
def manager_client(client, manager):
    account_services.user_groups_sync(user=manager)
    client.force_login(manager)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def found(groups, key: str) -> list[str]:
    return [hit.title for group in groups if group.key == key for hit in group.hits]


# --- one box, every kind -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", PHONE_WRITINGS)
def test_any_writing_of_a_phone_finds_the_e164_number_in_every_kind(admin_user, typed):
    LeadFactory(name="Лид с телефоном", phone=PHONE)
    ContactMessageFactory(name="Письмо с телефоном", phone=PHONE, lead=None)
    ProjectFactory(name="Проект с телефоном", client_phone=PHONE)
    ConsultationFactory(name="Встреча с телефоном", phone=PHONE)
    LeadFactory(name="Другой лид", phone="+77017654321")

    groups = record_search(user=admin_user, query=typed)

    assert found(groups, "leads") == ["Лид с телефоном"]
    assert found(groups, "messages") == ["Письмо с телефоном"]
    assert found(groups, "projects") == ["Проект с телефоном"]
    assert found(groups, "consultations") == ["Встреча с телефоном"]


def test_part_of_a_number_finds_it(admin_user):
    LeadFactory(name="Айгерим", phone=PHONE)
    LeadFactory(name="Другой", phone="+77017654321")

    assert found(record_search(user=admin_user, query="123 45 67"), "leads") == ["Айгерим"]
    assert found(record_search(user=admin_user, query="8 701 123"), "leads") == ["Айгерим"]


def test_names_and_emails_of_every_kind(admin_user):
    LeadFactory(name="Жанна Абенова", email="zhanna@example.kz")
    ContactMessageFactory(name="Болат Абенов", email="bolat.abenov@example.kz", lead=None)
    ProjectFactory(name="Кухня Абеновых", client_name="Жанна")
    ConsultationFactory(name="Данияр Абенов")
    UserFactory(name="Менеджер", email="abenova.staff@example.kz", role=Role.MANAGER)

    groups = record_search(user=admin_user, query="абен")

    assert [group.key for group in groups] == ["leads", "messages", "projects", "consultations"]
    assert found(groups, "leads") == ["Жанна Абенова"]
    assert found(record_search(user=admin_user, query="ABENOVA.staff"), "users") == ["Менеджер"]
    assert found(record_search(user=admin_user, query="bolat.abenov@"), "messages") == ["Болат Абенов"]


@pytest.mark.parametrize("typed", ["мария", "МАРИЯ", "Мария", "мАрИя иВАНОва"])
def test_cyrillic_is_found_in_any_letter_case(admin_user, typed):
    """SQLite's own LIKE folds ASCII only: "мария" would miss "Мария" there."""
    LeadFactory(name="Мария Иванова")
    LeadFactory(name="Марат Ахметов")

    assert found(record_search(user=admin_user, query=typed), "leads") == ["Мария Иванова"]


def test_kazakh_letters_in_any_case(admin_user):
    LeadFactory(name="Әлия Өтебаева")

    assert found(record_search(user=admin_user, query="әлия өтеб"), "leads") == ["Әлия Өтебаева"]


@pytest.mark.parametrize("query", ["", " ", "a", "  я "])
def test_a_query_under_two_characters_finds_nothing(admin_user, query):
    LeadFactory(name="я")
    assert record_search(user=admin_user, query=query) == []


# --- permissions ---------------------------------------------------------------------------------


def test_non_staff_find_nothing(client_user):
    LeadFactory(name="Тайный Лид")
    assert record_search(user=client_user, query="Тайный") == []


def test_each_kind_only_for_who_may_view_it(manager):
    account_services.user_groups_sync(user=manager)
    LeadFactory(name="Видимый Сабыр")
    ConsultationFactory(name="Встреча Сабыр")
    UserFactory(name="Сабыр Пользователь")

    assert {g.key for g in record_search(user=manager, query="Сабыр")} == {"leads", "consultations", "users"}

    manager.groups.clear()  # staff, but without the Managers group's permissions
    manager = type(manager).objects.get(pk=manager.pk)  # a fresh object: no cached permissions
    assert record_search(user=manager, query="Сабыр") == []

    manager.user_permissions.add(Permission.objects.get(codename="view_lead", content_type__app_label="leads"))
    manager = type(manager).objects.get(pk=manager.pk)
    assert [g.key for g in record_search(user=manager, query="Сабыр")] == ["leads"]


def test_the_page_needs_a_staff_login(client, client_user):
    LeadFactory(name="Тайный Лид")

    response = client.get(SEARCH, {"q": "Тайный"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))

    client.force_login(client_user)
    response = client.get(SEARCH, {"q": "Тайный"})
    assert response.status_code == 302
    assert "Тайный" not in response.content.decode()


# --- the page ------------------------------------------------------------------------------------


def test_the_page_groups_the_results_with_links_and_phones(manager_client):
    lead = LeadFactory(name="Гульнара Сейткали", phone=PHONE)
    consultation = ConsultationFactory(name="Гульнара Сейткали", phone="+77051112233", email="")

    response = manager_client.get(SEARCH, {"q": "8 (701) 123-45-67"})

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("admin:leads_lead_change", args=[lead.pk]) in page
    assert reverse("admin:consultations_consultation_change", args=[consultation.pk]) not in page
    assert 'href="tel:+77011234567"' in page
    assert 'href="https://wa.me/77011234567" target="_blank" rel="noopener noreferrer"' in page
    assert "+7 701 123 4567" in page

    page = manager_client.get(SEARCH, {"q": "гульнара"}).content.decode()
    assert reverse("admin:consultations_consultation_change", args=[consultation.pk]) in page
    assert 'data-kind="leads"' in page and 'data-kind="consultations"' in page


def test_the_page_says_when_nothing_is_found(manager_client):
    page = manager_client.get(SEARCH, {"q": "несуществующий"}).content.decode()
    assert "несуществующий" in page
    assert 'data-kind="' not in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", ["Поиск", "Найти", "Лиды", "По запросу «нет-такого» ничего не найдено."]),
        ("kk", ["Іздеу", "Табу", "Лидтер", "«нет-такого» бойынша ештеңе табылмады."]),
        ("ky", ["Издөө", "Табуу", "Лиддер", "«нет-такого» боюнча эч нерсе табылган жок."]),
    ],
)
def test_the_page_speaks_the_managers_language(manager_client, language, words):
    LeadFactory(name="Ерлан")
    found_page = manager_client.get(SEARCH, {"q": "Ерлан"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    empty_page = manager_client.get(SEARCH, {"q": "нет-такого"}, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words[:3]:
        assert word in found_page
    assert words[3] in empty_page
    assert "Type at least" not in found_page and "All results" not in found_page


def test_the_sidebar_links_to_the_page(manager_client):
    page = manager_client.get(reverse("admin:index")).content.decode()
    assert f'href="{SEARCH}"' in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("ru", "Найти лида, клиента или телефон…"),
        ("kk", "Лидті, клиентті немесе телефонды табу…"),
        ("ky", "Лидди, кардарды же телефонду табуу…"),
    ],
)
def test_the_sidebar_box_says_it_finds_records_in_the_managers_language(manager_client, language, words):
    page = manager_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert words in page
    assert "Search apps and models" not in page
    assert "$dispatch('opencommand')" in page  # the box opens the command palette


def test_more_matches_than_shown_link_to_the_list(admin_client):
    for n in range(12):
        LeadFactory(name=f"Серик {n}")

    response = admin_client.get(SEARCH, {"q": "серик"})

    groups = response.context["groups"]
    assert len(groups[0].hits) == 10 and groups[0].more
    assert reverse("admin:leads_lead_changelist") + "?q=%D1%81%D0%B5%D1%80%D0%B8%D0%BA" in response.content.decode()


@pytest.mark.parametrize("records", [1, 100])
def test_the_page_takes_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries, records):
    for n in range(records):
        LeadFactory(name=f"Асель {n}", phone=PHONE)
        ContactMessageFactory(name=f"Асель {n}", phone=PHONE, lead=None)
        ConsultationFactory(name=f"Асель {n}", phone=PHONE)
        ProjectFactory(name=f"Асель {n}", client_phone=PHONE)
    for query in ("асель", "8 701 123 45 67"):
        with django_assert_max_num_queries(12):  # 11 seen: session, user, permissions, menu badges, one per kind
            response = manager_client.get(SEARCH, {"q": query})
        assert response.status_code == 200
        assert len(response.context["groups"]) == 4


# --- the command palette (Unfold's /admin/search/?extended=1) ------------------------------------


def test_the_palette_finds_records_by_phone(manager_client):
    lead = LeadFactory(name="Нурлан Касымов", phone=PHONE)

    response = manager_client.get(PALETTE, {"s": "8 701 123 45 67", "extended": "1"})

    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("admin:leads_lead_change", args=[lead.pk]) in page
    assert "Нурлан Касымов" in page
    assert SEARCH + "?q=8+701+123+45+67" in page  # and every group on the page


def test_the_palette_is_lower_cased_by_unfold_and_still_finds_cyrillic(manager_client):
    LeadFactory(name="Мария Иванова")
    page = manager_client.get(PALETTE, {"s": "Мария", "extended": "1"}).content.decode()
    assert "Мария Иванова" in page


def test_the_palette_respects_permissions(client, manager):
    lead = LeadFactory(name="Нурлан Касымов")
    manager.groups.clear()  # staff, but without the Managers group's permissions
    client.force_login(manager)

    page = client.get(PALETTE, {"s": "нурлан", "extended": "1"}).content.decode()

    assert reverse("admin:leads_lead_change", args=[lead.pk]) not in page


def test_the_palette_is_closed_to_non_staff(client, client_user):
    LeadFactory(name="Нурлан Касымов")
    client.force_login(client_user)

    response = client.get(PALETTE, {"s": "нурлан", "extended": "1"})

    assert response.status_code == 302
    assert "Нурлан" not in response.content.decode()


def test_the_palette_answers_now_not_from_unfolds_five_minute_cache(manager_client):
    LeadFactory(name="Жасұлан Бірінші")
    first = manager_client.get(PALETTE, {"s": "жасұлан", "extended": "1"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Жасұлан Бірінші" in first and "Лиды" in first

    LeadFactory(name="Жасұлан Екінші")
    again = manager_client.get(PALETTE, {"s": "жасұлан", "extended": "1"}, HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    assert "Жасұлан Екінші" in again  # added since the first query
    assert "Лидтер" in again and "Лиды" not in again  # in the language asked in


@pytest.mark.parametrize("records", [1, 100])
def test_the_palette_takes_a_fixed_number_of_queries(manager_client, django_assert_max_num_queries, records):
    for n in range(records):
        LeadFactory(name=f"Данияр {n}")
        ConsultationFactory(name=f"Данияр {n}")
    with django_assert_max_num_queries(10):  # 9 seen
        response = manager_client.get(PALETTE, {"s": "данияр", "extended": "1"})
    assert response.status_code == 200


# --- each list's own search box ------------------------------------------------------------------


LISTS = [
    ("admin:leads_lead_changelist", lambda: LeadFactory(name="Телефонный Лид", phone=PHONE)),
    ("admin:leads_contactmessage_changelist", lambda: ContactMessageFactory(name="Телефонное", phone=PHONE)),
    ("admin:consultations_consultation_changelist", lambda: ConsultationFactory(name="Телефонная", phone=PHONE)),
    ("admin:projects_project_changelist", lambda: ProjectFactory(name="Телефонный", client_phone=PHONE)),
]


@pytest.mark.parametrize(("url", "make"), LISTS)
@pytest.mark.parametrize("typed", ["8 777 000 00 00", "8 701 123 45 67", "+7 (701) 123-45-67", "77011234567"])
def test_each_list_search_finds_phones_written_any_way(manager_client, url, make, typed):
    record = make()
    other = Lead.objects.create(name="Посторонний", phone="+77020000000")

    response = manager_client.get(reverse(url), {"q": typed})

    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    if typed == "8 777 000 00 00":
        assert record.pk not in shown
    else:
        assert record.pk in shown
    if url == "admin:leads_lead_changelist":
        assert other.pk not in shown


def test_the_user_list_finds_cyrillic_names_in_any_case(admin_client):
    user = UserFactory(name="Бахытжан Серикбаев")
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "бахытжан"})
    assert [obj.pk for obj in response.context["cl"].result_list] == [user.pk]
