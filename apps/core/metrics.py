"""Prometheus metrics of our own (django-prometheus exports request rate, latency and status codes)."""

from django_prometheus.middleware import PrometheusAfterMiddleware
from django_prometheus.utils import Time, TimeSince
from prometheus_client import Counter

RATE_LIMITED = Counter("baimuras_rate_limited_total", "Requests refused with 429 by a rate limit", ["group"])

# Export the contract's limits at 0 from the start, so rate() has a series before the first 429.
for _group in ("api-anon", "api-user", "api-admin", "login", "create"):
    RATE_LIMITED.labels(group=_group)


class RequestMetricsMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's per-request metrics, those an operator reads: requests by method,
    responses by status and by view, latency by view (and exceptions, as django-prometheus counts
    them). Its others (transport, AJAX, request and response body sizes, charset, template, views by
    transport) are left out: each is a labelled counter or histogram updated on every request, and
    together they cost an API request more than the ones kept."""

    def process_request(self, request):
        self.metrics.requests_by_method.labels(method=self._method(request)).inc()
        request.prometheus_after_middleware_event = Time()

    def process_view(self, request, view_func, *view_args, **view_kwargs):
        return None

    def process_template_response(self, request, response):
        return response

    def process_response(self, request, response):
        method = self._method(request)
        view = self._get_view_name(request)
        status = str(response.status_code)
        self.metrics.responses_by_status.labels(status=status).inc()
        self.metrics.responses_by_status_view_method.labels(status=status, view=view, method=method).inc()
        started = getattr(request, "prometheus_after_middleware_event", None)
        if started is None:
            self.metrics.requests_unknown_latency.inc()
        else:
            self.metrics.requests_latency_by_view_method.labels(view=view, method=method).observe(TimeSince(started))
        return response
