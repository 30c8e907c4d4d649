"""Writes for the site's content. The one path the admin, the demo loader and the site use."""

import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from apps.core.phones import normalize_phone

from .languages import codes
from .models import BlogPost, CompanyDetails, FaqItem, Page, ServicePage, Showroom
from .selectors import COMPANY_CACHE_KEY

# What managers may use in a page's text: structure and emphasis, links; no scripts, styles,
# classes, frames or images from other sites (the CSP would block them anyway).
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote",
    "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "caption", "hr", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

RICH_TEXT_FIELDS = {Page: ("body",), ServicePage: ("body",), BlogPost: ("body",)}


def sanitize_html(html: str) -> str:
    """Managers' HTML, cut down to what the site's typography styles; safe to render as is."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


@transaction.atomic
def content_save(*, instance: Page | ServicePage | BlogPost) -> Page | ServicePage | BlogPost:
    """Sanitize the rich text of every language, validate and store."""
    for field in RICH_TEXT_FIELDS[type(instance)]:
        for language in codes():
            name = build_localized_fieldname(field, language)
            setattr(instance, name, sanitize_html(getattr(instance, name, "") or ""))
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def blog_post_upsert(*, slug: str, translations: dict[str, dict], **fields) -> tuple[BlogPost, bool]:
    """Create the post with this slug, or leave an existing one as the managers have edited it.
    `translations` maps a language to its {title, excerpt, body, meta_description}."""
    existing = BlogPost.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    post = BlogPost(slug=slug, **fields)
    for language, values in translations.items():
        for field, value in values.items():
            setattr(post, build_localized_fieldname(field, language), value)
    return content_save(instance=post), True


def _phone(value: str, *, field: str) -> str:
    try:
        return normalize_phone(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


def _forget_company_details() -> None:
    transaction.on_commit(lambda: cache.delete(COMPANY_CACHE_KEY))


@transaction.atomic
def company_details_save(*, company: CompanyDetails) -> CompanyDetails:
    """Validate and store the company's details (there is one row); every page shows the new
    ones from the next request on."""
    company.pk = CompanyDetails.SINGLETON_PK
    company.whatsapp = _phone(company.whatsapp, field="whatsapp")
    company.telegram = company.telegram.strip().removeprefix("@")
    company.instagram = company.instagram.strip().removeprefix("@")
    company.full_clean()
    company.save()
    _forget_company_details()
    return company


@transaction.atomic
def showroom_save(*, showroom: Showroom) -> Showroom:
    showroom.phone = _phone(showroom.phone, field="phone")
    showroom.full_clean()
    showroom.save()
    _forget_company_details()
    return showroom


@transaction.atomic
def showroom_delete(*, showroom: Showroom) -> None:
    showroom.delete()
    _forget_company_details()


@transaction.atomic
def faq_item_save(*, item: FaqItem) -> FaqItem:
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def faq_item_delete(*, item: FaqItem) -> None:
    item.delete()


@transaction.atomic
def service_details_set(*, service: ServicePage, translations: dict[str, dict], **fields) -> ServicePage:
    """Set a service's price, duration and what is included (`translations`: language ->
    {duration, included}); used by the demo loader."""
    for field, value in fields.items():
        setattr(service, field, value)
    for language, values in translations.items():
        for field, value in values.items():
            setattr(service, build_localized_fieldname(field, language), value)
    return content_save(instance=service)


# --- Clients' email confirmation ---------------------------------------------------------------

CONFIRM_SALT = "site.email-confirmation"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def email_confirmation_token(*, user) -> str:
    from django.core import signing

    return signing.dumps({"user": user.pk, "email": user.email.lower()}, salt=CONFIRM_SALT, compress=True)


def email_confirmation_send(*, user, confirm_url_for) -> None:
    """Email the client a link that proves they read this address. `confirm_url_for(token)`
    makes the absolute link (the view knows the host)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {"user": user, "url": confirm_url_for(email_confirmation_token(user=user))}
    subject = render_to_string("site/emails/confirm_email_subject.txt", context).strip()
    body = render_to_string("site/emails/confirm_email.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def email_confirm(*, token: str):
    """The user whose current email the token confirms, now confirmed; None for a bad, expired
    or outdated (the email has changed since) token."""
    from django.core import signing

    from apps.accounts.models import User

    from .models import EmailConfirmation

    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), is_active=True).first()
    if user is None or user.email.lower() != data.get("email"):
        return None
    EmailConfirmation.objects.update_or_create(user=user, defaults={"email": user.email.lower()})
    return user


def registration_taken_notify(*, user, login_url: str) -> None:
    """Someone signed up with an email that already has an account: its owner hears of it (the
    page answered the stranger exactly as for a new account)."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    context = {"user": user, "url": login_url}
    subject = render_to_string("site/emails/registration_taken_subject.txt", context).strip()
    body = render_to_string("site/emails/registration_taken.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def email_confirmation_request(*, user, language: str) -> None:
    """Ask for a new confirmation link: the outbox sends it."""
    from apps.accounts.services import ACCOUNT_LETTER_EVENT
    from apps.core.events import emit

    emit(ACCOUNT_LETTER_EVENT, {"user_id": user.pk, "letter": "confirm_email", "language": language})


def account_letter_send(event) -> None:
    """Outbox handler: the confirmation link or the "someone signed up with your email" notice, in
    the language the page was in, with links to SITE_URL (the address the site is served at)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation

    from apps.accounts.models import User

    user = User.objects.filter(pk=event.payload["user_id"], is_active=True).first()
    if user is None:
        return
    with translation.override(event.payload.get("language") or user.language or "ru"):
        if event.payload["letter"] == "registration_taken":
            registration_taken_notify(user=user, login_url=settings.SITE_URL + reverse("site:login"))
        else:
            email_confirmation_send(
                user=user,
                confirm_url_for=lambda token: (
                    settings.SITE_URL + reverse("site:email-confirm", kwargs={"token": token})
                ),
            )
