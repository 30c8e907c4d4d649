"""The site's own catalog (apps/site/locale): every UI string translated in ru, kk and ky, no
fuzzy entries, placeholders kept; Kazakh and Kyrgyz written in their own letters."""

import re
from pathlib import Path

import pytest
from django.conf import settings

polib = pytest.importorskip("polib")

SITE_LOCALE = Path(settings.BASE_DIR) / "apps" / "site" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*\}")
NATIONAL = {"kk": set("әғқңөұүһіӘҒҚҢӨҰҮҺІ"), "ky": set("өңүӨҢҮ")}
NPLURALS = {"ru": 3, "kk": 2, "ky": 2}


def catalog(language):
    return polib.pofile(str(SITE_LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
def test_every_entry_is_translated(language):
    po = catalog(language)
    entries = [e for e in po if not e.obsolete]
    assert len(entries) > 200
    assert po.metadata["Language"] == language
    assert f"nplurals={NPLURALS[language]};" in po.metadata["Plural-Forms"].replace(" ", "")
    assert not po.metadata_is_fuzzy
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not e.translated()] == []


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
def test_placeholders_are_kept(language):
    for entry in (e for e in catalog(language) if not e.obsolete):
        if entry.msgid_plural:
            for form in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(entry.msgid_plural)), entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize("language", ["kk", "ky"])
def test_kazakh_and_kyrgyz_are_not_russian(language):
    """Most longer strings use letters Russian does not have; none is left in Russian."""
    ru = {e.msgid: e.msgstr for e in catalog("ru")}
    long_entries = [e for e in catalog(language) if not e.obsolete and len(e.msgid) > 40]
    with_letters = [e for e in long_entries if NATIONAL[language] & set(e.msgstr)]
    assert len(with_letters) / len(long_entries) > 0.85
    assert [e.msgid for e in long_entries if e.msgstr == ru.get(e.msgid)] == []


def test_every_template_string_is_in_the_catalog():
    """Strings of the layout and error pages live in apps/site/templates, where makemessages run in
    apps/site finds them; templates/ only extends them."""
    msgids = {e.msgid for e in catalog("ru")}
    for message in ("Skip to content", "Main menu", "Page not found", "Something went wrong", "Access denied"):
        assert message in msgids
    for template in ("base.html", "400.html", "403.html", "404.html", "500.html"):
        text = (Path(settings.BASE_DIR) / "templates" / template).read_text()
        assert "translate" not in text, template
