"""Where django-unfold 0.91 does work it need not, undone here (installed by CoreConfig.ready).

Each changelist row asked `result_headers(cl)` for every column header again, only to write one
header's text as each cell's `data-label`: on the leads changelist (50 rows, 8 columns) that was
about a quarter of the page's time. The headers are now made once per changelist and handed to
every row. Upstream fixed the same in django-unfold's pull request #2172 (merged July 2026, not
in 0.91.0, the newest release on PyPI): drop this module when requirements move past it."""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from unfold import admin as unfold_admin
from unfold.templatetags import unfold_list

from .fragments import around, escape

_made = unfold_list.result_headers


def result_headers(cl):
    """unfold's `result_headers`, made once per changelist (a list of the same dicts)."""
    headers = getattr(cl, "_unfold_headers", None)
    if headers is None:
        headers = cl._unfold_headers = list(_made(cl))
    return list(headers)


def install() -> None:
    unfold_list.result_headers = result_headers


# Each row's selection checkbox is unfold's widget rendered through its template, once per row
# (a tenth of the leads changelist's time): rendered here once per language with a stand-in
# value, which each row's id then replaces.
_STAND_IN = "pk-stand-in-7f3a91"
_checkboxes: dict[str, tuple[str, str]] = {}


def row_checkbox(pk) -> str:
    """What unfold's `ModelAdmin.action_checkbox` answers for a row with this `pk`."""
    language = get_language() or ""
    parts = _checkboxes.get(language)
    if parts is None:
        parts = around(unfold_admin.checkbox.render(ACTION_CHECKBOX_NAME, _STAND_IN), _STAND_IN)
        if parts is None:  # not the one value we can replace: render each row
            return unfold_admin.checkbox.render(ACTION_CHECKBOX_NAME, str(pk))
        _checkboxes[language] = parts
    return mark_safe(f"{parts[0]}{escape(str(pk))}{parts[1]}")  # noqa: S308 - unfold's own markup, the id escaped
