"""The admin speaks the reader's language on every main page, the theme's (Unfold's) strings
included: the pages render in kk and ky (the `django_language` cookie, as the admin's language
switch sets it) for a manager and an admin, and no English the theme or Django would otherwise
show is left in the visible text. Also the Russian grammar slips of those pages."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from apps.accounts.models import Role
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.crm.factories import TaskFactory
from tests.leads.factories import ContactMessageFactory, LeadFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

# The issue's list: what a Kazakh- or Kyrgyz-speaking manager read in English.
ISSUE_STRINGS = [
    "Search apps and models",
    "All applications",
    "Select action",
    "Apply Filters",
    "Welcome back to",
    "Return to site",
    "Select value",
    "Choose file to upload",
    "Dark",
    "Light",
    "System",
]
# Found on the same pages: the rest of Unfold's chrome, Django's, and our own app names.
MORE_STRINGS = [
    "Select action to run",
    "Run",
    "Select all rows",
    "Select record",
    "Type to search",
    "Go back",
    "Select format",
    "True",
    "False",
    "Core",
    "Webhooks",
    "More actions",
    "No results found",
    "Reset filters",
    "Recent searches",
    "Toggle password visibility",
    "Filters",
    "Save",
    "Log in",
    "Log out",
    "Home",
    "History",
    "Export",
    "Import",
    "Change selected",
    "Add another",
    "View selected",
    "Delete selected",
    "selected",
    "Show counts",
    "Forgotten your password",
]
ENGLISH = ISSUE_STRINGS + MORE_STRINGS

# Latin text that is right in every language: the brand, acronyms, formats, language codes.
LATIN_ALLOWED = {"BaiMuras CRM", "CRM", "API", "KZT", "KGS", "csv", "xlsx", "CSV", "XLSX", "esc", "Email"}
LATIN_ALLOWED |= {"ru", "kk", "ky"}  # the language switch
LATIN_ALLOWED |= {"WhatsApp"}  # the messenger's name beside each phone, the same in every language
LATIN_ONLY = re.compile(r"^[A-Za-z][A-Za-z\s.,'’…:!?()-]*$")


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes and the placeholder/title/aria-label/alt attributes,
    without scripts, styles, templates and the icon font's ligature names."""

    HIDDEN = {"script", "style", "template"}
    ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}

    def __init__(self):
        super().__init__()
        self.stack = []
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = tag in self.HIDDEN or "material-symbols-outlined" in (attrs.get("class") or "")
        if tag not in {"br", "hr", "img", "input", "meta", "link", "source", "col", "wbr"}:
            self.stack.append(hidden)
        if not any(self.stack):
            self.parts += [value for name, value in attrs.items() if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if self.stack and tag not in {"br", "hr", "img", "input", "meta", "link", "source", "col", "wbr"}:
            self.stack.pop()

    def handle_data(self, data):
        if not any(self.stack) and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def english_in(parts: list[str]) -> list[str]:
    text = " | ".join(parts)
    found = [phrase for phrase in ENGLISH if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)]
    found += [
        part
        for part in parts
        if LATIN_ONLY.match(part) and re.search("[A-Za-z]{3}", part) and part not in LATIN_ALLOWED
    ]
    return sorted(set(found))


@pytest.fixture
def records(db):
    manager = UserFactory(role=Role.MANAGER, email="aigerim@example.com", name="Айгерим Садыкова")
    admin = UserFactory(role=Role.ADMIN, email="erlan@example.com", name="Ерлан Жумабеков")
    lead = LeadFactory(assigned_to=manager)
    LeadFactory.create_batch(2)
    project = ProjectFactory(manager=manager)
    consultation = ConsultationFactory()
    message = ContactMessageFactory()
    task = TaskFactory(lead=lead, assignee=manager, due_at=timezone.now() - timezone.timedelta(hours=2))
    return {
        "manager": manager,
        "admin": admin,
        "lead": lead,
        "project": project,
        "consultation": consultation,
        "message": message,
        "task": task,
    }


