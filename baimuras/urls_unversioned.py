"""The unversioned API of v2.1.0 §6 (`/api/consultations`, `/api/leads`, ...), kept as aliases of
their /api/v1/ twins. Each app's api/urls.py exports `unversioned_urlpatterns`."""

from django.urls import include, path

urlpatterns = [
    path("", include(("apps.leads.api.urls_unversioned", "leads-unversioned"))),
    path("", include(("apps.projects.api.urls_unversioned", "projects-unversioned"))),
    path("", include(("apps.consultations.api.urls_unversioned", "consultations-unversioned"))),
    path("", include(("apps.accounts.api.urls_unversioned", "accounts-unversioned"))),
    path("", include(("apps.webhooks.api.urls_unversioned", "webhooks-unversioned"))),
]
