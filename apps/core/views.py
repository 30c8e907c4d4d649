"""Health, system information and the API's documentation extras (contract §10, §14)."""

import hashlib
import platform
import sys
from functools import lru_cache
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

import baimuras

from . import changelog, health, postman
from .exceptions import (
    DATABASE_RETRY_AFTER,
    database_outage_response,
    error_body,
    error_json_response,
    is_database_outage,
)
from .net import answers_json, client_ip
from .responses import envelope
from .serializers import ErrorDetailSerializer, envelope_serializer
from .timeutils import utc_now_iso

HealthSerializer = inline_serializer(
    "Health",
    {
        "status": serializers.ChoiceField(choices=health.HEALTH_STATUSES),
        "timestamp": serializers.DateTimeField(),
        "version": serializers.CharField(),
        "database": serializers.ChoiceField(choices=health.DATABASE_STATES),
        "redis": serializers.ChoiceField(choices=health.REDIS_STATES),
    },
)

SystemHealthDataSerializer = inline_serializer(
    "SystemHealth",
    {
        "status": serializers.ChoiceField(choices=health.HEALTH_STATUSES),
        "version": serializers.CharField(),
        "uptime": serializers.IntegerField(help_text="Seconds since this process started"),
        "services": inline_serializer(
            "SystemServices",
            {
                name: serializers.ChoiceField(choices=health.SERVICE_STATES)
                for name in ("database", "redis", "email", "storage")
            },
        ),
        "metrics": inline_serializer(
            "SystemMetrics",
            {
                "memory_usage": serializers.FloatField(),
                "cpu_usage": serializers.FloatField(),
                "disk_usage": serializers.FloatField(),
            },
            required=False,
            help_text="Percentages; only for staff callers",
        ),
    },
)
SystemHealthSerializer = envelope_serializer("SystemHealthEnvelope", SystemHealthDataSerializer)
SystemHealthUnavailableSerializer = inline_serializer(
    "SystemHealthUnavailable",
    {
        "success": serializers.BooleanField(default=False),
        "error": ErrorDetailSerializer(),
        "data": SystemHealthDataSerializer,
        "timestamp": serializers.DateTimeField(),
    },
)
VersionSerializer = envelope_serializer(
    "VersionEnvelope",
    inline_serializer(
        "Version",
        {
            "version": serializers.CharField(),
            "build": serializers.CharField(),
            "environment": serializers.CharField(),
            "python_version": serializers.CharField(),
            "django_version": serializers.CharField(),
        },
    ),
)


def health_body() -> tuple[dict, int]:
    database = "connected" if health.database_ok() else "disconnected"
    redis = health.redis_state()
    if database == "disconnected":
        status = "unhealthy"
    elif redis == "disconnected":
        status = "degraded"
    else:
        status = "healthy"
    body = {
        "status": status,
        "timestamp": utc_now_iso(),
        "version": baimuras.__version__,
        "database": database,
        "redis": redis,
    }
    return body, 503 if database == "disconnected" else 200


