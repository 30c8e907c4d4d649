"""The public pages from the shared cache, for anonymous visitors.

A public page (home, about, services, portfolio, blog, prices...) is the same for every anonymous
visitor of a language until an editor changes something, so the first visitor's rendering is kept
in the shared cache under (content version, language, host, path, `?lang=`) and served to the next
ones without touching the view, the templates or the database. Saving any content model moves the
content version on (apps/core/content_cache.py), so an edit shows at once.

It sits after the language is settled (LocaleMiddleware, `?lang=`), so the key has the language the
page is rendered in, and inside the analytics and security middleware, so a page from the cache is
still counted and still gets its security headers. Only what is provably the same for everyone is
kept: GET/HEAD without a session or messages cookie, no query but `?lang=` and `utm_*` (the
analytics read those from the request, outside), a 200 HTML answer that used no CSRF token, set no
cookie, touched no session and did not ask not to be cached. Pages with a form (contact,
consultation, login...) use a CSRF token and are therefore always rendered. Django's own cache
middleware cannot be used here: these pages vary on Cookie (the language cookie), so its key would
hold each visitor's cookies and nothing would be shared."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from apps.core.content_cache import content_get, content_set, request_key

logger = logging.getLogger(__name__)

# The visitor is someone: their pages may differ (name in the header, messages).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
IGNORED_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
# Headers of the rendered page that are not kept: recomputed for each answer.
PER_RESPONSE_HEADERS = {"content-length", "date", "set-cookie", "x-page-cache"}


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return False
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    return all(name == "lang" or name in IGNORED_PARAMS for name in request.GET)


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False) or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "csrf_cookie_needs_reset", False):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    return not cache_control & {"private", "no-store", "no-cache"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        try:
            key = request_key("page", request, ignore=IGNORED_PARAMS)
            cached, version = content_get(key)
        except Exception:  # a bad Host (400 below), or the cache: render as usual
            return self.get_response(request)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in PER_RESPONSE_HEADERS]
            try:
                content_set(key, (response.content, headers), version, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Page not cached: %s", request.path)
            response["X-Page-Cache"] = "miss"
        return response
