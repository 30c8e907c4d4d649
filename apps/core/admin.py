"""The outbox in the back office: what happened, whether its effects ran, and a retry."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action, display

from . import events
from .models import Event, EventStatus


@admin.register(Event)
class EventAdmin(ModelAdmin):
    list_display = ["id", "type", "status_badge", "attempts", "created_at", "processed_at", "next_attempt_at"]
    list_filter = ["status", "type"]
    search_fields = ["type"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [
        "type",
        "payload",
        "meta",
        "created_at",
        "status",
        "dispatched_at",
        "processed_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    actions = ["retry"]

    @display(description=_("status"), label={"pending": "warning", "processed": "success", "failed": "danger"})
    def status_badge(self, obj):
        return obj.status, EventStatus(obj.status).label

    @action(description=_("Retry"))
    def retry(self, request, queryset):
        for event in queryset.exclude(status=EventStatus.PROCESSED):
            events.event_retry(event=event)
        self.message_user(request, _("Queued again."))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser
