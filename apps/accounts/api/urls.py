from django.urls import re_path

from . import views

# Trailing slashes are optional on every API path (contract): `/?$`.
urlpatterns = [
    re_path(r"^auth/login/?$", views.LoginApi.as_view(), name="auth-login"),
    re_path(r"^auth/token/?$", views.TokenApi.as_view(), name="auth-token"),
    re_path(r"^auth/refresh/?$", views.RefreshApi.as_view(), name="auth-refresh"),
    re_path(r"^auth/logout/?$", views.LogoutApi.as_view(), name="auth-logout"),
    re_path(r"^auth/profile/?$", views.AuthProfileApi.as_view(), name="auth-profile"),
    re_path(r"^users/?$", views.UserListCreateApi.as_view(), name="users"),
    re_path(r"^users/profile/?$", views.UserProfileApi.as_view(), name="users-profile"),
    re_path(r"^users/change-password/?$", views.ChangePasswordApi.as_view(), name="users-change-password"),
    re_path(r"^users/(?P<user_id>[0-9]{1,18})/?$", views.UserDetailApi.as_view(), name="user-detail"),
]
