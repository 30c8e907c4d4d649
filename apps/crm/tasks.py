"""Background work of the back office: task reminders (beat finds due tasks; the outbox emails)."""

from celery import shared_task
from django.conf import settings


@shared_task(name="crm.remind_due_tasks")
def remind_due_tasks() -> int:
    """Run by beat every 5 minutes: claim the tasks that fell due and write their `task.due` events."""
    from .services import task_remind_due

    return len(task_remind_due())


def email_task_due(event) -> int:
    """Outbox handler of `task.due`: email the assignee, in their language. Raising leaves the
    event pending; the outbox retries it and records the run once it succeeds."""
    from apps.core.emails import send_templated_email

    from .models import Task

    task = Task.objects.select_related("assignee", "lead", "project").filter(pk=event.payload["id"]).first()
    if task is None or task.done_at is not None or not task.assignee.is_active:
        return 0
    return send_templated_email(
        template="task_due",
        context={"task": task, "site_url": settings.SITE_URL},
        to=[task.assignee.email],
        language=getattr(task.assignee, "language", "") or "ru",
    )
