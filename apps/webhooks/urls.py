"""Inbound webhooks under /webhooks/ (contract §11); trailing slashes optional."""

from django.urls import re_path

from . import views

app_name = "webhooks"
urlpatterns = [
    re_path(r"^n8n/?$", views.N8nWebhookApi.as_view(), name="n8n"),
    re_path(r"^lead-automation/?$", views.LeadAutomationWebhookApi.as_view(), name="lead-automation"),
    re_path(r"^consultation-reminder/?$", views.ConsultationReminderWebhookApi.as_view(), name="consultation-reminder"),
    re_path(r"^project-status/?$", views.ProjectStatusWebhookApi.as_view(), name="project-status"),
    re_path(r"^health/?$", views.WebhookHealthApi.as_view(), name="health"),
]
