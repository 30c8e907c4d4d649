"""Emails rendered from templates in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def email_language(language: str | None) -> str:
    """A site language for Django's translation machinery: the seeds' `kz` is Django's `kk`;
    anything unknown falls back to the default language rather than to untranslated English."""
    code = (language or "").strip().lower().replace("_", "-")
    code = {"kz": "kk", "kz-kz": "kk"}.get(code, code)
    available = {lang for lang, _name in settings.LANGUAGES}
    if code in available:
        return code
    return code.split("-")[0] if code.split("-")[0] in available else settings.LANGUAGE_CODE


def send_templated_email(
    *, template: str, context: dict, to: list[str], language: str = "ru", cc: list[str] | None = None
) -> int:
    """Renders `emails/<template>_subject.txt` and `emails/<template>.txt` (and `.html` if there
    is one) in `language`, and sends them. Returns the number of messages sent (0 or 1)."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(email_language(language)):
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
