"""`/health` for load balancers and orchestrators, answered before anything else runs.

Probes usually address the container by IP, which is not in ALLOWED_HOSTS; Django would refuse
them with a 400 before any view. This middleware sits first and answers `/health` itself,
without reading the Host header (it returns no links, so the host does not matter). It is the
only route to `/health`."""

from django.http import HttpResponseNotAllowed

from .views import plain_health


class HealthProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/health":
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return plain_health(request)
