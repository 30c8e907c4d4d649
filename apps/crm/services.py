"""Writes of the back office: tasks on leads and projects, their due reminders, and the managers'
calendar feeds."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.events import emit
from apps.core.validation import full_clean

from .models import CalendarFeed, Task, new_feed_token

TASK_FIELDS = {"title", "due_at", "assignee", "lead", "project"}


def _check_assignee(assignee) -> None:
    if assignee is None or getattr(assignee, "role", None) not in ("admin", "manager") or not assignee.is_active:
        raise ValidationError({"assignee": [_("Only an active manager or admin can be assigned")]})


@transaction.atomic
def task_create(*, title: str, due_at: datetime, assignee, lead=None, project=None, author=None) -> Task:
    _check_assignee(assignee)
    if lead is None and project is None:
        raise ValidationError({"lead": [_("A task belongs to a lead or a project")]})
    task = Task(
        title=(title or "").strip(),
        due_at=due_at,
        assignee=assignee,
        lead=lead,
        project=project,
        created_by=author if getattr(author, "is_authenticated", False) else None,
    )
    full_clean(task)
    task.save()
    return task


@transaction.atomic
def task_update(*, task: Task, data: dict, actor=None) -> Task:
    unknown = set(data) - TASK_FIELDS
    if unknown:
        raise ValueError(f"Unknown task fields: {sorted(unknown)}")
    if "assignee" in data:
        _check_assignee(data["assignee"])
    if "due_at" in data and data["due_at"] != task.due_at:
        task.reminded_at = None  # a new due time gets its own reminder
    for field, value in data.items():
        setattr(task, field, value)
    full_clean(task)
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: Task, actor=None) -> Task:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
    return task


@transaction.atomic
def task_reopen(*, task: Task, actor=None) -> Task:
    if task.done_at is not None:
        task.done_at = None
        task.save(update_fields=["done_at", "updated_at"])
    return task


def task_remind_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Open tasks that have fallen due and were not reminded: each is claimed (a conditional
    update, so two beat runs never claim the same task) and its `task.due` event written in the
    same transaction; the outbox's handler emails the assignee once. Returns the claimed ids."""
    now = now or timezone.now()
    due = Task.objects.open().filter(due_at__lte=now, reminded_at__isnull=True).order_by("due_at", "id")
    claimed = []
    for task in due.select_related("assignee")[:limit]:
        with transaction.atomic():
            if not Task.objects.filter(pk=task.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            emit(
                "task.due",
                {
                    "id": task.pk,
                    "title": task.title,
                    "due_at": task.due_at.isoformat(),
                    "assignee_id": task.assignee_id,
                    "lead_id": task.lead_id,
                    "project_id": task.project_id,
                },
            )
            claimed.append(task.pk)
    return claimed


def _check_staff(user) -> None:
    if getattr(user, "role", None) not in ("admin", "manager") or not user.is_active:
        raise ValidationError(_("Only an active manager or admin has a calendar feed"))


@transaction.atomic
def calendar_feed_enable(*, user) -> CalendarFeed:
    """The user's feed, made on first use (its address stays the same until regenerated)."""
    _check_staff(user)
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_regenerate(*, user) -> CalendarFeed:
    """A new secret address; the old one answers 404 from now on."""
    _check_staff(user)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token", "updated_at"])
    return feed


@transaction.atomic
def calendar_feed_revoke(*, user) -> None:
    """No feed any more: every copy of the address answers 404."""
    CalendarFeed.objects.filter(user=user).delete()
