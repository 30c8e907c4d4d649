from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "apps.leads"
    label = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from apps.core import events

        from . import tasks

        events.subscribe("leads.notify_new_lead", tasks.notify_managers_new_lead, event_types=["lead.created"])
        events.subscribe("leads.notify_follow_up", tasks.notify_follow_up, event_types=["lead.follow_up"])
