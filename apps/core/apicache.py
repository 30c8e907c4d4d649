"""Public API answers from the shared cache, for anonymous callers.

What an anonymous caller reads from the public API (the published portfolio) is the same for every
anonymous caller of a language until an editor changes something. A view says so by marking its
answer with `share_with_anonymous(response)`; this middleware then keeps the finished answer, with
the headers every middleware below it added (CSP, HSTS, Vary, Content-Language, ...), under the
content version (apps/core/content_cache.py: an edit moves it on, so the next answer is rendered
afresh), and answers the next anonymous caller from there: no sessions, locale, CSRF, URL
resolution, DRF or view.

What stays per request:
- the rate limit: every answer counts against the caller's limit (per IP) and carries its
  X-RateLimit-* headers; a caller over the limit is handed to the stack below, which answers 429;
- the envelope's `timestamp`, made afresh;
- the log line (RequestLogMiddleware sits above).

Only what is provably the same for everyone is served: GET without credentials of any kind (no
Authorization, no X-API-Key, no session cookie: an invalid or revoked token must still get its
401), without an Origin (CORS answers depend on it), asking for JSON, in the language that
LocaleMiddleware would settle (cookie, then Accept-Language); an answer is kept only if it was a
200 JSON answer in that very language that set no cookie."""

import logging
import re

from django.conf import settings
from django.utils import translation

from .content_cache import content_get, content_set, kept_headers, replay, request_key
from .ratelimit import check_role, headers_for
from .timeutils import utc_now_iso

logger = logging.getLogger(__name__)

SHARED = "shared_with_anonymous"
# Credentials (an answer for someone), or an Origin (CORS headers for that origin): never shared.
NOT_ANONYMOUS = ("HTTP_AUTHORIZATION", "HTTP_X_API_KEY", "HTTP_ORIGIN")
# Made again for each caller (besides content_cache.PER_ANSWER_HEADERS): the rate limit's.
PER_CALLER_HEADERS = ("x-ratelimit-", "retry-after")
# The envelope's last member; the rest of the body is kept as it was rendered.
TIMESTAMP_TAIL = re.compile(rb'"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"}\Z')
TIMESTAMP_OPEN = b'"timestamp":"'


def share_with_anonymous(response):
    """Marks `response` as what every anonymous caller of this language gets until the content
    changes (only ever for an anonymous request)."""
    setattr(response, SHARED, True)
    return response


def _accepts_json(request) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    return not accept or accept.startswith(("*/*", "application/json"))


def _shareable_request(request) -> bool:
    if request.method != "GET" or not request.path.startswith(tuple(settings.API_SHARED_ANSWER_PATHS)):
        return False
    if any(request.META.get(name) for name in NOT_ANONYMOUS):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and _accepts_json(request)


def _shareable_response(response, language: str) -> bool:
    return (
        getattr(response, SHARED, False)
        and response.status_code == 200
        and not getattr(response, "streaming", False)
        and not response.cookies
        and response.get("Content-Language") == language
        and response.get("Content-Type", "").startswith("application/json")
    )


def _kept(response) -> tuple[bytes, bool, list[tuple[str, str]]]:
    """(body, whether the body ends with an envelope timestamp to make afresh, headers)."""
    body = response.content
    tail = TIMESTAMP_TAIL.search(body)
    if tail is not None:
        body = body[: tail.start() + len(TIMESTAMP_OPEN)]
    return body, tail is not None, kept_headers(response, also_drop=PER_CALLER_HEADERS)


class SharedApiAnswerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _shareable_request(request):
            return self.get_response(request)
        try:
            language = translation.get_language_from_request(request)
            key = request_key("api-shared", request, language=language)
            kept, version = content_get(key, local=True)
        except Exception:  # a bad Host (400 below), or the cache: answer as usual
            return self.get_response(request)
        if kept is not None:
            usage = check_role(request)
            if usage is None or not usage["should_limit"]:
                return self._answer(kept, usage)
            # Over the limit: the stack below answers 429 as it always does.
        response = self.get_response(request)
        if _shareable_response(response, language):
            try:
                content_set(key, _kept(response), version, timeout=settings.CONTENT_CACHE_SECONDS, local=True)
            except Exception:
                logger.exception("API answer not kept: %s", request.path)
        return response

    @staticmethod
    def _answer(kept, usage):
        body, stamped, headers = kept
        if stamped:
            body = body + utc_now_iso().encode() + b'"}'
        response = replay(body, headers)
        if usage is not None:  # None: rate limiting is off, or the cache is down (as below)
            for name, value in headers_for(usage).items():
                response[name] = value
        return response
