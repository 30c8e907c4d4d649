"""API routes of this app (contract §5); trailing slashes optional: `/?$`."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^leads/(?P<lead_id>[0-9]{1,18})/convert/?$", views.LeadConvertApi.as_view(), name="lead-convert"),
    re_path(r"^projects/?$", views.ProjectListCreateApi.as_view(), name="projects"),
    re_path(r"^projects/(?P<project_id>[0-9]{1,18})/?$", views.ProjectDetailApi.as_view(), name="project-detail"),
]
