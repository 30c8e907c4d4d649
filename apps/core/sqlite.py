"""SQLite's LIKE folds case for ASCII only, so `icontains` would miss "айгерим" in "Айгерим"
on the embedded default database. Registering a Unicode-aware LIKE fixes every search at once;
PostgreSQL (UPPER ... LIKE UPPER) is unaffected."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern:
    parts, index = [], 0
    while index < len(pattern):
        char = pattern[index]
        if escape and char == escape and index + 1 < len(pattern):
            parts.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        parts.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        index += 1
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


@lru_cache(maxsize=512)
def _contains_needle(pattern: str, escape: str | None) -> str | None:
    """The lower-cased text of a plain `%text%` pattern (what `icontains` sends), else None."""
    if len(pattern) < 2 or pattern[0] != "%" or pattern[-1] != "%":
        return None
    inner = pattern[1:-1]
    if "%" in inner or "_" in inner or (escape and escape in inner):
        return None
    return inner.lower()


def unicode_like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    pattern = str(pattern)
    # A search runs this once per row and column: the common `%text%` is a substring test, not a regex.
    needle = _contains_needle(pattern, escape)
    if needle is not None:
        return needle in str(value).lower()
    return _like_regex(pattern, escape).fullmatch(str(value)) is not None


def register_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


def install() -> None:
    connection_created.connect(register_unicode_like, dispatch_uid="baimuras-sqlite-unicode-like")
