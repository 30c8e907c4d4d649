from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from apps.accounts.admin_login import admin_login
from apps.core import views as core_views
from apps.crm import views as crm_views
from apps.files import views as files_views

api_v1 = [
    re_path(r"^health/?$", core_views.HealthApi.as_view(), name="api-health"),
    re_path(r"^system/health/?$", core_views.SystemHealthApi.as_view(), name="system-health"),
    re_path(r"^system/version/?$", core_views.SystemVersionApi.as_view(), name="system-version"),
    path("", include("apps.accounts.api.urls")),
    path("", include("apps.leads.api.urls")),
    path("", include("apps.projects.api.urls")),
    path("", include("apps.consultations.api.urls")),
    path("", include("apps.portfolio.api.urls")),
    path("", include("apps.files.api.urls")),
    path("", include("apps.webhooks.api.urls")),
    path("", include("apps.analytics.api.urls")),
]

# Local storage: the app serves /media/ itself, whatever DEBUG is; documents only to their
# uploader and staff (contract §9). With S3 the storage's own URLs are used instead.
media = [re_path(r"^media/(?P<path>.*)$", files_views.media_file, name="media")] if settings.SERVE_MEDIA else []

urlpatterns = [
    path("admin/crm/", include("apps.crm.admin_urls")),  # the boards, calendar, search of the back office
    # The command palette's search, fresh on every query (Unfold caches results for five minutes).
    path("admin/search/", admin.site.admin_view(crm_views.command_search_view), name="crm-command-search"),
    # The admin's sign-in, rate-limited per IP and per account (the rest of the admin as Django has it).
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    # The unversioned API of v2.1.0 §6: aliases with the same bodies as their v1 twins.
    path("api/", include("baimuras.urls_unversioned")),
    re_path(r"^api/schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^api/docs/?$", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    re_path(
        r"^api/redoc/?$", SpectacularRedocView.as_view(url_name="schema", template_name="core/redoc.html"), name="redoc"
    ),
    re_path(r"^api/redoc\.js$", core_views.redoc_bundle, name="redoc-bundle"),
    re_path(r"^api/postman-collection\.json$", core_views.PostmanFileApi.as_view(), name="postman"),
    re_path(
        r"^api/postman-environment\.json$",
        core_views.PostmanFileApi.as_view(
            builder="environment", filename="baimuras.postman_environment.json", disposition="attachment"
        ),
        name="postman-environment",
    ),
    re_path(r"^api/changelog/?$", core_views.changelog_html, name="changelog"),
    re_path(r"^api/changelog\.rss$", core_views.changelog_rss, name="changelog-rss"),
    path("webhooks/", include("apps.webhooks.urls")),
    path("metrics", core_views.metrics_view, name="metrics"),
    *media,
    path("", include("apps.portfolio.urls")),
    path("crm/", include("apps.crm.urls")),
    path("", include("apps.site.urls")),
]

handler400 = "apps.core.views.handler400"
handler403 = "apps.core.views.handler403"
handler404 = "apps.core.views.handler404"
handler500 = "apps.core.views.handler500"
