"""Who is calling: the client address, trusting X-Forwarded-For only behind configured proxies."""

from django.conf import settings


def client_ip(request) -> str:
    """The caller's IP. With TRUSTED_PROXY_COUNT = n, the n-th address from the right of
    X-Forwarded-For is the client (each trusted proxy appends the address it saw)."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def is_api_path(path: str) -> bool:
    return path.startswith(("/api/", "/webhooks/")) or path in ("/api", "/webhooks")


def answers_json(request) -> bool:
    """API paths, and a JSON body sent anywhere (the site's forms answer JSON to JSON): their
    errors are the contract's error shape, never an HTML page."""
    if is_api_path(request.path):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    return content_type.split(";")[0].strip().lower() == "application/json"