class HealthApi(APIView):
    """Liveness and readiness for load balancers: 503 when the database is down."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["system"],
        responses={200: HealthSerializer, 503: HealthSerializer},
        auth=[],
        summary="Health (database, Redis)",
    )
    def get(self, request):
        body, status = health_body()
        return Response(body, status=status)


class SystemHealthApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=["system"],
        responses={200: SystemHealthSerializer, 503: SystemHealthUnavailableSerializer},
        summary="System health (metrics for staff callers)",
    )
    def get(self, request):
        services = {
            "database": "healthy" if health.database_ok() else "unhealthy",
            "redis": {"connected": "healthy", "disconnected": "unhealthy"}.get(health.redis_state(), "not_configured"),
            "email": health.email_state(),
            "storage": health.storage_state(),
        }
        if services["database"] == "unhealthy":
            status = "unhealthy"
        elif "unhealthy" in services.values():
            status = "degraded"
        else:
            status = "healthy"
        data = {
            "status": status,
            "version": baimuras.__version__,
            "uptime": health.uptime_seconds(),
            "services": services,
        }
        user = request.user
        if user.is_authenticated and getattr(user, "role", None) in ("admin", "manager"):
            data["metrics"] = health.system_metrics()
        if status == "unhealthy":
            # Not a success: the error shape (for clients that read `success` and `error`), with the
            # health report kept in `data` for monitors.
            body = error_body(503, message=_("The database is unavailable"))
            return Response({**body, "data": data}, status=503)
        return envelope(data)


class SystemVersionApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(tags=["system"], responses={200: VersionSerializer}, summary="Version and build")
    def get(self, request):
        return envelope(
            {
                "version": baimuras.__version__,
                "build": settings.BUILD,
                "environment": settings.ENVIRONMENT,
                "python_version": platform.python_version(),
                "django_version": django.get_version(),
            }
        )


def plain_health(request):
    """`/health` outside /api/: the same body, no rate limit, for probes."""
    body, status = health_body()
    return JsonResponse(
        body, status=status, json_dumps_params={"ensure_ascii": False}, content_type="application/json; charset=utf-8"
    )


class PostmanFileApi(APIView):
    """A Postman file generated from the schema: the collection (`builder="collection"`) or the
    environment with the variables it needs (`builder="environment"`: baseUrl, email, password,
    api_key), to import into Postman or to pass to newman."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    builder = "collection"
    filename = "baimuras-postman-collection.json"
    disposition = "inline"

    @extend_schema(exclude=True)
    def get(self, request):
        build = getattr(postman, self.builder)
        response = Response(build(base_url=request.build_absolute_uri("/").rstrip("/")))
        response["Content-Disposition"] = f'{self.disposition}; filename="{self.filename}"'
        return response


REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# ReDoc's sidebar credit loads its logo from Redocly's CDN, which the docs' self-only CSP blocks
# (a console error on every visit): the bundle we serve shows our copy of the mark instead.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
REDOC_LOGO = "img/redoc-logo-mini.svg"


@lru_cache(maxsize=1)
def _redoc_bundle() -> tuple[bytes, str]:
    source = Path(finders.find(REDOC_BUNDLE)).read_text(encoding="utf-8")
    body = source.replace(REDOC_CDN_LOGO, static(REDOC_LOGO)).encode()
    return body, hashlib.sha256(body).hexdigest()[:16]


def redoc_bundle(request):
    """The self-hosted ReDoc bundle with its one third-party URL (the credit's logo) made local."""
    body, digest = _redoc_bundle()
    etag = f'"{digest}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=86400"
    return response


def changelog_html(request):
    return render(request, "core/changelog.html", {"releases": changelog.releases()})


def changelog_rss(request):
    feed = changelog.rss(base_url=request.build_absolute_uri("/").rstrip("/"))
    return HttpResponse(feed, content_type="application/rss+xml; charset=utf-8")


def metrics_view(request):
    """Prometheus metrics, only for the scraper addresses in METRICS_ALLOWED_IPS."""
    if client_ip(request) not in settings.METRICS_ALLOWED_IPS:
        return HttpResponseForbidden(_("Forbidden"))
    from django_prometheus.exports import ExportToDjangoView

    return ExportToDjangoView(request)


def handler404(request, exception=None):
    if answers_json(request):
        return error_json_response(404)
    return render(request, "404.html", status=404)


def handler500(request):
    # Django calls this inside its `except`: the exception is still at hand.
    exc = sys.exc_info()[1]
    outage = exc is not None and is_database_outage(exc)
    if answers_json(request):
        return database_outage_response(exc) if outage else error_json_response(500)
    response = render(request, "500.html", status=503 if outage else 500)
    if outage:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    return response


def handler403(request, exception=None):
    if answers_json(request):
        return error_json_response(403)
    return render(request, "403.html", status=403)


def handler400(request, exception=None):
    if answers_json(request):
        return error_json_response(400)
    return render(request, "400.html", status=400)
