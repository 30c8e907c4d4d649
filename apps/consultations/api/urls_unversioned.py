"""Unversioned aliases (v2.1.0 §1, §6) of this app's /api/v1/ routes."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^consultation/?$", views.ConsultationRequestApi.as_view(), name="consultation-request"),
    re_path(r"^consultations/?$", views.UnversionedConsultationListCreateApi.as_view(), name="consultations"),
    re_path(
        r"^consultations/(?P<consultation_id>[0-9]{1,18})/?$",
        views.UnversionedConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
]
