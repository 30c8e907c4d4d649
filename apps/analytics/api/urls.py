"""API routes of analytics (contract §8); trailing slashes optional."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^analytics/stats/?$", views.AnalyticsStatsApi.as_view(), name="analytics-stats"),
    re_path(r"^analytics/conversions/?$", views.AnalyticsConversionsApi.as_view(), name="analytics-conversions"),
]
