"""Counts views of the public HTML pages. It sits near the top of the middleware stack, outside
any page cache, so a response served from the cache is counted like a fresh one.

An inquiry taken during the request (a site form or a public API path, noted by its view through
`apps.core.inquiries`) gets the source of the sender's visit before the response leaves.

The request only decides whether the view counts (a few string checks). The visitor hash, the
device and the INSERT run when the response is closed, which a WSGI server does after the last
byte has gone to the client: counting never delays a page. Failures are logged, never raised."""

import logging

from django.conf import settings

from apps.core.inquiries import noted_inquiries
from apps.core.net import client_ip, is_api_path

from . import services
from .tracking import countable, identity_of, lead_attribute, request_source

logger = logging.getLogger(__name__)


def _record(*, path: str, user_agent: str, ip: str, host: str, source: services.VisitSource) -> None:
    try:
        identity = identity_of(user_agent=user_agent, ip=ip, host=host)
        if identity is not None:
            services.pageview_record(path=path, visitor=identity[0], device=identity[1], source=source)
    except Exception:  # counting must never cost the visitor the page
        logger.exception("Page view not recorded for %s", path)


class PageViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code < 400:
            for lead in noted_inquiries(request):
                # An API path is called by scripts too: only a browser's recorded visit counts there.
                lead_attribute(request=request, lead=lead, require_visit=is_api_path(request.path))
        try:
            if settings.ANALYTICS_ENABLED and countable(request, response):
                view = {
                    "path": request.path,
                    "user_agent": request.META.get("HTTP_USER_AGENT", ""),
                    "ip": client_ip(request),
                    "host": request.get_host(),
                    "source": request_source(request),
                }
                # Django's own hook for "after the response is delivered" (what request_finished uses).
                response._resource_closers.append(lambda: _record(**view))
        except Exception:
            logger.exception("Page view not recorded for %s", request.path)
        return response
