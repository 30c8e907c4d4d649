from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    """The back office across the business apps: the dashboard, the pipeline board, the calendar,
    tasks and search. An edge: it imports leads, projects and consultations; none imports it."""

    name = "apps.crm"
    label = "crm"
    verbose_name = _("CRM")

    def ready(self):
        from apps.core import events

        from . import tasks

        events.subscribe("crm.email_task_due", tasks.email_task_due, event_types=["task.due"])
