"""Phone numbers: parsed with `phonenumbers` and stored in E.164 (+77771234567)."""

from functools import lru_cache

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _("Invalid phone number format")


def normalize_phone(value: str | None) -> str:
    """'' for empty input, E.164 for a valid number; ValidationError otherwise."""
    value = str(value or "").strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --- Reading and finding numbers ---------------------------------------------------------------

_PHONE_CHARACTERS = frozenset("0123456789+-() .")


@lru_cache(maxsize=4096)
def _formatted(value: str, region: str) -> tuple[str, str] | None:
    """(international, E.164) of a valid number, else None. Parsing and formatting are the costly
    part (a list page shows 50 numbers, each as text and as links), so a process keeps the numbers
    it read last."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164),
    )


def _formats(value: str | None) -> tuple[str, str] | None:
    return _formatted(str(value or "").strip(), settings.PHONE_DEFAULT_REGION)


def format_phone(value: str | None) -> str:
    """A stored number as people read it ("+7 777 123 4567"); anything unparsable as it is."""
    formats = _formats(value)
    return formats[0] if formats else str(value or "")


def whatsapp_url(value: str | None) -> str:
    """ "https://wa.me/77771234567" for a valid number, '' otherwise."""
    formats = _formats(value)
    return "https://wa.me/" + formats[1].lstrip("+") if formats else ""


def phone_search_q(term: str | None, fields) -> Q | None:
    """What a search box's text means as a phone number, as a filter on `fields` (stored in E.164),
    or None when it is not one (letters, fewer than 4 digits). Any way of writing a whole number
    ("8 777 123 45 67", "+7 (777) 123-45-67", "77771234567") finds it exactly; a part of one
    ("123 45 67", "8 777 123") finds the numbers containing (or starting with) those digits."""
    text = str(term or "").strip()
    if not fields or not text or not set(text) <= _PHONE_CHARACTERS:
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) < 4:
        return None
    try:
        whole = normalize_phone(text)
    except ValidationError:
        whole = ""
    prefix = ""
    if not text.startswith("+"):
        # A national number with its trunk prefix ("8 777 ..." in Kazakhstan, "0 509 ..." in Kyrgyzstan).
        region = settings.PHONE_DEFAULT_REGION
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
        trunk = (metadata.national_prefix or "") if metadata is not None else ""
        if trunk and digits.startswith(trunk) and len(digits) > len(trunk):
            prefix = f"+{phonenumbers.country_code_for_region(region)}{digits[len(trunk) :]}"
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__contains": digits})
        if whole:
            query |= Q(**{field: whole})
        if prefix:
            query |= Q(**{f"{field}__startswith": prefix})
    return query
