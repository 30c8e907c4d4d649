"""Cross-cutting HTTP behaviour: JSON errors for API paths, rate-limit headers, the `kz`
language alias, the self-only CSP and one structured log line per API request."""

import logging
import time

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from .exceptions import database_outage_response, error_json_response, is_database_outage, suspicious_operation_status
from .net import answers_json, client_ip, is_api_path
from .ratelimit import check_role, headers_for, retry_after, tightest

api_logger = logging.getLogger("baimuras.api")
error_logger = logging.getLogger("baimuras.errors")


class ApiErrorMiddleware:
    """Under /api/ and /webhooks/, and for JSON bodies sent to the site's forms, nothing but the
    error shape leaves: no HTML 404, no debug page, no bare 405 — in any settings. A database
    that cannot be reached is a 503 SERVICE_UNAVAILABLE."""

    # Headers that describe the body being replaced; every other header (Allow, Retry-After,
    # WWW-Authenticate, Content-Language, Vary, X-RateLimit-*, ...) is kept.
    BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding", "content-disposition", "etag"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400 or not answers_json(request):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith(("application/json", "application/problem+json")):
            return response
        replacement = error_json_response(response.status_code)
        for header, value in response.items():
            if header.lower() not in self.BODY_HEADERS:
                replacement[header] = value
        replacement.cookies = response.cookies
        return replacement

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here rather than in __call__: the language is known and the rate limit still counts.
        if answers_json(request) and _body_too_large(request):
            return error_json_response(413)
        return None

    def process_exception(self, request, exception):
        if not answers_json(request):
            return None
        if is_database_outage(exception):
            return database_outage_response(exception)
        if isinstance(exception, SuspiciousOperation):
            return error_json_response(suspicious_operation_status(exception))
        error_logger.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return error_json_response(500)


class RateLimitHeadersMiddleware:
    """Every response under /api/ carries X-RateLimit-*. DRF views count themselves (their
    throttles know the authenticated user); plain Django views under /api/ are counted here
    before they run, and whatever no one counted (an unknown path, a request refused before
    the throttles) is counted on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        response = self.get_response(request)
        usages = getattr(request, "ratelimit_usages", None)
        if not usages:
            usage = check_role(request)
            if usage is None:  # rate limiting is switched off
                return response
            if usage["should_limit"]:
                response = _rate_limited(usage)
            usages = [usage]
        for header, value in headers_for(tightest(usages)).items():
            response[header] = value
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith("/api/") or _is_drf_view(view_func):
            return None
        usage = check_role(request)
        if usage is not None and usage["should_limit"]:
            return _rate_limited(usage)
        return None


def _body_too_large(request) -> bool:
    """Refuse an announced body over DATA_UPLOAD_MAX_MEMORY_SIZE before anyone reads it (413).
    The limit covers a whole multipart upload too: base.py sets it above FILE_UPLOAD_MAX_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return limit is not None and length > limit


def _is_drf_view(view_func) -> bool:
    view_class = getattr(view_func, "cls", None)
    return isinstance(view_class, type) and issubclass(view_class, APIView)


def _rate_limited(usage: dict):
    seconds = retry_after(usage)
    return error_json_response(429, message=_("Too many requests. Try again in {seconds} s.").format(seconds=seconds))


class LanguageAliasMiddleware:
    """The seeds call Kazakh `kz`; Django calls it `kk`. Accept both on the way in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        accept = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if accept and "kz" in accept.lower():
            request.META["HTTP_ACCEPT_LANGUAGE"] = ",".join(_alias(part) for part in accept.split(","))
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie and cookie.lower().startswith("kz"):
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "kk"
        return self.get_response(request)


def _alias(part: str) -> str:
    lang, _, rest = part.strip().partition(";")
    if lang.lower() in ("kz", "kz-kz"):
        lang = "kk"
    return f"{lang};{rest}" if rest else lang


class ContentSecurityPolicyMiddleware:
    """Self-only CSP on every response: nothing loads from another origin, anywhere.
    The API docs (Swagger UI, ReDoc) style themselves inline; the admin (Unfold) also runs
    the standard Alpine.js build, which evaluates its expressions and so needs 'unsafe-eval'.
    Those paths alone get those allowances; the public site keeps the strict policy."""

    DOCS_PATHS = ("/api/docs", "/api/redoc")
    ADMIN_PATH = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        policy = settings.CSP_POLICY
        is_admin = request.path.startswith(self.ADMIN_PATH)
        if is_admin or request.path.startswith(self.DOCS_PATHS):
            policy = (
                policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
                    "img-src 'self' data:", "img-src 'self' data: blob:"
                )
                + "; worker-src 'self' blob:"
            )
        if is_admin:
            policy = policy.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'")
        response["Content-Security-Policy"] = policy
        return response


class RequestLogMiddleware:
    """One JSON line per API request: who, what, how it ended and how long it took.
    Never a password, a token or a key: only the path, not the query or the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        api_logger.info(
            "api_request",
            extra={
                "fields": {
                    "ip": client_ip(request),
                    "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
                    "endpoint": request.path,
                    "method": request.method,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 2),
                    "user_id": user.pk if user is not None and user.is_authenticated else None,
                }
            },
        )
        return response
