"""The ru, kk and ky catalogs: complete, well-formed, and actually used by the API's errors.

Django's and DRF's own Kazakh catalogs are partial (and DRF has no Kyrgyz one), so the strings
they lack live in locale/<lang>/upstream_gaps.po and are merged into django.po by
locale/merge_upstream_gaps.py. The .mo files are built by `make test` (compile_translations)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.test import APIClient

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["ru", "kk", "ky"]
NPLURALS = {"ru": 3, "kk": 2, "ky": 2}
# Letters that only Kazakh / Kyrgyz Cyrillic have: a Russian or English text has none of them.
NATIONAL_LETTERS = {"kk": set("әғқңөұүһіӘҒҚҢӨҰҮҺІ"), "ky": set("өңүӨҢҮ")}
VALIDATION_STRINGS = ["This field is required.", "Enter a valid email address.", "A valid integer is required."]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdrf]|%[sdrf]|\{\w*(?::[^{}]*)?\}|<[^>]+>")


def _polib():
    return pytest.importorskip("polib", reason="polib (a dev tool) reads the .po files")


def _catalog(lang: str, name: str = "LC_MESSAGES/django.po"):
    return _polib().pofile(str(LOCALE_DIR / lang / name))


def _placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _in(lang: str, message: str) -> str:
    with translation.override(lang):
        return gettext(message)


# --- The .po files -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(lang):
    catalog = _catalog(lang)
    entries = [entry for entry in catalog if not entry.obsolete]

    assert entries
    assert not catalog.metadata_is_fuzzy
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert [e.msgid for e in entries if not e.translated()] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_and_placeholders_are_kept(lang):
    catalog = _catalog(lang)
    assert catalog.metadata["Language"] == lang
    assert f"nplurals={NPLURALS[lang]};" in catalog.metadata["Plural-Forms"].replace(" ", "")

    for entry in (e for e in catalog if not e.obsolete):
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == NPLURALS[lang], entry.msgid
            for form in entry.msgstr_plural.values():
                assert _placeholders(form) == _placeholders(entry.msgid_plural), (entry.msgid, form)
        else:
            assert _placeholders(entry.msgstr) == _placeholders(entry.msgid), (entry.msgid, entry.msgstr)


@pytest.mark.parametrize("lang", ["ru", "kk", "ky"])
def test_upstream_gaps_are_merged_into_the_compiled_catalog(lang):
    """A `makemessages` run turns them into obsolete `#~` entries, which are not compiled:
    run locale/merge_upstream_gaps.py after it."""
    gaps = _catalog(lang, "upstream_gaps.po")
    active = {(e.msgctxt, e.msgid): e for e in _catalog(lang) if not e.obsolete}

    assert len(gaps) > 0
    missing = [gap.msgid for gap in gaps if (gap.msgctxt, gap.msgid) not in active]
    assert missing == [], "run: .venv/bin/python locale/merge_upstream_gaps.py"
    for gap in gaps:
        assert gap.tcomment.startswith("Added: ")  # what merge_upstream_gaps.py refreshes
        assert f" {lang} " in gap.tcomment


def test_kazakh_catalog_has_the_validation_strings():
    ours = {e.msgid for e in _catalog("kk") if not e.obsolete and e.translated()}
    assert {"Enter a valid email address.", "A valid biginteger is required."} <= ours
    assert "This password is too short. It must contain at least %d character." in ours


# --- The compiled catalogs in use --------------------------------------------------------------


@pytest.mark.parametrize("message", VALIDATION_STRINGS)
@pytest.mark.parametrize("lang", ["kk", "ky"])
def test_validation_strings_are_translated(lang, message):
    translated = _in(lang, message)

    assert translated not in (message, _in("ru", message))
    assert NATIONAL_LETTERS[lang] & set(translated), translated


def test_required_russian_wordings():
    assert _in("ru", "Validation error") == "Ошибка валидации данных"
    assert _in("ru", "Resource not found") == "Ресурс не найден"
    assert _in("ru", "Invalid email or password") == "Неверный email или пароль"
    assert _in("ru", "Rate limit exceeded") == "Превышен лимит запросов"


@pytest.mark.parametrize("lang", ["kk", "ky"])
def test_password_validator_speaks_the_language(lang):
    with translation.override(lang), pytest.raises(ValidationError) as caught:
        MinimumLengthValidator(min_length=8).validate("abc")

    (message,) = caught.value.messages
    assert "8" in message
    assert NATIONAL_LETTERS[lang] & set(message), message


# --- The API -----------------------------------------------------------------------------------


def _login_422(**headers) -> dict:
    response = APIClient().post("/api/v1/auth/login", {}, format="json", **headers)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"]["code"] == "VALIDATION_ERROR"
    assert set(body["error"]["details"]) == {"email", "password"}
    return body["error"]


@pytest.mark.parametrize(("accept", "lang"), [("kk", "kk"), ("kk-KZ,kk;q=0.9", "kk"), ("kz", "kk"), ("ky", "ky")])
def test_validation_error_in_kazakh_and_kyrgyz(db, accept, lang):
    error = _login_422(HTTP_ACCEPT_LANGUAGE=accept)

    assert error["message"] == _in(lang, "Validation error")
    assert error["message"] not in ("Validation error", "Ошибка валидации данных")
    assert NATIONAL_LETTERS[lang] & set(error["message"])
    required = _in(lang, "This field is required.")
    for messages in error["details"].values():
        assert messages == [required]
        assert required not in ("This field is required.", _in("ru", "This field is required."))
        assert NATIONAL_LETTERS[lang] & set(required)


def test_validation_error_defaults_to_russian(db):
    error = _login_422()

    assert error["message"] == "Ошибка валидации данных"
    for messages in error["details"].values():
        assert messages == [_in("ru", "This field is required.")]
        assert messages != ["This field is required."]
