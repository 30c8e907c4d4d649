"""JSON bodies a hostile client cannot turn into a 500: a nesting limit (Python's parser recurses,
and a deep document exhausts the stack) and no lone surrogates (`"\\ud800"` is valid JSON but not
text the database or any encoder can store). Used by the API's parser and the site's JSON forms."""

import json

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Deeper than any body the API or the forms take (the deepest is an object in an object in a list).
MAX_JSON_DEPTH = 32


class UnsafeJson(ValueError):
    """The body is JSON a handler must not see; the message says why, in the caller's language."""


def check_json(data, *, check_text: bool = True) -> None:
    """Raise UnsafeJson when `data` nests deeper than MAX_JSON_DEPTH or (with `check_text`) holds
    a lone surrogate. The site's forms check text per field instead, to name the field."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if check_text and not is_valid_text(value):
                raise UnsafeJson(_("The body contains text that is not valid Unicode (a lone surrogate)"))
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise UnsafeJson(_("The body nests deeper than %(depth)d levels") % {"depth": MAX_JSON_DEPTH})
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if check_text and isinstance(key, str) and not is_valid_text(key):
                raise UnsafeJson(_("The body contains text that is not valid Unicode (a lone surrogate)"))
            stack.append((item, depth + 1))


def is_valid_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def loads(raw: bytes | str, *, check_text: bool = True):
    """json.loads that refuses what check_json refuses; UnsafeJson (a ValueError) for a body
    too deep for the parser itself, ValueError for anything that is not JSON."""
    try:
        data = json.loads(raw)
    except RecursionError as exc:
        raise UnsafeJson(_("The body nests deeper than %(depth)d levels") % {"depth": MAX_JSON_DEPTH}) from exc
    check_json(data, check_text=check_text)
    return data


class SafeJSONParser(JSONParser):
    """DRF's JSONParser with the limits above: a body past them is a 400 BAD_REQUEST."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(_("The body nests deeper than %(depth)d levels") % {"depth": MAX_JSON_DEPTH}) from exc
        try:
            check_json(data)
        except UnsafeJson as exc:
            raise ParseError(str(exc)) from exc
        return data
