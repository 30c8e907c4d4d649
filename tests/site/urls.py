"""Test-only URLconf: the real one plus a view that fails."""

from django.urls import include, path

from baimuras.urls import handler400, handler403, handler404, handler500  # noqa: F401


def exploding_view(request):
    raise RuntimeError("secret-internal-detail-0451")


urlpatterns = [
    path("test/explode", exploding_view),
    path("", include("baimuras.urls")),
]
