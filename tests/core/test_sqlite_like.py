"""SQLite's Unicode-aware LIKE (apps/core/sqlite.py): the `%text%` fast path and the general
pattern agree on every kind of pattern Django sends."""

import pytest

from apps.core.sqlite import unicode_like


@pytest.mark.parametrize(
    ("pattern", "value", "escape", "expected"),
    [
        ("%мар%", "Мария Петрова", "\\", True),
        ("%МАРИЯ%", "мария", "\\", True),
        ("%қазақ%", "ҚАЗАҚША", "\\", True),
        ("%+77770001234%", "+77770001234", "\\", True),
        ("%айгерим%", "Мария", "\\", False),
        ("%%", "что угодно", "\\", True),
        ("%50\\%%", "скидка 50% на кухни", "\\", True),  # an escaped % is a literal
        ("%50\\%%", "скидка 500 на кухни", "\\", False),
        ("%a\\_b%", "a_b", "\\", True),
        ("%a\\_b%", "axb", "\\", False),
        ("%a_b%", "axb", "\\", True),  # an unescaped _ is any one character
        ("мар%", "Мария", "\\", True),  # istartswith
        ("мар%", "Тамара", "\\", False),
        ("%ия", "Мария", "\\", True),  # iendswith
        ("мария", "МАРИЯ", "\\", True),  # iexact
        ("%мар%", None, "\\", None),
    ],
)
def test_like(pattern, value, escape, expected):
    assert unicode_like(pattern, value, escape) is expected