def admin_pages(records, role):
    lead, project = records["lead"], records["project"]
    pages = [
        reverse("admin:index"),
        reverse("admin:leads_lead_changelist"),
        reverse("admin:projects_project_changelist"),
        reverse("admin:consultations_consultation_changelist"),
        reverse("admin:leads_contactmessage_changelist"),
        reverse("admin:crm_task_changelist"),
        reverse("admin:leads_lead_change", args=[lead.pk]),
        reverse("admin:projects_project_change", args=[project.pk]),
        reverse("admin:leads_lead_add"),
        reverse("admin:projects_project_add"),
        reverse("admin:leads_lead_import"),
        reverse("admin:leads_lead_export"),
        reverse("crm-board", args=["leads"]),
        reverse("crm-board", args=["projects"]),
        reverse("crm-calendar"),
        reverse("crm-calendar") + "?view=month",
        reverse("admin:leads_lead_history", args=[lead.pk]),
        reverse("admin:consultations_consultation_change", args=[records["consultation"].pk]),
        reverse("admin:leads_contactmessage_change", args=[records["message"].pk]),
        reverse("admin:crm_task_change", args=[records["task"].pk]),
        reverse("admin:crm_task_add"),
        reverse("admin:consultations_consultation_add"),
        reverse("admin:leads_lead_changelist") + "?q=Мария",  # a search: "0 results (N total)"
        reverse("admin:projects_project_changelist") + "?q=нет-такого",  # nothing found
        reverse("crm-search") + "?q=" + lead.name.split()[0],  # the record search, with results
        reverse("crm-search") + "?q=нет-такого",  # and with none
        # The date hierarchy (contact messages; the leads list has date filters instead)
        reverse("admin:leads_contactmessage_changelist") + f"?created_at__year={records['message'].created_at.year}"
        f"&created_at__month={timezone.localtime(records['message'].created_at).month}",
    ]
    if role == "admin":
        pages += [
            reverse("admin:accounts_user_changelist"),
            reverse("admin:accounts_user_add"),
            reverse("admin:accounts_user_change", args=[records["manager"].pk]),
            reverse("admin:auth_user_password_change", args=[records["manager"].pk]),
            reverse("admin:password_change"),
            reverse("admin:projects_project_delete", args=[project.pk]),
        ]
    return pages


@pytest.mark.parametrize("language", ["kk", "ky"])
def test_login_page_has_no_english(client, language):
    client.cookies["django_language"] = language

    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert english_in(visible_text(response.content.decode())) == []


@pytest.mark.parametrize("language", ["kk", "ky"])
@pytest.mark.parametrize("role", ["manager", "admin"])
def test_main_admin_pages_have_no_english(client, records, role, language):
    client.force_login(records[role])
    client.cookies["django_language"] = language

    leftovers = {}
    for url in admin_pages(records, role):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Language"] == language, url
        if found := english_in(visible_text(response.content.decode())):
            leftovers[url] = found

    assert leftovers == {}


def test_the_check_sees_english_where_there_is_some():
    """The check itself: Unfold's English in attributes and text is found, icon names and scripts are not."""
    page = (
        '<input placeholder="Search apps and models..."><span class="material-symbols-outlined">search</span>'
        '<script>const label = "Select action";</script><button title="Apply Filters">Сүзгі</button>'
        "<p>Барлық қосымшалар</p><p>Return to site</p><p>Recently viewed</p><p>BaiMuras CRM</p>"
    )

    assert english_in(visible_text(page)) == [
        "Apply Filters",
        "Filters",
        "Recently viewed",
        "Return to site",
        "Search apps and models",
        "Search apps and models...",
    ]


def ru_page(client, admin_user, url):
    client.force_login(admin_user)
    client.cookies["django_language"] = "ru"
    response = client.get(url)
    assert response.status_code == 200
    return " | ".join(visible_text(response.content.decode()))


def test_russian_titles_do_not_put_a_nominative_name_after_a_verb(client, admin_user):
    ConsultationFactory()
    text = ru_page(client, admin_user, reverse("admin:consultations_consultation_changelist"))

    assert "Выберите консультация" not in text
    assert "Выбор для изменения: консультация" in text


def test_russian_count_is_a_label_not_a_number_before_a_plural(client, admin_user):
    LeadFactory.create_batch(10)
    text = ru_page(client, admin_user, reverse("admin:leads_lead_changelist"))

    assert "10 лиды" not in text
    assert "Лиды: 10" in text


def test_russian_date_hierarchy_days_are_in_the_genitive(client, admin_user):
    message = ContactMessageFactory()
    day = timezone.localtime(timezone.now()).replace(month=11, day=30, hour=12)
    type(message).objects.filter(pk=message.pk).update(created_at=day)
    url = reverse("admin:leads_contactmessage_changelist") + f"?created_at__year={day.year}&created_at__month=11"

    text = ru_page(client, admin_user, url)

    assert "30 ноября" in text
    assert "30 Ноябрь" not in text


def test_project_title_is_labelled_as_a_title(client, admin_user):
    project = ProjectFactory()
    page = ru_page(client, admin_user, reverse("admin:projects_project_change", args=[project.pk]))

    assert "Название" in page
    assert "Имя" not in page.split("Клиент")[0]  # the client's name further down may say "имя"


@pytest.mark.parametrize(
    ("language", "day_month", "date"),
    [
        ("ru", "30 ноября", "30 ноября 2026 г."),
        ("kk", "30 қараша", "30 қараша 2026 ж."),
        ("ky", "30 ноябрь", "30 ноябрь 2026 ж."),
    ],
)
def test_dates_read_as_written_in_each_language(language, day_month, date):
    with translation.override(language):
        assert formats.date_format(datetime.date(2026, 11, 30), "MONTH_DAY_FORMAT") == day_month
        assert formats.date_format(datetime.date(2026, 11, 30), "DATE_FORMAT") == date
