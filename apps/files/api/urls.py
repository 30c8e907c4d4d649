"""API routes of files (contract §9); trailing slashes optional: `/?$`."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^files/upload/?$", views.FileUploadApi.as_view(), name="files-upload"),
    re_path(r"^files/(?P<file_id>[0-9]{1,18})/?$", views.FileDetailApi.as_view(), name="file-detail"),
]
