"""`/api/v1/webhooks` (contract §11); trailing slashes optional."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^webhooks/?$", views.WebhookSubscriptionListCreateApi.as_view(), name="webhook-subscriptions"),
    re_path(
        r"^webhooks/(?P<subscription_id>[0-9]{1,18})/?$",
        views.WebhookSubscriptionDetailApi.as_view(),
        name="webhook-subscription-detail",
    ),
]
