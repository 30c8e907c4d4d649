"""One error contract: every failure under /api/ and /webhooks/ becomes

    {"success": false, "error": {"code", "message", "details"}, "timestamp"}

Services raise Django's ValidationError or an ApplicationError; this module turns them,
and every DRF and Django exception, into that shape."""

import logging
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.response import Response

from .timeutils import utc_now_iso

logger = logging.getLogger("baimuras.errors")

# status -> (default code, default message)
STATUS_CODES = {
    400: ("BAD_REQUEST", _("Malformed request")),
    401: ("AUTHENTICATION_REQUIRED", _("Authentication credentials were not provided")),
    403: ("PERMISSION_DENIED", _("You do not have permission to perform this action")),
    404: ("NOT_FOUND", _("Resource not found")),
    405: ("METHOD_NOT_ALLOWED", _("Method not allowed")),
    406: ("NOT_ACCEPTABLE", _("Not acceptable")),
    409: ("CONFLICT", _("Conflict with the current state of the resource")),
    413: ("PAYLOAD_TOO_LARGE", _("Payload too large")),
    415: ("UNSUPPORTED_MEDIA_TYPE", _("Unsupported media type")),
    422: ("VALIDATION_ERROR", _("Validation error")),
    429: ("RATE_LIMIT_EXCEEDED", _("Rate limit exceeded")),
    500: ("INTERNAL_ERROR", _("Internal server error")),
    503: ("SERVICE_UNAVAILABLE", _("Service unavailable")),
}


class ApplicationError(Exception):
    """A business rule said no. Subclasses set the HTTP status and code."""

    status_code = 400
    code = "BAD_REQUEST"
    default_message = STATUS_CODES[400][1]

    def __init__(self, message=None, *, details: Mapping | None = None):
        self.message = message or self.default_message
        self.details = dict(details or {})
        super().__init__(str(self.message))


class Conflict(ApplicationError):
    status_code = 409
    code = "CONFLICT"
    default_message = STATUS_CODES[409][1]


class NotFound(ApplicationError):
    status_code = 404
    code = "NOT_FOUND"
    default_message = STATUS_CODES[404][1]


class InvalidCredentials(ApplicationError):
    status_code = 401
    code = "INVALID_CREDENTIALS"
    default_message = _("Invalid email or password")


class InvalidToken(ApplicationError):
    status_code = 401
    code = "INVALID_TOKEN"
    default_message = _("Token is invalid, expired or revoked")


class InvalidSignature(ApplicationError):
    status_code = 401
    code = "INVALID_SIGNATURE"
    default_message = _("Invalid webhook signature")


class ServiceUnavailable(ApplicationError):
    status_code = 503
    code = "SERVICE_UNAVAILABLE"
    default_message = STATUS_CODES[503][1]


def error_body(status: int, *, code: str | None = None, message=None, details: Mapping | None = None) -> dict:
    default_code, default_message = STATUS_CODES.get(status, STATUS_CODES[500 if status >= 500 else 400])
    return {
        "success": False,
        "error": {
            "code": code or default_code,
            "message": str(message or default_message),
            "details": _stringify(details or {}),
        },
        "timestamp": utc_now_iso(),
    }


def error_json_response(status: int, **kwargs) -> JsonResponse:
    """The error shape for plain Django views and middleware (outside DRF)."""
    return JsonResponse(
        error_body(status, **kwargs),
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )


