"""The analytics catalog (apps/analytics/locale): complete in ru, kk and ky, placeholders kept,
and used by the dashboard."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

polib = pytest.importorskip("polib")

LOCALE = Path(settings.BASE_DIR) / "apps" / "analytics" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]")


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
def test_every_entry_is_translated_with_its_placeholders(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 90 and po.metadata["Language"] == language and not po.metadata_is_fuzzy
    assert [e.msgid for e in entries if not e.translated() or "fuzzy" in e.flags] == []
    for entry in entries:
        assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize(
    ("language", "text"),
    [("ru", "Уникальные посетители"), ("kk", "Бірегей келушілер"), ("ky", "Уникалдуу келүүчүлөр")],
)
def test_the_dashboard_strings_are_translated(language, text):
    with translation.override(language):
        assert gettext("Unique visitors") == text
