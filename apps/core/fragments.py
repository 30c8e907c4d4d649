"""Markup made once and filled in many times (a list's rows, a board's cards): the pieces shared
by unfold's row checkbox (apps/core/unfold_patches.py) and the board's cards (apps/crm/cards.py)."""

import html

from django.utils.safestring import SafeData


def escape(value) -> str:
    """The template's autoescape (`conditional_escape`) without its lazy-string wrapper: markup
    stays as it is, anything else is escaped."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def around(rendered: str, stand_in: str) -> tuple[str, str] | None:
    """What comes before and after `stand_in` in `rendered` (made with it in place of a value), or
    None unless it appears exactly once: then the value cannot be put in its place safely."""
    head, found, tail = rendered.partition(stand_in)
    if not found or stand_in in tail:
        return None
    return head, tail
