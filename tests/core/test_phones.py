import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from apps.core.phones import format_phone, normalize_phone, phone_search_q, whatsapp_url
from apps.core.templatetags.phones import phone_links


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


# --- for reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "shown", "chat"),
    [
        ("+77771234567", "+7 777 123 4567", "https://wa.me/77771234567"),
        ("+996509912569", "+996 509 912 569", "https://wa.me/996509912569"),
        ("+77272345678", "+7 7272 34 56 78", "https://wa.me/77272345678"),  # an Almaty landline
    ],
)
def test_a_number_reads_internationally_and_opens_in_whatsapp(stored, shown, chat):
    assert format_phone(stored) == shown
    assert whatsapp_url(stored) == chat


@pytest.mark.parametrize("value", ["", None, "12", "не номер"])
def test_what_is_no_number_is_shown_as_it_is_without_links(value):
    assert format_phone(value) == str(value or "")
    assert whatsapp_url(value) == ""


def test_phone_links_call_and_chat_in_a_new_tab():
    html = phone_links("+77771234567")
    assert '<a href="tel:+77771234567"' in html
    assert ">+7 777 123 4567</a>" in html
    assert '<a href="https://wa.me/77771234567" target="_blank" rel="noopener noreferrer"' in html


def test_phone_links_escape_what_does_not_parse():
    assert phone_links("") == ""
    html = phone_links("<b>12</b>")
    assert "<b>" not in html and "&lt;b&gt;12&lt;/b&gt;" in html
    assert "href" not in html


def test_the_template_filters():
    template = Template("{% load phones %}{{ phone|phone_display }}|{{ phone|phone_links }}")
    text = template.render(Context({"phone": "+77771234567"}))
    shown, links = text.split("|", 1)
    assert shown == "+7 777 123 4567"
    assert 'href="tel:+77771234567"' in links


# --- finding -----------------------------------------------------------------------------------


def _finds(term: str, stored: str) -> bool:
    """Whether the filter `phone_search_q(term)` matches a row whose phone is `stored` (run as
    Python over the Q's children: exact, __contains and __startswith lookups)."""
    query = phone_search_q(term, ["phone"])
    if query is None:
        return False
    for child in query.children:
        lookup, value = child
        if lookup == "phone" and stored == value:
            return True
        if lookup == "phone__contains" and value in stored:
            return True
        if lookup == "phone__startswith" and stored.startswith(value):
            return True
    return False


@pytest.mark.parametrize("typed", ["8 777 123 45 67", "+7 (777) 123-45-67", "77771234567", "8-777-123-45-67"])
def test_any_writing_of_a_whole_number_finds_it(typed):
    assert _finds(typed, "+77771234567")
    assert not _finds(typed, "+77771234568")


@pytest.mark.parametrize("typed", ["123 45 67", "8 777 123", "777 123"])
def test_a_part_of_a_number_finds_it(typed):
    assert _finds(typed, "+77771234567")


@pytest.mark.parametrize("typed", ["Мария", "a@b.kz", "123", "7 7", "", "  "])
def test_what_is_not_a_number_is_no_phone_search(typed):
    assert phone_search_q(typed, ["phone"]) is None


def test_no_phone_fields_no_phone_search():
    assert phone_search_q("8 777 123 45 67", []) is None


def test_the_trunk_prefix_follows_the_default_region(settings):
    settings.PHONE_DEFAULT_REGION = "KG"
    assert _finds("0509 912", "+996509912569")


def test_a_number_read_once_reads_by_the_region_in_force(settings):
    """Numbers read are kept per process (a list page shows each twice): kept by the default
    region too, so a national number means what it means in the region now in force."""
    assert format_phone("0509 912 569") == "0509 912 569"  # not a Kazakh number: as it is
    settings.PHONE_DEFAULT_REGION = "KG"
    assert format_phone("0509 912 569") == "+996 509 912 569"
    assert whatsapp_url("0509 912 569") == "https://wa.me/996509912569"
