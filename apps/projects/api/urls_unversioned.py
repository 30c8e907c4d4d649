"""Unversioned aliases (v2.1.0 §6) of this app's /api/v1/ routes."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^projects/?$", views.UnversionedProjectListApi.as_view(), name="projects"),
]
