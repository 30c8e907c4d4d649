"""`?lang=` on any page: the language of that page, and of the visitor's next pages.

Why not `i18n_patterns`: contract §12 fixes the site's paths (`/about`, `/services/kitchens`,
...) and says they answer "in the visitor's language" — the `django_language` cookie, then
Accept-Language. With `i18n_patterns(prefix_default_language=False)` Django serves every
unprefixed path in LANGUAGE_CODE only, whatever the cookie says, so `/about` could never be
Kazakh and /set-language would have to redirect to other paths than the visitor came from.

So the paths stay unprefixed and each language version of a page is that path with `?lang=ru`,
`?lang=kk` or `?lang=ky`: the hreflang alternates, the canonical link and sitemap.xml point
there, search engines get one stable URL per page and language, and a person who follows such
a link keeps the language (the cookie is set) as they browse on. The plain path negotiates
(cookie, then Accept-Language) and is the `x-default`. `kz` is accepted as Kazakh."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .languages import normalize_language

LANG_PARAM = "lang"


class QueryLanguageMiddleware:
    """Runs after LocaleMiddleware: a valid `?lang=` overrides what it negotiated."""

    def __init__(self, get_response):
        self.get_response = get_response

    NOT_PAGES = ("/api/", "/webhooks/", "/static/", "/media/", "/admin/")

    def __call__(self, request):
        is_page = not request.path.startswith(self.NOT_PAGES)
        language = None
        if is_page and request.method in ("GET", "HEAD"):
            language = normalize_language(request.GET.get(LANG_PARAM, ""))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language:
            if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
                set_language_cookie(response, language)
            response.headers.setdefault("Content-Language", language)
        if is_page:
            # The same path answers in the cookie's or Accept-Language's language.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
