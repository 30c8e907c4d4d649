"""The portfolio's and the files' own catalogs (apps/<app>/locale): complete in ru, kk and ky,
placeholders kept, and really used by the API and the pages."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

LANGUAGES = ["ru", "kk", "ky"]
NPLURALS = {"ru": 3, "kk": 2, "ky": 2}
NATIONAL_LETTERS = {"kk": set("әғқңөұүһіӘҒҚҢӨҰҮҺІ"), "ky": set("өңүӨҢҮ")}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*(?::[^{}]*)?\}|<[^>]+>")
CATALOGS = [(app, lang) for app in ("portfolio", "files") for lang in LANGUAGES]


def catalog(app: str, lang: str):
    polib = pytest.importorskip("polib", reason="polib (a dev tool) reads the .po files")
    return polib.pofile(str(Path(settings.BASE_DIR) / "apps" / app / "locale" / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize(("app", "lang"), CATALOGS)
def test_catalog_is_complete(app, lang):
    po = catalog(app, lang)
    entries = [e for e in po if not e.obsolete]

    assert entries and not po.metadata_is_fuzzy
    assert po.metadata["Language"] == lang
    assert f"nplurals={NPLURALS[lang]};" in po.metadata["Plural-Forms"].replace(" ", "")
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not e.translated()] == []
    for entry in entries:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == NPLURALS[lang], entry.msgid
            for form in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(entry.msgid_plural)), entry.msgid
        else:
            assert set(PLACEHOLDER.findall(entry.msgstr)) == set(PLACEHOLDER.findall(entry.msgid)), entry.msgid


@pytest.mark.parametrize(("app", "lang"), [(app, lang) for app, lang in CATALOGS if lang != "ru"])
def test_kazakh_and_kyrgyz_are_not_russian_left_in_place(app, lang):
    """Every sentence differs from the Russian one, and most carry letters only Kazakh or Kyrgyz
    Cyrillic has (Kyrgyz has three, so a short sentence may have none)."""
    russian = {e.msgid: e.msgstr or e.msgstr_plural.get(0) for e in catalog(app, "ru")}
    sentences = [e for e in catalog(app, lang) if not e.obsolete and len(e.msgid.split()) >= 5]
    texts = [e.msgstr or e.msgstr_plural[0] for e in sentences]

    assert sentences
    assert [e.msgid for e, text in zip(sentences, texts, strict=True) if text == russian[e.msgid]] == []
    national = [text for text in texts if NATIONAL_LETTERS[lang] & set(text)]
    assert len(national) >= len(texts) * 2 / 3, [t for t in texts if t not in national]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Project created successfully",
            {"ru": "Проект успешно создан", "kk": "Жоба сәтті құрылды", "ky": "Долбоор ийгиликтүү түзүлдү"},
        ),
        ("All projects", {"ru": "Все проекты", "kk": "Барлық жобалар", "ky": "Бардык долбоорлор"}),
        ("The file is empty", {"ru": "Файл пустой", "kk": "Файл бос", "ky": "Файл бош"}),
    ],
)
def test_compiled_catalogs_are_in_use(message, expected):
    for lang, text in expected.items():
        with translation.override(lang):
            assert gettext(message) == text
