"""Spreadsheet formula injection (CSV and XLSX): a cell that starts with `=`, `+`, `-`, `@`, a tab
or a carriage return is run as a formula by Excel, LibreOffice and Google Sheets, so a lead named
`=HYPERLINK("http://evil…")` would become a live link in a manager's export. Such text is written
with a leading apostrophe (OWASP's advice); numbers and phone numbers (`+77771234567`, `-5`) are
left as they are."""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_OR_PHONE = re.compile(r"[+-]?[\d\s().,-]*\d[\d\s().,-]*")


def neutralize_formula(value):
    """`value` safe for a spreadsheet cell: text that a spreadsheet would run gets a leading `'`."""
    if not isinstance(value, str) or not value.startswith(FORMULA_TRIGGERS):
        return value
    if value[0] in "+-" and _NUMBER_OR_PHONE.fullmatch(value):
        return value
    return "'" + value


class FormulaSafeExportMixin:
    """A django-import-export Resource whose exported cells never start a formula."""

    def export_field(self, field, instance, **kwargs):
        return neutralize_formula(super().export_field(field, instance, **kwargs))
