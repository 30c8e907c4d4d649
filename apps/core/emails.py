"""Emails rendered from templates in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *, template: str, context: dict, to: list[str], language: str = "ru", cc: list[str] | None = None
) -> int:
    """Renders `emails/<template>_subject.txt` and `emails/<template>.txt` (and `.html` if there
    is one) in `language`, and sends them. Returns the number of messages sent (0 or 1)."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
        try:
            html = render_to_string(f"emails/{template}.html", context)
        except TemplateDoesNotExist:  # a text-only email
            html = None
    message = EmailMultiAlternatives(subject=subject, body=body, to=recipients, cc=[c for c in cc or [] if c])
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
