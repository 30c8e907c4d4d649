from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "apps.site"
    label = "site"  # apps.site, not django.contrib.sites
    verbose_name = _("Website")
