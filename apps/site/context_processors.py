"""What every page's layout needs: languages and their alternates, navigation, absolute URLs,
the company's details. No database queries of its own: the company's details come from the
cache (one query on a miss, none when the database is down: the 500 page renders through here
too)."""

import logging
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import iri_to_uri
from django.utils.functional import SimpleLazyObject
from django.utils.translation import pgettext

from . import selectors
from .languages import NATIVE_NAMES, OG_LOCALES, SHORT_NAMES, codes
from .middleware import LANG_PARAM

logger = logging.getLogger(__name__)

# A context of their own: the project catalog (locale/) wins over the site's for a shared msgid,
# and these short labels must stay short enough for the header.


def _nav():
    return [
        ("services", reverse("site:services"), pgettext("site navigation", "Services")),
        ("portfolio", "/portfolio", pgettext("site navigation", "Portfolio")),
        ("about", reverse("site:about"), pgettext("site navigation", "About")),
        ("blog", reverse("site:blog"), pgettext("site navigation", "Blog")),
        ("contact", reverse("site:contact"), pgettext("site navigation", "Contacts")),
    ]


def _service_links():
    # Labels, not page titles: the layout must not query the database.
    return [
        (reverse("site:service", kwargs={"slug": "montessori"}), pgettext("site navigation", "Montessori furniture")),
        (reverse("site:service", kwargs={"slug": "kitchens"}), pgettext("site navigation", "Kitchens")),
        (reverse("site:service", kwargs={"slug": "children-rooms"}), pgettext("site navigation", "Children's rooms")),
        (reverse("site:service", kwargs={"slug": "custom-furniture"}), pgettext("site navigation", "Custom furniture")),
        (reverse("site:service", kwargs={"slug": "design-bureau"}), pgettext("site navigation", "Design bureau")),
        (reverse("site:service", kwargs={"slug": "academy"}), pgettext("site navigation", "Design academy")),
    ]


def _section(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first or "home"


def _company_or_none():
    try:
        return selectors.company_details()
    except DatabaseError:
        logger.warning("Company details unavailable: the database did not answer")
        return None


def _origin(request) -> str:
    """`https://host` of this request; SITE_URL's when the Host header is not one we serve, so
    the 400 page for a forged Host renders without asking for it again."""
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return settings.SITE_URL


def site(request):
    """The layout's context, made once per request and language: Django asks every context
    processor again for each template rendered with the request (an admin changelist renders
    seven), and this one resolves a dozen URLs."""
    current = translation.get_language() or "ru"
    made = request.__dict__.setdefault("_site_context", {})
    if current not in made:
        made[current] = _site(request, current)
    return made[current]


def _site(request, current: str) -> dict:
    path = request.path
    query = [(k, v) for k, v in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)]
    kept = [(k, v) for k, v in query if k != LANG_PARAM]

    origin = _origin(request)

    def url_in(code: str | None) -> str:
        params = [*kept, (LANG_PARAM, code)] if code else kept
        return iri_to_uri(origin + path + (f"?{urlencode(params)}" if params else ""))

    languages = [
        {
            "code": code,
            "name": NATIVE_NAMES[code],
            "short": SHORT_NAMES[code],
            "active": code == current,
            "url": url_in(code),
            "og_locale": OG_LOCALES[code],
        }
        for code in codes()
    ]
    section = _section(path)
    nav = [{"key": key, "url": url, "label": label, "active": key == section} for key, url, label in _nav()]
    return {
        "site_languages": languages,
        "site_og_locale": OG_LOCALES.get(current, "ru_RU"),
        "canonical_url": url_in(current),
        "x_default_url": url_in(None),
        "back_path": request.get_full_path(),
        "site_nav": nav,
        "site_service_links": _service_links(),
        "default_og_image": origin + static("img/og/baimuras-1200x630.png"),
        "site_origin": origin,
        "this_year": timezone.localdate().year,
        # Read when a template first uses it (every page's footer does).
        "company": SimpleLazyObject(_company_or_none),
    }
