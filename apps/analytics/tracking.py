"""Reading a request: is it a countable page view, who is the visitor (cookie-less), where did
the visit come from. Used by the middleware and by the views that take inquiries."""

import logging
from urllib.parse import parse_qs

from django.conf import settings
from django.utils import timezone

from apps.core.net import client_ip

from . import services
from .sources import channel_of, device_of, referrer_host

logger = logging.getLogger(__name__)

PREFETCH_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")


def is_prefetch(request) -> bool:
    return any(
        "prefetch" in request.META.get(h, "").lower() or "preview" in request.META.get(h, "").lower()
        for h in PREFETCH_HEADERS
    )


def countable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or getattr(response, "streaming", False):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if request.path.startswith(tuple(settings.ANALYTICS_EXCLUDED_PATHS)):
        return False
    return not is_prefetch(request)


def visit_identity(request) -> tuple[int, str] | None:
    """(visitor hash, device) for a browser; None for a bot or anything that is not a browser."""
    return identity_of(
        user_agent=request.META.get("HTTP_USER_AGENT", ""), ip=client_ip(request), host=request.get_host()
    )


def identity_of(*, user_agent: str, ip: str, host: str, at=None) -> tuple[int, str] | None:
    device = device_of(user_agent)
    if device is None:
        return None
    salt = services.salt_for_day(day=services.local_day(at or timezone.now()))
    return services.visitor_hash(salt=salt, ip=ip, user_agent=user_agent, host=host), device


def request_source(request) -> services.VisitSource:
    """The source a visit starting with this request would have: `utm_*`, else the referrer
    (the site's own pages are no referrer)."""
    query = parse_qs(request.META.get("QUERY_STRING", ""), max_num_fields=50)

    def tag(name: str) -> str:
        return (query.get(name) or [""])[0].strip()[:100]

    host = referrer_host(request.META.get("HTTP_REFERER", ""))
    if host and host == request.get_host().split(":")[0].lower().removeprefix("www."):
        host = ""
    utm = {"utm_source": tag("utm_source"), "utm_medium": tag("utm_medium"), "utm_campaign": tag("utm_campaign")}
    return services.VisitSource(
        channel=channel_of(host=host, **{k: utm[k] for k in ("utm_source", "utm_medium")}), referrer_host=host, **utm
    )


def lead_attribute(*, request, lead, require_visit: bool = False) -> None:
    """Store on `lead` the source of the visit this request belongs to; never fails the inquiry.
    Without a recorded visit a site form's post has its own source (its referrer and tags); with
    `require_visit` (the API, which scripts call too) there is then nothing to store."""
    if lead is None or not settings.ANALYTICS_ENABLED:
        return
    try:
        identity = visit_identity(request)
        source = services.open_visit_source(visitor=identity[0]) if identity else None
        if source is None:  # no recorded visit (a first request, a script)
            if require_visit:
                return
            source = request_source(request)
        services.lead_attribution_record(lead=lead, source=source)
    except Exception:
        logger.exception("Attribution of lead %s not recorded", getattr(lead, "pk", None))
