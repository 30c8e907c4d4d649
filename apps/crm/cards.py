"""The board's cards, written out in Python.

A board shows up to 50 cards in each of its columns, and each card is the same small fragment:
through the template engine, resolving its variables, filters, links and move menu card by card
was most of the board's time. Here everything a page's cards share (the move menu of a column,
the CSRF field, the translated words, the change link's pattern) is made once per page, and a card
is one format string whose every value is escaped. The filters are Django's own (`timesince`,
`date` in the reader's time zone, `floatformat`, `truncatechars`), so a card reads exactly as the
template wrote it."""

from django.middleware.csrf import get_token
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat, timesince_filter, truncatechars
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from apps.core.fragments import around, escape

_PK = 2_147_000_001  # stands for a card's id while the change link's pattern is made

CARD = (
    '<li class="{fixed}bg-white border border-base-200 p-3 rounded-default shadow-xs text-sm '
    'dark:bg-base-800 dark:border-base-700" data-id="{pk}">'
    '<a class="block break-words font-semibold text-primary-600 dark:text-primary-500" href="{url}">{name}</a>'
    '<div class="text-font-subtle-light text-xs dark:text-font-subtle-dark">{meta} · {age}</div>'
    "{due}{move}</li>"
)
DUE = '<div class="mt-1 text-xs{late}">⏰ {when} · {title}</div>'
LATE = " text-red-600 dark:text-red-400"
SELECTED = mark_safe(" selected")
MOVE = (
    '<form method="post" action="{action}" class="crm-move flex gap-1 mt-2">{csrf}'
    '<input type="hidden" name="id" value="{pk}"><input type="hidden" name="next" value="{here}">'
    '<select name="status" class="border border-base-200 flex-1 min-w-0 px-1 py-0.5 rounded-default text-xs '
    'dark:bg-base-900 dark:border-base-700" aria-label="{move_to}">{options}</select>'
    '<button type="submit" class="border border-base-200 px-2 rounded-default text-xs dark:border-base-700">'
    "{move}</button></form>"
)


class CardWriter:
    """Writes the cards of one board page (`kind` "leads" or "projects") for `request`'s reader."""

    def __init__(self, request, *, kind: str, targets, can_move: bool, move_url: str, here: str, now, interests=None):
        self.kind = kind
        self.now = now
        self.interests = interests or {}
        change = "admin:leads_lead_change" if kind == "leads" else "admin:projects_project_change"
        self.url_head, self.url_tail = around(reverse(change, args=[_PK]), str(_PK))
        self.nobody = escape(_("Unassigned") if kind == "leads" else _("Without a manager"))
        self.ago = _("%(age)s ago")
        self.targets = targets
        self.options = {}
        self.move = None
        if can_move:
            self.move = {
                "action": escape(move_url),
                "csrf": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)),
                "here": escape(here),
                "move_to": escape(_("Move to")),
                "move": escape(_("Move")),
            }

    def write(self, column) -> None:
        """Sets `card.html` on each card of `column` (its `droppable` already set)."""
        fixed = "" if column.droppable else "crm-fixed "
        for card in column.cards:
            card.html = mark_safe(  # noqa: S308 - constants, and every value escaped
                CARD.format(
                    fixed=fixed,
                    pk=card.pk,
                    url=escape(f"{self.url_head}{card.pk}{self.url_tail}"),
                    name=escape(card.name),
                    meta=self._meta(card),
                    age=escape(self.ago % {"age": timesince_filter(card.created_at, self.now)}),
                    due=self._due(card),
                    move=self._move(card) if column.droppable else "",
                )
            )

    def _meta(self, card) -> str:
        if self.kind == "leads":
            interest = ""
            if card.service_interest:
                interest = escape(self.interests.get(card.service_interest, card.service_interest)) + " · "
            person = card.assigned_to
        else:
            interest = ""
            if card.budget is not None:
                interest = f"{escape(floatformat(card.budget, '0g'))} {escape(card.currency)} · "
            person = card.manager
        return interest + (escape(person.name or person.email) if person else self.nobody)

    def _due(self, card) -> str:
        due = card.next_task_due
        if not due:
            return ""
        return DUE.format(
            late=LATE if due < self.now else "",
            when=escape(date_filter(template_localtime(due), "d.m H:i")),
            title=escape(truncatechars(card.next_task_title, 40)),
        )

    def _move(self, card) -> str:
        if not self.move:
            return ""
        options = self.options.get(card.status)
        if options is None:
            options = self.options[card.status] = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((value, SELECTED if value == card.status else "", label) for value, label in self.targets),
            )
        return MOVE.format(pk=card.pk, options=options, **self.move)
