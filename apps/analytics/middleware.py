"""Counts views of the public HTML pages. It sits near the top of the middleware stack, outside
any page cache, so a response served from the cache is counted like a fresh one.

An inquiry taken during the request (a site form or a public API path, noted by its view through
`apps.core.inquiries`) gets the source of the sender's visit before the response leaves.

The request only decides whether the view counts (a few string checks). The view goes into the
process's buffer when the response is closed, which a WSGI server does after the last byte has gone
to the client: counting never delays a page. The visitor hash, the device, the visit and the INSERT
are worked out in batches (apps/analytics/buffer.py). Failures are logged, never raised."""

import logging

from django.conf import settings
from django.utils import timezone

from apps.core.inquiries import noted_inquiries
from apps.core.net import client_ip, is_api_path

from . import buffer
from .models import Channel
from .tracking import countable, lead_attribute, request_source

logger = logging.getLogger(__name__)


def _record(view: buffer.RawView) -> None:
    try:
        # A view with a source of its own may open a visit: worked out at once, so the visitor's
        # next views find it whichever process answers them.
        source = view.source
        own_source = (
            source.channel != Channel.DIRECT or source.referrer_host or source.utm_source or source.utm_campaign
        )
        buffer.add(view, at_once=bool(own_source))
    except Exception:  # counting must never cost the visitor the page
        logger.exception("Page view not recorded for %s", view.path)


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
                view = buffer.RawView(
                    path=request.path,
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    ip=client_ip(request),
                    host=request.get_host(),
                    source=request_source(request),
                    at=timezone.now(),
                )
                # Django's own hook for "after the response is delivered" (what request_finished uses).
                response._resource_closers.append(lambda: _record(view))
        except Exception:
            logger.exception("Page view not recorded for %s", request.path)
        return response
