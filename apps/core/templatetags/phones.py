"""Phones for reading: `{{ lead.phone|phone_display }}` (emails, plain text) and
`{{ lead.phone|phone_links }}` (the admin: a `tel:` link to call and a WhatsApp link)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from apps.core.phones import format_phone, whatsapp_url

register = template.Library()


@register.filter
def phone_display(value) -> str:
    return format_phone(value)


@register.filter
def phone_links(value) -> str:
    """The number as a `tel:` link, then WhatsApp in a new tab; '' without a number. A number
    that does not parse is shown as it is, with no links."""
    if not value:
        return ""
    chat = whatsapp_url(value)
    if not chat:
        return format_html('<span class="whitespace-nowrap">{}</span>', value)
    return format_html(
        '<span class="crm-phone whitespace-nowrap"><a href="tel:{}" title="{}" class="text-primary-600 '
        'dark:text-primary-500">{}</a> · <a href="{}" target="_blank" rel="noopener noreferrer" title="{}" '
        'class="text-primary-600 dark:text-primary-500">WhatsApp</a></span>',
        "+" + chat.removeprefix("https://wa.me/"),
        _("Call this number"),
        format_phone(value),
        chat,
        _("Write on WhatsApp"),
    )
