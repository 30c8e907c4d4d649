"""API routes of this app (contract); trailing slashes optional: `/?$`."""

urlpatterns: list = []
