"""Cross-cutting HTTP behaviour: JSON errors for API paths, rate-limit headers, the `kz`
language alias, the self-only CSP and one structured log line per API request."""

import logging
import time

from django.conf import settings

from .exceptions import error_json_response
from .net import client_ip, is_api_path
from .ratelimit import check, headers_for, tightest

api_logger = logging.getLogger("baimuras.api")
error_logger = logging.getLogger("baimuras.errors")


class ApiErrorMiddleware:
    """Under /api/ and /webhooks/ nothing but the error shape leaves: no HTML 404, no
    debug page, no bare 405 — in any settings."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not is_api_path(request.path) or response.status_code < 400:
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith("application/json") or content_type.startswith("application/problem+json"):
            return response
        replacement = error_json_response(response.status_code if response.status_code in _KNOWN else 500)
        for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
            if header in response:
                replacement[header] = response[header]
        for header, value in response.items():
            if header.startswith(("X-RateLimit", "Access-Control")):
                replacement[header] = value
        return replacement

    def process_exception(self, request, exception):
        if not is_api_path(request.path):
            return None
        error_logger.exception("Unhandled error on %s %s", request.method, request.path, exc_info=exception)
        return error_json_response(500)


_KNOWN = {400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 500, 503}


class RateLimitHeadersMiddleware:
    """Every response under /api/ carries X-RateLimit-*. DRF views count themselves (their
    throttles know the authenticated user); anything else under /api/ counts per IP here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        response = self.get_response(request)
        usages = getattr(request, "ratelimit_usages", None)
        if not usages:
            usage = check(request, group="api-anon", rate=settings.RATELIMIT_ANON)
            if usage is None:
                return response
            if usage["should_limit"]:
                response = error_json_response(429)
            usages = [usage]
        for header, value in headers_for(tightest(usages)).items():
            response[header] = value
        return response


class LanguageAliasMiddleware:
    """The seeds call Kazakh `kz`; Django calls it `kk`. Accept both on the way in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        accept = request.META.get("HTTP_ACCEPT_LANGUAGE")
        if accept and "kz" in accept.lower():
            request.META["HTTP_ACCEPT_LANGUAGE"] = ",".join(
                _alias(part) for part in accept.split(",")
            )
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
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
                "img-src 'self' data:", "img-src 'self' data: blob:"
            ) + "; worker-src 'self' blob:"
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

