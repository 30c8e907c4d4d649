"""Template helpers of the site: our illustrations as responsive pictures, safe rich text."""

import phonenumbers
from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.core import structured_data as ld

from ..models import ILLUSTRATION_SIZE, ILLUSTRATION_WIDTHS, Illustration
from ..services import sanitize_html
from ..structured_data import business as business_node

register = template.Library()

DEFAULT_SIZES = "(min-width: 75rem) 36rem, (min-width: 48rem) 50vw, 100vw"


def _srcset(name: str, ext: str) -> str:
    return ", ".join(f"{static(f'img/site/{name}-{width}.{ext}')} {width}w" for width in ILLUSTRATION_WIDTHS)


@register.simple_tag
def illustration(name, alt=None, sizes=DEFAULT_SIZES, eager=False, css_class="illustration"):
    """<picture> of one of our drawings: WebP with a PNG fallback, every width in the srcset,
    the intrinsic size given (no layout shift), lazy unless it is the page's first image.
    `alt=None` describes the drawing; pass "" where it only decorates a link that has text."""
    if name not in Illustration.values:
        name = Illustration.HOME
    if alt is None:
        alt = Illustration(name).label
    width, height = ILLUSTRATION_SIZE
    loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')  # noqa: S308 - constants
    return format_html(
        '<picture class="{}"><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" {} decoding="async"></picture>',
        css_class,
        _srcset(name, "webp"),
        sizes,
        static(f"img/site/{name}-800.png"),
        _srcset(name, "png"),
        sizes,
        width,
        height,
        alt,
        loading,
    )


@register.filter
def rich_text(html):
    """Managers' HTML: sanitized when saved, and again here in case a row was written around
    the services (a shell, a raw update)."""
    return mark_safe(sanitize_html(str(html or "")))  # noqa: S308 - nh3 has just cleaned it


@register.filter
def percent_of(value, total):
    try:
        return round(100 * float(value) / float(total)) if float(total) else 0
    except (TypeError, ValueError):
        return 0


KK_MONTHS = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
]  # fmt: skip
KY_MONTHS = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]  # fmt: skip


@register.filter
def local_date(value):
    """A date as the press of each language writes it: «16 июня 2025», «16 маусым 2025»,
    «16-июнь, 2025» (Django's kk and ky formats are not what readers expect)."""
    from django.utils import timezone, translation
    from django.utils.dateformat import format as date_format

    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    language = translation.get_language() or "ru"
    if language == "kk":
        return f"{value.day} {KK_MONTHS[value.month - 1]} {value.year}"
    if language == "ky":
        return f"{value.day}-{KY_MONTHS[value.month - 1]}, {value.year}"
    return date_format(value, "j E Y")


@register.simple_tag(takes_context=True)
def structured_data(context):
    """Every page's JSON-LD: the business, then the page's own nodes (`structured_data` in the
    context: breadcrumbs, a service, its FAQ...). `business_reviews` = (reviews, rating) adds the
    approved reviews to the business where the page shows them."""
    request = context.get("request")
    if request is None:
        return ""
    nodes = []
    company = context.get("company")
    if company:
        reviews, rating = context.get("business_reviews") or (None, None)
        # The origin the context processor settled on (SITE_URL's for a Host we do not serve), so
        # the 400 page of a forged Host renders without asking for it again.
        origin = context.get("site_origin") or settings.SITE_URL

        def absolute(location: str) -> str:
            return location if "://" in location else origin + "/" + location.lstrip("/")

        nodes.append(business_node(company, site_url=origin + "/", absolute=absolute, reviews=reviews, rating=rating))
    nodes.extend(node for node in context.get("structured_data") or [] if node)
    return ld.json_ld(ld.graph(nodes)) if nodes else ""


@register.filter
def money(amount):
    """180000 -> "180 000" (a no-break space between thousands, as ru, kk and ky write them)."""
    try:
        return f"{int(amount):,}".replace(",", "\u00a0")
    except (TypeError, ValueError):
        return ""


@register.filter
def phone_display(number):
    """+77273551840 -> "+7 727 355 1840"."""
    try:
        parsed = phonenumbers.parse(str(number or ""), None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
