"""The public pages from the shared cache, for anonymous visitors.

A public page (home, about, services, portfolio, blog, prices...) is the same for every anonymous
visitor of a language until an editor changes something, so the first visitor's rendering is kept
in the shared cache under (content version, language, host, path, `?lang=`) and served to the next
ones without touching the view, the templates or the database. Saving any content model moves the
content version on (apps/core/content_cache.py), so an edit shows at once.

It sits near the top of the middleware stack, just inside the analytics (a page from the cache is
still counted), and answers a hit from there: nothing below runs (sessions, locale, CSRF, URL
resolution, the view). So what it keeps is the finished answer, with the headers every middleware
below added (CSP, HSTS, frame options, Vary, Content-Language); only the language cookie that a
`?lang=` link sets is made again for each visitor. The language of the key is settled up front the
way LocaleMiddleware and QueryLanguageMiddleware settle it (`?lang=`, then the cookie, then
Accept-Language), and a page is kept only if it was rendered in that very language.

Only what is provably the same for everyone is kept: GET/HEAD without a session or messages cookie,
no query but `?lang=` and `utm_*` (the analytics read those from the request, outside), a 200 HTML
answer that used no CSRF token, set no cookie but the language one, touched no session and did not
ask not to be cached. Pages with a form (contact, consultation, login...) use a CSRF token and are
therefore always rendered. Pages are kept in the shared cache and in each process's own copy
(apps/core/content_cache.py: an edit shows within CONTENT_CACHE_LOCAL_SECONDS everywhere). Django's
own cache middleware cannot be used here: these pages vary on Cookie (the language cookie), so its
key would hold each visitor's cookies and nothing would be shared."""

import logging

from django.conf import settings
from django.utils import translation
from django.utils.cache import cc_delim_re

from apps.core.content_cache import content_get, content_set, kept_headers, replay, request_key

from .languages import normalize_language
from .middleware import LANG_PARAM, set_language_cookie

logger = logging.getLogger(__name__)

# The visitor is someone: their pages may differ (name in the header, messages).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
IGNORED_PARAMS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
# Made again for each answer (besides content_cache.PER_ANSWER_HEADERS).
PER_VISITOR_HEADERS = ("x-page-cache",)


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_EXCLUDED_PATHS)):
        return False
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return False
    return all(name == "lang" or name in IGNORED_PARAMS for name in request.GET)


def _language(request) -> str:
    """The language the page will be rendered in: QueryLanguageMiddleware's `?lang=`, else what
    LocaleMiddleware negotiates (cookie, Accept-Language, default; LanguageAliasMiddleware, above,
    has already turned `kz` into `kk`)."""
    return normalize_language(request.GET.get(LANG_PARAM, "")) or translation.get_language_from_request(request)


def _cacheable_response(request, response, language: str) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if response.get("Content-Language") != language:  # negotiated otherwise than foreseen: not under this key
        return False
    cookies = response.cookies
    if cookies and (
        set(cookies) != {settings.LANGUAGE_COOKIE_NAME} or cookies[settings.LANGUAGE_COOKIE_NAME].value != language
    ):
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
            language = _language(request)
            key = request_key("page", request, ignore=IGNORED_PARAMS, language=language)
            cached, version = content_get(key, local=True)
        except Exception:  # a bad Host (400 below), or the cache: render as usual
            return self.get_response(request)
        if cached is not None:
            response = replay(*cached)
            response["X-Page-Cache"] = "hit"
            # What QueryLanguageMiddleware does for a `?lang=` link: remember the visitor's choice.
            if request.GET.get(LANG_PARAM) and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
                set_language_cookie(response, language)
            return response
        response = self.get_response(request)
        if _cacheable_response(request, response, language):
            headers = kept_headers(response, also_drop=PER_VISITOR_HEADERS)
            try:
                content_set(key, (response.content, headers), version, timeout=settings.PAGE_CACHE_SECONDS, local=True)
            except Exception:
                logger.exception("Page not cached: %s", request.path)
            response["X-Page-Cache"] = "miss"
        return response
