"""drf-spectacular AutoSchema that documents the error responses every operation can give,
in the contract's one error shape, so no view has to list them by hand."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from .serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "BAD_REQUEST: malformed JSON or a body of the wrong content type",
    "401": "AUTHENTICATION_REQUIRED or INVALID_TOKEN",
    "403": "PERMISSION_DENIED: the caller's role may not do this",
    "404": "NOT_FOUND",
    "409": "CONFLICT",
    "413": "PAYLOAD_TOO_LARGE",
    "415": "UNSUPPORTED_MEDIA_TYPE",
    "422": "VALIDATION_ERROR: `details` maps each field to its messages",
    "429": "RATE_LIMIT_EXCEEDED (see Retry-After)",
    "503": "SERVICE_UNAVAILABLE",
}


class AutoSchema(SpectacularAutoSchema):
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

    def _error_codes(self) -> list[str]:
        codes = ["429"]
        public = all(isinstance(p, AllowAny) for p in self.view.get_permissions())
        if not public:
            codes += ["401", "403"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["400", "415", "422"]
        elif self.method == "GET" and self._is_list_view():
            codes += ["422"]  # bad page / per_page / filter values
        if "{" in self.path:
            codes.append("404")
        codes.extend(str(c) for c in getattr(self.view, "extra_error_codes", ()))
        return codes
