"""CSV and XLSX import and export of leads (django-import-export).

Export: one row per lead, choices as labels in the manager's language.
Import: name, email, phone, service_interest and notes; every row goes through
`lead_create_or_link` with source "import", so phones are stored in E.164 and a row whose email
or phone already has an open lead is linked to it (the preview shows it as an update) instead of
making a duplicate."""

import csv
import io

import openpyxl
from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from apps.core.spreadsheets import FormulaSafeExportMixin, neutralize_formula

from . import selectors, services
from .models import Lead, LeadSource, LeadStatus, ServiceInterest

IMPORT_COLUMNS = ("name", "email", "phone", "service_interest", "notes")
EXPORT_COLUMNS = (
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
)


def import_labels() -> list[str]:
    """The imported columns as the reader names them ("Имя", "Телефон", ...), in IMPORT_COLUMNS' order."""
    return [capfirst(str(Lead._meta.get_field(column).verbose_name)) for column in IMPORT_COLUMNS]


def import_template(file_format: str) -> bytes:
    """An empty file to fill in and import: the header row in the reader's language (the import reads
    it in any of the site's languages, in English, or as the column codes)."""
    headers = import_labels()
    if file_format == "csv":
        text = io.StringIO()
        csv.writer(text).writerow(headers)
        return text.getvalue().encode("utf-8-sig")  # with the BOM, Excel reads the Cyrillic right
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = capfirst(str(Lead._meta.verbose_name_plural))[:31]
    sheet.append(headers)
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 4)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class ChoiceLabelWidget(widgets.Widget):
    """Writes a choice's label; reads its value or its label (in the current language or in
    English), in any letter case."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        wanted = text.casefold()
        for key, label in self.choices:
            with translation.override(None):
                source_label = str(label)
            if wanted in (key.casefold(), str(label).casefold(), source_label.casefold()):
                return key
        raise ValueError(_("Unknown value “%(value)s”") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class LeadResource(FormulaSafeExportMixin, resources.ModelResource):
    id = fields.Field(attribute="id", column_name="id", readonly=True)
    status = fields.Field(
        attribute="status", column_name="status", readonly=True, widget=ChoiceLabelWidget(LeadStatus.choices)
    )
    source = fields.Field(attribute="source_label", column_name="source", readonly=True)  # its name, not the code
    service_interest = fields.Field(
        attribute="service_interest", column_name="service_interest", widget=ChoiceLabelWidget(ServiceInterest.choices)
    )
    assigned_to = fields.Field(attribute="assigned_to__email", column_name="assigned_to", readonly=True)
    created_at = fields.Field(
        attribute="created_at", column_name="created_at", readonly=True, widget=widgets.DateTimeWidget("%Y-%m-%d %H:%M")
    )

    class Meta:
        model = Lead
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS
        use_transactions = True  # the preview is a real run, rolled back
        skip_unchanged = False
        clean_model_instances = False  # the service validates

    # -- headers: "Имя", "Аты", "Name" or "name" all mean `name` --

    def before_import(self, dataset, **kwargs):
        if not dataset.headers:
            return
        # Spreadsheets often end with empty lines: they are not rows to report as invalid.
        for index in reversed(range(len(dataset))):
            if not any(str(value or "").strip() for value in dataset[index]):
                del dataset[index]
        aliases = {}
        for column in IMPORT_COLUMNS:
            label = Lead._meta.get_field(column).verbose_name
            names = [column]
            for language in [None, *(code for code, _name in settings.LANGUAGES)]:
                with translation.override(language):
                    names.append(str(label))  # a template filled in by a colleague in another language
            for alias in names:
                aliases[alias.strip().casefold()] = column
        dataset.headers = [aliases.get(str(header or "").strip().casefold(), header) for header in dataset.headers]

    # -- rows --

    def before_import_row(self, row, **kwargs):
        """Clean the contact the way the service will, so the preview's duplicate lookup and its
        errors (a bad phone, no name, neither email nor phone) match what the import will do."""
        name, email, phone = services.clean_contact(
            name=str(row.get("name") or ""), email=str(row.get("email") or ""), phone=str(row.get("phone") or "")
        )
        # A formula in the sheet is stored as text that no later export can run.
        row["name"], row["email"], row["phone"] = neutralize_formula(name), email, phone
        row["notes"] = neutralize_formula(str(row.get("notes") or "").strip())

    def get_instance(self, instance_loader, row):
        # Duplicates are found by contact, never by an `id` column (an exported file re-imported
        # links its rows to their open leads).
        return selectors.lead_find_open(email=row.get("email", ""), phone=row.get("phone", ""))

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            return super().import_instance(instance, row, **kwargs)
        # An existing lead only gains what it lacks, as lead_create_or_link does: the preview's
        # diff shows exactly that.
        interest = self.fields["service_interest"].clean(row) if "service_interest" in row else ""
        for field, value in (("email", row.get("email")), ("phone", row.get("phone")), ("service_interest", interest)):
            if value and not getattr(instance, field):
                setattr(instance, field, value)
        return None

    def save_instance(self, instance, is_create, row, **kwargs):
        if not self._is_using_transactions(kwargs) and self._is_dry_run(kwargs):
            return  # a dry run that nothing would roll back writes nothing
        interest = self.fields["service_interest"].clean(row) if "service_interest" in row else ""
        notes = row.get("notes", "")
        lead, _created = services.lead_create_or_link(
            name=row["name"],
            email=row.get("email", ""),
            phone=row.get("phone", ""),
            source=LeadSource.IMPORT,
            service_interest=interest,
            notes=notes,
            inquiry=notes,
            author=kwargs.get("user"),
            notify=False,  # an import of 500 rows must not send 500 emails
            fill_blanks=True,  # staff import: a known lead gains what it lacks, as the preview shows
        )
        instance.pk = lead.pk
        instance._state.adding = False
        for field in ("name", "email", "phone", "service_interest", "status", "source"):
            setattr(instance, field, getattr(lead, field))

    def get_import_fields(self):
        # The preview's table: which lead a row becomes or joins (its id), and the imported columns.
        return [field for field in super().get_import_fields() if not field.readonly or field.column_name == "id"]

    def get_user_visible_fields(self):
        return [field for field in self.get_import_fields() if not field.readonly]

    def get_queryset(self):
        return Lead.objects.select_related("assigned_to")
