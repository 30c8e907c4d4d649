"""The two success shapes of the contract: bare bodies (v2.1.0) and the envelope (v2.0.0)."""

from rest_framework.response import Response

from .timeutils import utc_now_iso


def envelope(data, *, message: str | None = None, status: int = 200, headers=None) -> Response:
    body = {"success": True, "data": data}
    if message is not None:
        body["message"] = str(message)
    body["timestamp"] = utc_now_iso()
    return Response(body, status=status, headers=headers)
