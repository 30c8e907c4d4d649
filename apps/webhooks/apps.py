from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "apps.webhooks"
    label = "webhooks"
    verbose_name = _("Integrations")

    def ready(self):
        from apps.core import events

        from . import services
        from .models import OUTBOUND_EVENTS

        events.subscribe("webhooks.fan_out", services.fan_out, event_types=OUTBOUND_EVENTS)
        events.register_sweep("webhooks.deliveries", services.sweep)
