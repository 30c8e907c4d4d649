"""Unversioned aliases (v2.1.0 §6) of this app's /api/v1/ routes."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^leads/?$", views.UnversionedLeadListCreateApi.as_view(), name="leads"),
]
