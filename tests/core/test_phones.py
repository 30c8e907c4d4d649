import pytest
from django.core.exceptions import ValidationError

from apps.core.phones import normalize_phone


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("+7 777 123 45 67", "+77771234567"),
        ("87771234567", "+77771234567"),
        ("8 (777) 123-45-67", "+77771234567"),
        ("7771234567", "+77771234567"),  # national number, default region KZ
        ("+77771234567", "+77771234567"),  # already E.164: unchanged
        ("+996 509 912 569", "+996509912569"),  # Kyrgyzstan: the Bishkek office
        ("  +7 777 123 45 67  ", "+77771234567"),
    ],
)
def test_valid_numbers_are_stored_in_e164(raw, e164):
    assert normalize_phone(raw) == e164


@pytest.mark.parametrize("raw", ["abc", "123", "+7 777", "++--"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as exc:
        normalize_phone(raw)
    assert exc.value.code == "invalid_phone"


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_no_number_is_empty(raw):
    assert normalize_phone(raw) == ""


def test_default_region_is_a_setting(settings):
    settings.PHONE_DEFAULT_REGION = "KG"
    assert normalize_phone("0509 912 569") == "+996509912569"
