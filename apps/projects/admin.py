"""Client projects in the CRM back office: the status pipeline, overdue work, budget totals per
status for whatever the list shows. Writes go through `apps.projects.services`."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminDecimalFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from apps.core.admin_base import (
    AssignmentFilter,
    CapfirstLabelsMixin,
    ContactFieldsFormMixin,
    CrmAdmin,
    PhoneSearchMixin,
    changed_data,
    date_input,
    error_text,
    primary_contact,
    record_link,
    render_label,
)
from apps.core.exceptions import ApplicationError
from apps.core.templatetags.phones import phone_links
from apps.leads.admin import lead_badge
from apps.leads.models import Lead, LeadStatus

from . import selectors, services
from .models import CLOSED_PROJECT_STATUSES, Project, ProjectStatus

PROJECT_STATUS_COLORS = {
    ProjectStatus.PLANNING: None,
    ProjectStatus.MEASUREMENT: "info",
    ProjectStatus.DESIGN: "info",
    ProjectStatus.APPROVAL: "warning",
    ProjectStatus.PRODUCTION: "primary",
    ProjectStatus.INSTALLATION: "primary",
    ProjectStatus.COMPLETED: "success",
    ProjectStatus.CANCELLED: "danger",
}
PIPELINE = [value for value, _label in ProjectStatus.choices]


def money(amount, currency: str) -> str:
    # "1 200 000 KZT" in every site language (Django's Kazakh and Kyrgyz locales group no digits).
    return f"{amount:,.0f}".replace(",", "\u00a0") + f"\u00a0{currency}"


# Day.month.year in every site language (Django has no Kazakh or Kyrgyz date formats of its own).
DATE_FORMAT = "d.m.Y"


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("On time or closed"))]

    def queryset(self, request, queryset):
        overdue = {"deadline__lt": timezone.localdate()}
        if self.value() == "yes":
            return queryset.exclude(status__in=CLOSED_PROJECT_STATUSES).filter(**overdue)
        if self.value() == "no":
            return queryset.exclude(pk__in=Project.objects.overdue().values("pk"))
        return queryset


class ProjectAssignmentFilter(AssignmentFilter):
    field = "manager"
    mine_label = _("My projects")
    nobody_label = _("Without a manager")


class ProjectAdminForm(ContactFieldsFormMixin, forms.ModelForm):
    phone_field = "client_phone"
    email_field = "client_email"
    require_contact = False

    class Meta:
        model = Project
        fields = [
            "name",
            "description",
            "status",
            "budget",
            "currency",
            "deadline",
            "measurement_date",
            "installation_date",
            "lead",
            "client_name",
            "client_email",
            "client_phone",
            "manager",
        ]
        # A project has a title ("Название"), not a person's name ("Имя", the field's verbose name).
        labels = {"name": capfirst(_("title"))}


class LeadConvertForm(CapfirstLabelsMixin, forms.Form):
    project_name = forms.CharField(label=_("project"), max_length=200, widget=UnfoldAdminTextInputWidget)
    budget = forms.DecimalField(
        label=_("budget"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=UnfoldAdminDecimalFieldWidget,
    )
    deadline = forms.DateField(label=_("deadline"), required=False, widget=date_input())

    def clean_deadline(self):
        deadline = self.cleaned_data.get("deadline")
        if deadline and deadline < timezone.localdate():
            raise forms.ValidationError(_("The deadline cannot be in the past"))
        return deadline


class ProjectStatusForm(CapfirstLabelsMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=ProjectStatus.choices, widget=UnfoldAdminSelectWidget)


@admin.register(Project)
class ProjectAdmin(PhoneSearchMixin, CrmAdmin):
    form = ProjectAdminForm
    list_display = ["project", "status_badge", "manager_name", "budget_display", "deadline_display", "lead_link"]
    list_display_links = None  # the name links to the project (`record_link`), the client's phone to a call
    list_filter = [
        "status",
        OverdueFilter,
        ProjectAssignmentFilter,
        ("manager", RelatedDropdownFilter),
        ("deadline", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "client_name", "client_email", "client_phone"]
    search_help_text = _("Project, client's name, email or phone")
    phone_search_fields = ("client_phone",)
    date_hierarchy = "created_at"
    list_select_related = ["manager", "lead"]
    autocomplete_fields = ["manager", "lead"]
    readonly_fields = ["phone_link", "created_at", "updated_at"]
    list_before_template = "admin/projects/project/budget_totals.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("name", "status"),
                    "manager",
                    ("budget", "currency"),
                    "deadline",
                    ("measurement_date", "installation_date"),
                    "description",
                )
            },
        ),
        (_("Client"), {"fields": ("client_name", ("client_phone", "client_email"), "phone_link", "lead")}),
        (_("Dates"), {"classes": ["collapse"], "fields": (("created_at", "updated_at"),)}),
    )
    add_fieldsets = (
        fieldsets[0],
        (_("Client"), {"fields": ("client_name", ("client_phone", "client_email"), "lead")}),
    )
    actions = ["set_status", "assign_to_me"]
    actions_detail = ["add_task"]
    actions_list = ["open_board"]

    # -- columns --

    @display(description=_("project"), header=True, ordering="name")
    def project(self, obj):
        client = obj.client_name or primary_contact(obj, "client_email", "client_phone")
        return [record_link(reverse("admin:projects_project_change", args=[obj.pk]), obj.name), client]

    @display(description=_("call or write"), empty_value="—")
    def phone_link(self, obj):
        return phone_links(obj.client_phone) or None

    @display(description=_("status"), ordering="status", label=PROJECT_STATUS_COLORS)
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("manager"), ordering="manager__name", empty_value="—")
    def manager_name(self, obj):
        return (obj.manager.name or obj.manager.email) if obj.manager else None

    @display(description=_("budget"), ordering="budget", empty_value="—")
    def budget_display(self, obj):
        if obj.budget is None:
            return None
        return format_html('<span class="whitespace-nowrap">{}</span>', money(obj.budget, obj.currency))

    @display(description=_("deadline"), ordering="deadline", empty_value="—")
    def deadline_display(self, obj):
        if obj.deadline is None:
            return None
        text = formats.date_format(obj.deadline, DATE_FORMAT)
        return render_label(text, "danger") if obj.is_overdue else text

    @display(description=_("lead"), empty_value="—")
    def lead_link(self, obj):
        return lead_badge(obj.lead) if obj.lead is not None else None

    # -- budget totals per status, for the rows the filters and search select (one query) --

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context is not None and "cl" in context:
            context["budget_totals"] = self.budget_totals(context["cl"].queryset)
        return response

    @staticmethod
    def budget_totals(queryset) -> dict:
        rows = selectors.budget_totals_by_status(queryset)
        labels = dict(ProjectStatus.choices)
        by_status: dict[str, dict] = {}
        overall: dict[str, object] = {}
        for row in rows:
            entry = by_status.setdefault(
                row["status"],
                {
                    "status": row["status"],
                    "label": labels.get(row["status"], row["status"]),
                    "variant": PROJECT_STATUS_COLORS.get(row["status"]),
                    "count": 0,
                    "amounts": [],
                },
            )
            entry["count"] += row["count"]
            entry["amounts"].append(money(row["total"], row["currency"]))
            overall[row["currency"]] = overall.get(row["currency"], 0) + row["total"]
        ordered = sorted(
            by_status.values(), key=lambda e: PIPELINE.index(e["status"]) if e["status"] in PIPELINE else 99
        )
        return {
            "statuses": ordered,
            "count": sum(e["count"] for e in ordered),
            "amounts": [money(total, currency) for currency, total in sorted(overall.items())],
        }

    # -- writes through the services --

    def save_model(self, request, obj, form, change):
        if change:
            project = Project.objects.get(pk=obj.pk)
            services.project_update(
                project=project, data=changed_data(form, services.PROJECT_FIELDS), actor=request.user
            )
        else:
            data = form.cleaned_data
            project = services.project_create(
                name=data["name"],
                description=data.get("description", ""),
                status=data.get("status"),
                budget=data.get("budget"),
                currency=data.get("currency"),
                deadline=data.get("deadline"),
                measurement_date=data.get("measurement_date"),
                installation_date=data.get("installation_date"),
                lead=data.get("lead"),
                client_name=data.get("client_name", ""),
                client_email=data.get("client_email", ""),
                client_phone=data.get("client_phone", ""),
                manager=data.get("manager"),
            )
            obj.pk = project.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            readonly.append("lead")  # a project keeps the lead it was converted from
        return readonly

    # -- bulk actions --

    def _each(self, request, queryset, data, done_message):
        done, failures = 0, []
        for project in queryset:
            try:
                services.project_update(project=project, data=data, actor=request.user)
            except (ValidationError, ApplicationError) as exc:
                failures.append(f"{project}: {error_text(exc)}")
            else:
                done += 1
        self.report(request, done, failures, done_message)

    @action(description=_("Change status"), permissions=["change"])
    def set_status(self, request, queryset):
        form = self.bind_action_form(ProjectStatusForm, request)
        if not form.is_bound or not form.is_valid():
            return self.action_form_page(
                request,
                queryset,
                form=form,
                title=_("Move projects along the pipeline"),
                submit_label=_("Change status"),
            )
        self._each(
            request,
            queryset,
            {"status": form.cleaned_data["status"]},
            ngettext_lazy("Status changed for %(count)d project.", "Status changed for %(count)d projects.", "count"),
        )
        return None

    @action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        if getattr(request.user, "role", None) not in ("admin", "manager"):
            self.message_user(request, _("Only managers and admins manage projects."), messages.ERROR)
            return
        self._each(
            request,
            queryset,
            {"manager": request.user},
            ngettext_lazy("%(count)d project assigned to you.", "%(count)d projects assigned to you.", "count"),
        )

    @action(description=_("Pipeline board"), url_path="board", icon="view_kanban")
    def open_board(self, request):
        return HttpResponseRedirect(reverse("crm-board", args=["projects"]))

    @action(description=_("Add a task"), url_path="add-task", permissions=["change"], icon="add_task")
    def add_task(self, request, object_id):
        return HttpResponseRedirect(f"{reverse('admin:crm_task_add')}?project={unquote(object_id)}")

    # -- convert one lead (the lead's "Convert to project" button): its project's name, budget, deadline --

    def get_urls(self):
        convert = path(
            "from-lead/<path:lead_id>/",
            self.admin_site.admin_view(self.convert_lead_view),
            name="projects_project_convert_lead",
        )
        return [convert, *super().get_urls()]

    def convert_lead_view(self, request, lead_id):
        if not (request.user.has_perm("leads.change_lead") and self.has_add_permission(request)):
            raise PermissionDenied
        lead = get_object_or_404(Lead, pk=unquote(lead_id))
        change_url = reverse("admin:leads_lead_change", args=[lead.pk])
        if lead.status == LeadStatus.CONVERTED and request.method != "POST":
            self.message_user(request, _("This lead has already been converted into a project"), messages.ERROR)
            return HttpResponseRedirect(change_url)
        default_name = " — ".join(part for part in (str(lead.get_service_interest_display() or ""), lead.name) if part)
        form = LeadConvertForm(request.POST or None, initial={"project_name": default_name})
        if request.method == "POST" and form.is_valid():
            try:
                project = services.lead_convert(
                    lead=lead,
                    project_name=form.cleaned_data["project_name"],
                    budget=form.cleaned_data["budget"],
                    deadline=form.cleaned_data["deadline"],
                    actor=request.user,
                )
            except ApplicationError as exc:  # converted twice (409 in the API), or a lost lead
                self.message_user(request, error_text(exc), messages.ERROR)
                return HttpResponseRedirect(change_url)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                url = reverse("admin:projects_project_change", args=[project.pk])
                self.message_user(
                    request,
                    format_html(_('The lead is converted into the project <a href="{}">{}</a>.'), url, project.name),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Convert to project"),
            "subtitle": lead.name,
            "opts": Lead._meta,
            "original": lead,
            "form": form,
            "change_url": change_url,
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/projects/project/convert_lead.html", context)
