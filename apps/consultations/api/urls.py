"""API routes of this app (contract §5); trailing slashes optional: `/?$`."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^consultations/?$", views.ConsultationListCreateApi.as_view(), name="consultations"),
    re_path(
        r"^consultations/(?P<consultation_id>[0-9]{1,18})/?$",
        views.ConsultationDetailApi.as_view(),
        name="consultation-detail",
    ),
]
