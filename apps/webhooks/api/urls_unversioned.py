"""`GET /api/webhooks` (v2.1.0 §6); trailing slash optional."""

from django.urls import re_path

from .description import WebhookDescriptionApi

urlpatterns = [
    re_path(r"^webhooks/?$", WebhookDescriptionApi.as_view(), name="webhooks-description"),
]
