"""`manage.py compile_translations`: the .mo files `make run` and `make test` build without gettext."""

import gettext
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.utils import translation

from apps.core.management.commands.compile_translations import compile_po, locale_dirs

RU_HEADER = r"""msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: ru\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"
"""

# Every kind of entry msgfmt treats in its own way; the msgids are ones the project does not use.
CATALOG = (
    RU_HEADER
    + r"""
msgid "Compile check: chair"
msgstr "Стул"

#, fuzzy
#| msgid "Compile check: old table"
msgid "Compile check: table"
msgstr "Неточный стол"

msgid "Compile check: untranslated"
msgstr ""

msgctxt "month"
msgid "Compile check: May"
msgstr "мая"

msgctxt "permission"
msgid "Compile check: May"
msgstr "можно"

#, python-format
msgid "Compile check: %(count)s shelf"
msgid_plural "Compile check: %(count)s shelves"
msgstr[0] "%(count)s полка"
msgstr[1] "%(count)s полки"
msgstr[2] "%(count)s полок"

msgctxt "furniture"
msgid "Compile check: bed"
msgid_plural "Compile check: beds"
msgstr[0] "кровать"
msgstr[1] "кровати"
msgstr[2] "кроватей"

msgid "Compile check: lamp"
msgid_plural "Compile check: lamps"
msgstr[0] ""
msgstr[1] ""
msgstr[2] ""

#, fuzzy
msgid "Compile check: stool"
msgid_plural "Compile check: stools"
msgstr[0] "табурет"
msgstr[1] ""
msgstr[2] ""

msgid ""
"Compile check: two\n"
"lines \"quoted\""
msgstr ""
"Две\n"
"строки «\"»"

#~ msgid "Compile check: obsolete"
#~ msgstr "Устаревшее"
"""
)


def write_catalog(root: Path, text: str, lang: str = "ru") -> Path:
    po = root / lang / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text(text, encoding="utf-8")
    return po


@pytest.fixture
def compiled(tmp_path, settings):
    """CATALOG compiled by the command and put first in Django's catalogs."""
    locale = tmp_path / "locale"
    po = write_catalog(locale, CATALOG)
    call_command("compile_translations", str(locale), verbosity=0)
    settings.LOCALE_PATHS = [locale]  # resets Django's loaded translations
    return po.with_suffix(".mo")


def test_the_compiled_catalog_translates_through_djangos_gettext(compiled):
    assert compiled.is_file()
    with translation.override("ru"):
        assert translation.gettext("Compile check: chair") == "Стул"
        assert translation.gettext('Compile check: two\nlines "quoted"') == 'Две\nстроки «"»'
        # Russian's three plural forms, chosen by Plural-Forms
        shelves = [
            translation.ngettext("Compile check: %(count)s shelf", "Compile check: %(count)s shelves", n) % {"count": n}
            for n in (1, 3, 5, 11, 21, 22, 25)
        ]
        assert shelves == ["1 полка", "3 полки", "5 полок", "11 полок", "21 полка", "22 полки", "25 полок"]
        assert translation.pgettext("month", "Compile check: May") == "мая"
        assert translation.pgettext("permission", "Compile check: May") == "можно"
        assert translation.gettext("Compile check: May") == "Compile check: May"
        beds = [translation.npgettext("furniture", "Compile check: bed", "Compile check: beds", n) for n in (1, 2, 7)]
        assert beds == ["кровать", "кровати", "кроватей"]


def test_fuzzy_untranslated_and_obsolete_entries_are_left_out_as_msgfmt_does(compiled):
    with translation.override("ru"):
        assert translation.gettext("Compile check: table") == "Compile check: table"
        assert translation.gettext("Compile check: untranslated") == "Compile check: untranslated"
        assert translation.gettext("Compile check: obsolete") == "Compile check: obsolete"
        assert translation.ngettext("Compile check: lamp", "Compile check: lamps", 5) == "Compile check: lamps"
        assert translation.ngettext("Compile check: stool", "Compile check: stools", 1) == "Compile check: stool"
    mo = gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    assert "Compile check: table" not in mo._catalog
    assert ("Compile check: lamp", 0) not in mo._catalog


def test_a_second_run_leaves_the_mo_file_alone(compiled, capsys):
    before = compiled.stat().st_mtime_ns
    call_command("compile_translations", str(compiled.parents[2]), verbosity=1)
    assert compiled.stat().st_mtime_ns == before
    assert capsys.readouterr().out.strip() == "1 catalogs, 0 .mo files written."


def test_a_half_translated_plural_is_refused_with_its_line(tmp_path):
    po = write_catalog(
        tmp_path,
        RU_HEADER + '\nmsgid "a file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] ""\nmsgstr[2] "файлов"\n',
    )
    with pytest.raises(CommandError) as error:
        call_command("compile_translations", str(tmp_path), verbosity=0)
    assert f"{po}:7: msgstr[1] of 'a file' is empty; translate every form" in str(error.value)
    assert not po.with_suffix(".mo").exists()


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('#, python-format\nmsgid "%(name)s left"\nmsgstr "%(nam)s ушёл"\n', "unknown named placeholder 'nam'"),
        # two forms where Plural-Forms says three: msgfmt writes it, gettext would miss the third
        ('msgid "a bed"\nmsgid_plural "beds"\nmsgstr[0] "кровать"\nmsgstr[1] "кровати"\n', r"msgstr\[2\] of 'a bed'"),
        ('msgid "a chair"\nmsgstr "стул"\ngarbage\n', "Unknown or misformatted keyword"),
    ],
    ids=["placeholder", "missing plural form", "syntax"],
)
def test_a_catalog_msgfmt_would_reject_is_refused(tmp_path, entry, problem):
    po = write_catalog(tmp_path, RU_HEADER + "\n" + entry)
    with pytest.raises(CommandError, match=problem) as error:
        call_command("compile_translations", str(tmp_path), verbosity=0)
    assert str(po) in str(error.value)
    assert not po.with_suffix(".mo").exists()


def test_the_project_catalogs_are_found():
    found = {path.resolve().relative_to(Path(django_settings.BASE_DIR).resolve()).as_posix() for path in locale_dirs()}
    assert {"locale", "apps/site/locale", "apps/portfolio/locale", "apps/files/locale"} <= found
    assert all(path.startswith(("locale", "apps/")) for path in found), found


def _read(mo: bytes) -> tuple[dict, list[int], str]:
    catalog = gettext.GNUTranslations(io.BytesIO(mo))
    messages = {key: value for key, value in catalog._catalog.items() if key != ""}
    return messages, [catalog.plural(n) for n in range(250)], catalog._charset.lower()


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="compares with GNU gettext's msgfmt, which is not installed")
def test_every_project_catalog_reads_the_same_as_msgfmts(tmp_path):
    catalogs = [po for directory in locale_dirs() for po in directory.glob("*/LC_MESSAGES/*.po")]
    catalogs.append(write_catalog(tmp_path / "edge", CATALOG))
    assert len(catalogs) >= 13
    for po in catalogs:
        mo = tmp_path / "msgfmt.mo"
        subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607
        assert _read(compile_po(po)) == _read(mo.read_bytes()), po
