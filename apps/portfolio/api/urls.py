"""API routes of the portfolio (contract §6); trailing slashes optional: `/?$`."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^portfolio/projects/?$", views.PortfolioProjectListCreateApi.as_view(), name="portfolio-projects"),
    re_path(
        r"^portfolio/projects/(?P<project_id>[0-9]{1,18})/?$",
        views.PortfolioProjectDetailApi.as_view(),
        name="portfolio-project-detail",
    ),
]
