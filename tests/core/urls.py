"""Test-only URLconf: the real one plus views that fail in ways no real view should."""

from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

from baimuras.urls import handler400, handler403, handler404, handler500  # noqa: F401

SECRET = "secret-internal-detail-0451"


class ExplodingApi(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError(SECRET)


def exploding_view(request):
    raise RuntimeError(SECRET)


urlpatterns = [
    path("api/v1/test/explode", ExplodingApi.as_view()),
    path("api/v1/test/explode-plain", exploding_view),
    path("webhooks/test/explode-plain", exploding_view),
    path("", include("baimuras.urls")),
]
