"""Counts views of the public HTML pages. It sits near the top of the middleware stack, outside
any page cache, so a response served from the cache is counted like a fresh one."""

import logging

from django.conf import settings

from . import services
from .tracking import countable, request_source, visit_identity

logger = logging.getLogger(__name__)


class PageViewMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.ANALYTICS_ENABLED and countable(request, response):
            try:
                identity = visit_identity(request)
                if identity is not None:
                    visitor, device = identity
                    services.pageview_record(
                        path=request.path, visitor=visitor, device=device, source=request_source(request)
                    )
            except Exception:  # counting must never cost the visitor the page
                logger.exception("Page view not recorded for %s", request.path)
        return response
