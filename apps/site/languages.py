"""The site's three languages: codes in and out, native names, Open Graph locales."""

from django.conf import settings

# The seeds call Kazakh `kz`; Django calls it `kk`. Both are accepted; JSON answers `kz`.
ALIASES = {"kz": "kk", "kz-kz": "kk", "kk-kz": "kk", "ru-ru": "ru", "ky-kg": "ky"}
JSON_CODE = {"ru": "ru", "kk": "kz", "ky": "ky"}

# Each language names itself in the switcher: a visitor who cannot read the page still finds theirs.
NATIVE_NAMES = {"ru": "Русский", "kk": "Қазақша", "ky": "Кыргызча"}
SHORT_NAMES = {"ru": "Рус", "kk": "Қаз", "ky": "Кыр"}
OG_LOCALES = {"ru": "ru_RU", "kk": "kk_KZ", "ky": "ky_KG"}


def codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def normalize_language(value: str | None) -> str | None:
    """`ru`, `kk`, `ky` (or `kz`, any case) -> Django's code; None for anything else."""
    code = (value or "").strip().lower().replace("_", "-")
    code = ALIASES.get(code, code)
    return code if code in codes() else None
