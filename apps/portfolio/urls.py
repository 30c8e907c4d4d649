"""The public portfolio pages (contract §12): /portfolio and one page per project."""

from django.urls import re_path

from . import views

app_name = "portfolio"

urlpatterns = [
    re_path(r"^portfolio/?$", views.portfolio_list, name="list"),
    re_path(r"^portfolio/(?P<project_id>[0-9]{1,18})/?$", views.portfolio_detail, name="detail"),
]
