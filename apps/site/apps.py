from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "apps.site"
    label = "site"  # apps.site, not django.contrib.sites
    verbose_name = _("Website")

    def ready(self):
        from apps.accounts.services import ACCOUNT_LETTER_EVENT
        from apps.core import events

        from .services import account_letter_send

        events.subscribe("site.account_letter", account_letter_send, event_types=[ACCOUNT_LETTER_EVENT])
