"""Unversioned aliases (v2.1.0 §6) of this app's /api/v1/ routes."""

urlpatterns: list = []
