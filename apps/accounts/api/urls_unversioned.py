"""Unversioned aliases (v2.1.0 §6) of this app's /api/v1/ routes."""

from django.urls import re_path
from drf_spectacular.utils import extend_schema, extend_schema_view

from .views import UserListCreateApi


@extend_schema_view(get=extend_schema(operation_id="unversioned_users_list"))
class UnversionedUserListApi(UserListCreateApi):
    """`GET /api/users`: the staff list of /api/v1/users; users are created on /api/v1/users only."""

    http_method_names = ["get", "head", "options"]


urlpatterns = [
    re_path(r"^users/?$", UnversionedUserListApi.as_view(), name="users"),
]
