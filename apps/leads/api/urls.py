"""API routes of this app (contract §4, §7); trailing slashes optional: `/?$`."""

from django.urls import re_path

from . import views

urlpatterns = [
    re_path(r"^leads/?$", views.LeadListCreateApi.as_view(), name="leads"),
    re_path(r"^leads/(?P<lead_id>[0-9]{1,18})/?$", views.LeadDetailApi.as_view(), name="lead-detail"),
    re_path(r"^contact/messages/?$", views.ContactMessageListCreateApi.as_view(), name="contact-messages"),
    re_path(
        r"^contact/messages/(?P<message_id>[0-9]{1,18})/?$",
        views.ContactMessageDetailApi.as_view(),
        name="contact-message-detail",
    ),
]