def _stringify(value):
    if isinstance(value, Mapping):
        return {str(k): _stringify(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stringify(v) for v in value]
    return str(value)


def flatten_details(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail -> {"field": [...], "preferences.language": [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") and not prefix else str(key)
            for sub_key, messages in flatten_details(value, f"{prefix}.{name}" if prefix else name).items():
                flat.setdefault(sub_key, []).extend(messages)
    elif isinstance(detail, list | tuple):
        if all(not isinstance(item, Mapping | list | tuple) for item in detail):
            flat[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                if item:
                    nested = flatten_details(item, f"{prefix}.{index}" if prefix else str(index))
                    for sub_key, messages in nested.items():
                        flat.setdefault(sub_key, []).extend(messages)
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def _django_validation_details(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _message_of(detail, fallback) -> str:
    if isinstance(detail, str | drf.ErrorDetail):
        return str(detail)
    return str(fallback)


def api_exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER: every exception -> the contract's error shape."""
    from rest_framework.views import set_rollback  # DRF's views import this module's setting

    headers: dict[str, str] = {}
    if isinstance(exc, ApplicationError):
        set_rollback()
        if exc.status_code == 401:
            headers["WWW-Authenticate"] = WWW_AUTHENTICATE
        body = error_body(exc.status_code, code=exc.code, message=exc.message, details=exc.details)
        return Response(body, status=exc.status_code, headers=headers)

    if isinstance(exc, DjangoValidationError):
        set_rollback()
        body = error_body(422, details=_django_validation_details(exc))
        return Response(body, status=422)
    if isinstance(exc, Http404):
        exc = drf.NotFound()  # Http404's own text may name models; the default says enough
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        set_rollback()
        status = suspicious_operation_status(exc)
        return Response(error_body(status), status=status)

    if is_database_outage(exc):
        set_rollback()
        return database_outage_response(exc, Response)
    if not isinstance(exc, drf.APIException):
        logger.exception("Unhandled API error", exc_info=exc)
        set_rollback()
        return Response(error_body(500), status=500)

    set_rollback()
    status = exc.status_code
    code = None
    message = _custom_detail(exc)
    details: dict = {}
    if isinstance(exc, drf.ValidationError):
        status = 422
        message = None
        details = flatten_details(exc.detail)
    elif isinstance(exc, drf.NotAuthenticated):
        # DRF turns this into a 403 on views without authenticators; the contract says 401.
        status = 401
        code = "AUTHENTICATION_REQUIRED"
    elif isinstance(exc, drf.AuthenticationFailed):
        status = 401
        code = "INVALID_TOKEN"
        message = STATUS_CODES_INVALID_TOKEN
    elif isinstance(exc, drf.ParseError):
        message = _("Malformed request body: {detail}").format(detail=_message_of(exc.detail, ""))
    elif isinstance(exc, drf.Throttled):
        wait = max(int(exc.wait or 1), 1)
        headers["Retry-After"] = str(wait)
        message = _("Too many requests. Try again in {seconds} s.").format(seconds=wait)
    elif isinstance(exc, drf.UnsupportedMediaType):
        # DRF does not keep the media type on the exception; the request has it.
        media_type = getattr(context.get("request"), "content_type", "") or ""
        message = _("Unsupported media type: {media_type}").format(media_type=media_type.split(";")[0].strip())
    elif isinstance(exc, drf.MethodNotAllowed):
        message = _("Method {method} is not allowed").format(method=context["request"].method)
        headers["Allow"] = ", ".join(context["view"].allowed_methods)
    if status == 401:
        headers["WWW-Authenticate"] = WWW_AUTHENTICATE
    body = error_body(status, code=code, message=message, details=details)
    return Response(body, status=status, headers=headers)


# A database that cannot be reached is an outage, not a bug: 503 and a hint when to retry.
DATABASE_RETRY_AFTER = 30


def is_database_outage(exc: BaseException) -> bool:
    """The connection failed or was lost, or SQLite stayed locked past its timeout (Django's
    OperationalError / InterfaceError wrappers): the request may succeed when retried."""
    return isinstance(exc, OperationalError | InterfaceError)


def database_outage_response(exc: BaseException, response_class=None):
    """The 503 SERVICE_UNAVAILABLE of a database outage, as a DRF Response or a JsonResponse."""
    logger.error("Database unavailable: %s", exc, exc_info=exc)
    message = _("The service is temporarily unavailable. Please try again later.")
    headers = {"Retry-After": str(DATABASE_RETRY_AFTER)}
    if response_class is not None:
        return response_class(error_body(503, message=message), status=503, headers=headers)
    response = error_json_response(503, message=message)
    response["Retry-After"] = headers["Retry-After"]
    return response


def suspicious_operation_status(exc: SuspiciousOperation) -> int:
    """Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE (413) and other odd requests (400)."""
    if isinstance(exc, RequestDataTooBig):
        return 413
    logging.getLogger("django.security").warning("Suspicious request: %s", exc)
    return 400


def _custom_detail(exc: drf.APIException) -> str | None:
    """The message a view raised with (`NotAuthenticated("Send the refresh token ...")`);
    None for DRF's stock text, which STATUS_CODES says better in the contract's words."""
    detail = exc.detail
    if isinstance(detail, str) and str(detail) != str(exc.default_detail):
        return str(detail)
    return None


WWW_AUTHENTICATE = 'Bearer realm="api"'
STATUS_CODES_INVALID_TOKEN = InvalidToken.default_message
