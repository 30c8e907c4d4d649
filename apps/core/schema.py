"""drf-spectacular AutoSchema that documents the error responses every operation can give,
in the contract's one error shape, so no view has to list them by hand; the security schemes
of the platform's three ways in; and a hook that documents paths as the contract writes them."""

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from .pagination import PagePagination
from .serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "BAD_REQUEST: malformed JSON or a body of the wrong content type",
    "401": "AUTHENTICATION_REQUIRED or INVALID_TOKEN (INVALID_SIGNATURE on inbound webhooks)",
    "403": "PERMISSION_DENIED: the caller's role may not do this",
    "404": "NOT_FOUND",
    "409": "CONFLICT",
    "413": "PAYLOAD_TOO_LARGE",
    "415": "UNSUPPORTED_MEDIA_TYPE",
    "422": "VALIDATION_ERROR: `details` maps each field to its messages",
    "429": "RATE_LIMIT_EXCEEDED (see Retry-After)",
    "503": "SERVICE_UNAVAILABLE",
}


RULES_HEADING = "**Rules across fields** (a request breaking one is a 422 `VALIDATION_ERROR` unless said otherwise):"


def cross_field_rules(*sources) -> list[str]:
    """The `cross_field_rules` that serializers (classes or instances) declare: what their
    validation enforces and the field types cannot say (one field required when another is blank,
    date order, password rules). A rule may be a callable, read when the schema is built."""
    rules: list[str] = []
    for source in sources:
        cls = source if isinstance(source, type) else type(source)
        for rule in getattr(cls, "cross_field_rules", ()):
            text = str(rule() if callable(rule) else rule)
            if text not in rules:
                rules.append(text)
    return rules


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args, **kwargs):
        """The operation, its description followed by the cross-field rules of its body and query
        (here, not in get_description, which an extend_schema(description=...) replaces)."""
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return operation
        sources = [p for p in self.get_override_parameters() if isinstance(p, type) or hasattr(p, "fields")]
        if self.method in ("POST", "PUT", "PATCH"):
            sources.insert(0, self.get_request_serializer())
        rules = cross_field_rules(*(s for s in sources if s is not None))
        if rules:
            listed = "\n".join(f"- {rule}" for rule in rules)
            operation["description"] = f"{operation.get('description', '')}\n\n{RULES_HEADING}\n{listed}".strip()
        return operation

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                body["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = body
        return responses

    def get_operation_id(self) -> str:
        # Plain APIViews that paginate look like "retrieve" to drf-spectacular; say "list".
        if self._is_paginated_list():
            return "_".join([*(t.replace("-", "_") for t in self._tokenize_path()), "list"])
        return super().get_operation_id()

    def _get_pagination_parameters(self):
        # Views that page with apps.core.api.paginated_response are plain APIViews:
        # drf-spectacular cannot see their paginator, so name it.
        if getattr(self.view, "pagination_key", None) and self._is_paginated_list():
            return PagePagination().get_schema_operation_parameters(self.view)
        return super()._get_pagination_parameters()

    def _is_paginated_list(self) -> bool:
        """A GET whose view pages its answer (`pagination_key`, see PagePagination)."""
        if self.method != "GET" or "{" in self.path:
            return False
        return bool(getattr(self.view, "pagination_key", None)) or self._is_list_view()

    def _error_codes(self) -> list[str]:
        codes = ["429"]
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes += ["401", "403"]
        elif self.method == "POST" and self.path.startswith("/webhooks/"):
            codes.append("401")  # INVALID_SIGNATURE: inbound webhooks are open but signed
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["400", "415", "422"]
        elif self._is_paginated_list():
            codes += ["422"]  # bad page / per_page / filter values
        if "{" in self.path:
            codes.append("404")
        codes.extend(str(c) for c in getattr(self.view, "extra_error_codes", ()))
        return codes


def strip_trailing_slashes(endpoints):
    """PREPROCESSING_HOOK: `^users/?$` routes are documented as `/api/v1/users`, the contract's
    spelling (both spellings work, without a redirect)."""
    return [
        (path.rstrip("/") if len(path) > 1 else path, path_regex, method, callback)
        for path, path_regex, method, callback in endpoints
    ]


# --- Security schemes of the three ways in (contract §1) -----------------------------------------


class RevocableJWTScheme(SimpleJWTScheme):
    target_class = "apps.accounts.authentication.RevocableJWTAuthentication"


class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.accounts.authentication.APIKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-API-Key"}


class CsrfSessionScheme(SessionScheme):
    target_class = "apps.accounts.authentication.CsrfSessionAuthentication"


# --- Schema truth (postprocessing) ---------------------------------------------------------------

BLANKABLE_FORMATS = ("email", "uri", "url")


def allow_blank_formatted_strings(result, generator, request, public):
    """POSTPROCESSING_HOOK: optional text stored as "" (a lead without an email, a project without
    a URL) is answered as "", which no `format: email` or `uri` admits. Response objects say so:
    such a property is the formatted string or the empty one."""
    for name, component in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request"):
            continue  # input keeps the format: "" there is its own (documented) case of a blank field
        for prop in (component.get("properties") or {}).values():
            if prop.get("type") == "string" and prop.get("format") in BLANKABLE_FORMATS:
                blank = {"type": "string", "maxLength": 0}
                formatted = {"type": "string", "format": prop.pop("format")}
                prop.pop("type")
                prop["anyOf"] = [formatted, blank]
    return result
