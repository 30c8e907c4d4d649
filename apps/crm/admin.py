"""Tasks in the back office: overdue and due-today at a click, mine first; writes through
`apps.crm.services`."""

from django import forms
from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from unfold.decorators import action, display

from apps.accounts.selectors import staff_list
from apps.core.admin_base import AssignmentFilter, CrmAdmin, changed_data, datetime_input, render_label
from apps.leads.admin import lead_badge

from . import services
from .models import Task


class DueFilter(admin.SimpleListFilter):
    title = _("due")
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("today", _("Due today")),
            ("open", _("All open")),
            ("done", pgettext_lazy("task", "Done")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "overdue":
            return queryset.overdue()
        if value == "today":
            return queryset.due_today()
        if value == "open":
            return queryset.open()
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


class TaskAssigneeFilter(AssignmentFilter):
    field = "assignee"
    mine_label = _("My tasks")

    def lookups(self, request, model_admin):
        return [("mine", self.mine_label)]


class TaskAdminForm(forms.ModelForm):
    # The browser's own picker: one field, on a phone too.
    due_at = forms.DateTimeField(label=_("due"), widget=datetime_input())

    class Meta:
        model = Task
        fields = ["title", "due_at", "assignee", "lead", "project"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = staff_list()
        if self.instance.pk and self.instance.due_at:  # as <input type="datetime-local"> reads it
            self.initial["due_at"] = timezone.localtime(self.instance.due_at).strftime("%Y-%m-%dT%H:%M")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("lead") and not cleaned.get("project"):
            self.add_error("lead", _("A task belongs to a lead or a project"))
        return cleaned


@admin.register(Task)
class TaskAdmin(CrmAdmin):
    form = TaskAdminForm
    list_display = ["title", "due_display", "assignee_name", "subject", "done_badge"]
    list_display_links = ["title"]
    list_filter = [DueFilter, TaskAssigneeFilter, "assignee"]
    list_filter_submit = True
    search_fields = ["title", "lead__name", "project__name"]
    list_select_related = ["assignee", "lead", "project"]
    autocomplete_fields = ["lead", "project"]
    fields = ["title", "due_at", "assignee", "lead", "project"]
    actions = ["mark_done"]

    @display(description=_("due"), ordering="due_at")
    def due_display(self, obj):
        text = formats.date_format(timezone.localtime(obj.due_at), "d.m.Y H:i")
        return render_label(text, "danger") if obj.is_overdue else text

    @display(description=_("assignee"), ordering="assignee__name")
    def assignee_name(self, obj):
        return obj.assignee.name or obj.assignee.email

    @display(description=_("on"), empty_value="—")
    def subject(self, obj):
        if obj.lead is not None:
            return lead_badge(obj.lead)
        return obj.project.name if obj.project is not None else None

    @display(description=_("done"), ordering="done_at", label={True: "success", False: "warning"})
    def done_badge(self, obj):
        return obj.is_done, pgettext_lazy("task", "Done") if obj.is_done else pgettext_lazy("task", "Open")

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("assignee", request.user.pk)
        return initial

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            task = Task.objects.get(pk=obj.pk)
            services.task_update(task=task, data=changed_data(form, services.TASK_FIELDS), actor=request.user)
        else:
            task = services.task_create(
                title=data["title"],
                due_at=data["due_at"],
                assignee=data["assignee"],
                lead=data.get("lead"),
                project=data.get("project"),
                author=request.user,
            )
            obj.pk = task.pk
            obj._state.adding = False
        obj.refresh_from_db()

    @action(description=_("Mark as done"), permissions=["change"])
    def mark_done(self, request, queryset):
        done = 0
        for task in queryset.filter(done_at__isnull=True):
            services.task_complete(task=task, actor=request.user)
            done += 1
        self.report(request, done, [], ngettext_lazy("%(count)d task done.", "%(count)d tasks done.", "count"))
