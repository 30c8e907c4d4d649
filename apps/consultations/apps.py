from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "apps.consultations"
    label = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from apps.core import events

        from . import tasks
        from .services import REMINDER_EVENT

        events.subscribe("consultations.send_reminder", tasks.send_reminder, event_types=[REMINDER_EVENT])
