"""The CRM back office for the sales pipeline: leads (with their timeline, import and export) and
contact messages. Every write goes through `apps.leads.services`; the shared building blocks are
in `apps.core.admin`."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.admin import ImportExportActionModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from unfold.admin import TabularInline
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.decorators import action, display
from unfold.widgets import (
    UnfoldAdminExpandableTextareaWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from apps.accounts.models import User
from apps.accounts.selectors import staff_list
from apps.core.admin_base import (
    AssignmentFilter,
    CapfirstLabelsMixin,
    ContactFieldsFormMixin,
    CrmAdmin,
    PhoneSearchMixin,
    changed_data,
    error_text,
    language_label,
    local_moment,
    primary_contact,
    record_link,
    render_label,
    truncated,
)
from apps.core.content_cache import LEAD_LIST, kept
from apps.core.exceptions import ApplicationError
from apps.core.templatetags.phones import phone_links

from . import selectors, services
from .models import (
    LEAD_SOURCE_LABELS,
    ActivityKind,
    ContactMessage,
    ContactMessageStatus,
    Lead,
    LeadActivity,
    LeadSource,
    LeadStatus,
    lead_source_label,
)
from .resources import LeadResource, import_labels, import_template

LEAD_STATUS_COLORS = {
    LeadStatus.NEW: "info",
    LeadStatus.CONTACTED: "warning",
    LeadStatus.QUALIFIED: "primary",
    LeadStatus.CONVERTED: "success",
    LeadStatus.LOST: "danger",
}


def lead_badge(lead) -> str:
    """A related lead as a person-icon badge with its status, linking to it (the name in the tooltip)."""
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    color = LEAD_STATUS_COLORS.get(lead.status)
    return render_label(lead.get_status_display(), color, href=url, title=lead.name, icon="person")


# --- Leads -------------------------------------------------------------------------------------

# Statuses a manager may set by hand: `converted` is reached only by converting the lead.
MANUAL_LEAD_STATUSES = [(value, label) for value, label in LeadStatus.choices if value != LeadStatus.CONVERTED]


class LeadAssignmentFilter(AssignmentFilter):
    mine_label = _("My leads")


class SourceFilter(admin.SimpleListFilter):
    """Sources by their names (the codes are what API clients send)."""

    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        # The codes in use, found once per change of the leads (a scan of the table each time).
        codes = kept("leads:admin:sources", self._codes, LEAD_LIST)
        return [(code, lead_source_label(code)) for code in codes]

    @staticmethod
    def _codes() -> list[str]:
        return list(Lead.objects.order_by("source").values_list("source", flat=True).distinct())

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


@display(description=_("source"), ordering="source")
def source_display(obj):
    return lead_source_label(obj.source)


class LeadAdminForm(ContactFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = Lead
        fields = ["name", "email", "phone", "language", "status", "service_interest", "source", "assigned_to", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        source = self.fields.get("source")
        if source is not None:  # picked by its name; an API client's own slug stays as it is
            choices = list(LEAD_SOURCE_LABELS.items())
            if self.instance.source and self.instance.source not in LEAD_SOURCE_LABELS:
                choices.append((self.instance.source, self.instance.source))
            self.fields["source"] = forms.ChoiceField(
                label=source.label, choices=choices, initial=source.initial, widget=UnfoldAdminSelectWidget
            )
        status = self.fields.get("status")
        if status is not None and self.instance.status != LeadStatus.CONVERTED:
            status.choices = MANUAL_LEAD_STATUSES
            status.widget.choices = MANUAL_LEAD_STATUSES


NOTE_KINDS = [
    (k, v) for k, v in ActivityKind.choices if k in (ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.EMAIL)
]


class TimelineEntryForm(forms.ModelForm):
    """A new entry of the timeline: a note, a call or an email written down by the manager."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=NOTE_KINDS,
        initial=ActivityKind.NOTE,
        widget=UnfoldAdminSelectWidget(attrs={"style": "min-width: 9rem"}),
    )
    text = forms.CharField(label=_("text"), max_length=5000, widget=UnfoldAdminExpandableTextareaWidget)

    class Meta:
        model = LeadActivity
        fields = ["kind", "text"]


class LeadNoteInline(TabularInline):
    """The quick "add note" row of the change page (saved with the lead, through `lead_add_note`).
    The timeline itself is shown below the form, read-only (`timeline.html`): entries are added,
    never rewritten or deleted; a note is corrected by a new note."""

    model = LeadActivity
    form = TimelineEntryForm
    fields = ["kind", "text"]
    extra = 1
    max_num = 1
    can_delete = False
    hide_title = True
    verbose_name = _("new timeline entry")
    verbose_name_plural = _("add to the timeline")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False


class LeadStatusForm(CapfirstLabelsMixin, forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=MANUAL_LEAD_STATUSES, widget=UnfoldAdminSelectWidget)


class ManagerForm(CapfirstLabelsMixin, forms.Form):
    manager = forms.ModelChoiceField(
        label=_("manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (unassign)"),
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_list()


@admin.register(Lead)
class LeadAdmin(PhoneSearchMixin, CrmAdmin, ImportExportActionModelAdmin):
    form = LeadAdminForm
    list_display = [
        "lead", "status_badge", "service_interest", source_display, "visit_source", "manager", "next_task", "age",
    ]  # fmt: skip
    list_display_links = None  # the name links to the lead itself (`record_link`), the phone to a call
    list_filter = [
        "status",
        LeadAssignmentFilter,
        ("assigned_to", RelatedDropdownFilter),
        "service_interest",
        SourceFilter,
        "attribution__channel",  # the analytics app's record of the visit that sent the inquiry
        ("created_at", admin.DateFieldListFilter),
    ]
    search_fields = ["name", "email", "phone"]
    search_help_text = _("Name, email or phone")
    # No date_hierarchy: its list of days is a scan of every lead (0.6 s at 100,000 on SQLite);
    # the "created" filter above covers today, this week, this month and this year.
    list_select_related = ["assigned_to", "project", "attribution"]
    show_full_result_count = False
    autocomplete_fields = ["assigned_to"]
    readonly_fields = ["phone_link", "project_link", "visit_source", "created_at", "updated_at"]
    inlines = [LeadNoteInline]
    change_form_outer_after_template = "admin/leads/lead/timeline.html"
    timeline_length = 100
    add_fieldsets = (
        (None, {"fields": (("name", "language"), ("phone", "email"))}),
        (_("Pipeline"), {"fields": ("assigned_to", ("service_interest", "source"), "notes")}),
    )
    fieldsets = (
        (None, {"fields": (("name", "language"), ("phone", "email"), "phone_link")}),
        (
            _("Pipeline"),
            {
                "fields": (
                    "assigned_to",
                    ("status", "project_link"),
                    ("service_interest", "source"),
                    "visit_source",
                    "notes",
                )
            },
        ),
        (_("Dates"), {"classes": ["collapse"], "fields": (("created_at", "updated_at"),)}),
    )
    actions = ["set_status", "assign_to_me", "assign_to_manager", "mark_lost", "convert_selected"]
    actions_detail = ["add_task", "convert_to_project"]
    actions_list = ["open_board"]

    # Import and export (django-import-export): every imported row goes through lead_create_or_link.
    resource_classes = [LeadResource]
    import_form_class = ImportForm
    export_form_class = ExportForm
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"  # with the BOM, Excel opens the CSV's Cyrillic correctly
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"  # both buttons

    # -- columns --

    @display(description=_("lead"), header=True, ordering="name")
    def lead(self, obj):
        initials = "".join(word[0] for word in obj.name.split()[:2]).upper()
        return [
            record_link(reverse("admin:leads_lead_change", args=[obj.pk]), obj.name),
            primary_contact(obj),
            initials,
        ]

    @display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        # A converted lead's badge leads to its project.
        project = getattr(obj, "project", None)
        href = reverse("admin:projects_project_change", args=[project.pk]) if project is not None else ""
        return render_label(obj.get_status_display(), LEAD_STATUS_COLORS.get(obj.status), href=href)

    @display(description=_("manager"), ordering="assigned_to__name", empty_value="—")
    def manager(self, obj):
        user = obj.assigned_to
        return (user.name or user.email) if user else None

    @display(description=_("next task"), ordering="next_task_due", empty_value="—")
    def next_task(self, obj):
        if obj.next_task_due is None:
            return None
        due = formats.date_format(timezone.localtime(obj.next_task_due), "d.m H:i")
        variant = "danger" if obj.next_task_due < timezone.now() else None
        return format_html("{}<br>{}", render_label(due, variant), Truncator(obj.next_task_title).chars(40))

    @display(description=_("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    @display(description=_("call or write"), empty_value="—")
    def phone_link(self, obj):
        return phone_links(obj.phone) or None

    @display(description=_("project"), empty_value="—")
    def project_link(self, obj):
        project = getattr(obj, "project", None)
        if project is None:
            return None
        url = reverse("admin:projects_project_change", args=[project.pk])
        return format_html('<a href="{}" class="text-primary-600 dark:text-primary-500">{}</a>', url, project.name)

    @display(description=_("visit source"), empty_value="—")
    def visit_source(self, obj):
        # The analytics app's LeadAttribution, read through its reverse relation (no import upwards).
        attribution = getattr(obj, "attribution", None) if obj.pk else None
        if attribution is None:
            return None
        utm = (attribution.utm_source, attribution.utm_medium, attribution.utm_campaign)
        tags = "/".join(tag for tag in utm if tag)
        parts = [attribution.get_channel_display(), attribution.referrer_host, tags]
        landing = f" → {attribution.landing_page}" if attribution.landing_page else ""
        return " · ".join(part for part in parts if part) + landing

    # -- queries --

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == LeadStatus.CONVERTED:
            readonly.append("status")
        return readonly

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_queryset(self, request):
        # The next open task of each lead, in the same query (the tasks are the back office's,
        # apps.crm; a lead only knows the reverse relation's name).
        task_model = Lead._meta.get_field("tasks").related_model
        upcoming = task_model.objects.filter(lead=OuterRef("pk"), done_at__isnull=True).order_by("due_at", "id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                next_task_title=Subquery(upcoming.values("title")[:1]),
                next_task_due=Subquery(upcoming.values("due_at")[:1]),
            )
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        entries = LeadActivity.objects.filter(lead_id=unquote(object_id)).select_related("author")
        extra_context["timeline"] = list(entries.order_by("-created_at", "-id")[: self.timeline_length])
        return super().change_view(request, object_id, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        return {"source": LeadSource.ADMIN, **super().get_changeform_initial_data(request)}

    def has_import_permission(self, request):
        return request.user.has_perm("leads.add_lead")

    # -- import page: the columns by their names in the reader's language, and a file to fill in --

    def get_urls(self):
        template = path(
            "import/template.<str:file_format>",
            self.admin_site.admin_view(self.import_template_view),
            name="leads_lead_import_template",
        )
        return [template, *super().get_urls()]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        if getattr(response, "context_data", None) and "fields_list" in response.context_data:
            labels = import_labels()
            response.context_data["fields_list"] = [
                (name, labels) for name, _columns in response.context_data["fields_list"]
            ]
            response.context_data["import_templates"] = [
                (label, reverse("admin:leads_lead_import_template", args=[extension]))
                for label, extension in (("XLSX", "xlsx"), ("CSV", "csv"))
            ]
        return response

    def import_template_view(self, request, file_format):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if file_format not in ("xlsx", "csv"):
            raise Http404
        content_type = {
            "csv": "text/csv; charset=utf-8",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }[file_format]
        response = HttpResponse(import_template(file_format), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="leads-import-template.{file_format}"'
        return response

    def has_export_permission(self, request):
        return request.user.has_perm("leads.view_lead")

    # -- writes through the services --

    def save_model(self, request, obj, form, change):
        if change:
            lead = Lead.objects.get(pk=obj.pk)
            services.lead_update(lead=lead, data=changed_data(form, services.LEAD_FIELDS), actor=request.user)
        else:
            data = form.cleaned_data
            lead = services.lead_create(
                name=data["name"],
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                source=data.get("source") or LeadSource.ADMIN,
                service_interest=data.get("service_interest", ""),
                notes=data.get("notes", ""),
                assigned_to=data.get("assigned_to"),
                language=data.get("language") or "ru",
                author=request.user,
            )
            obj.pk = lead.pk
            obj._state.adding = False
            self._warn_about_duplicates(request, lead)
        obj.refresh_from_db()

    def _warn_about_duplicates(self, request, lead):
        # The admin may create a second lead for the same person on purpose; it is told, not stopped.
        other = selectors.lead_find_open(email=lead.email, phone=lead.phone)
        if other is not None and other.pk != lead.pk:
            url = reverse("admin:leads_lead_change", args=[other.pk])
            self.message_user(
                request,
                format_html(_('An open lead with this email or phone already exists: <a href="{}">{}</a>'), url, other),
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not LeadActivity:
            return super().save_formset(request, form, formset, change)
        for entry in formset.save(commit=False):  # only new entries: the timeline is never rewritten
            if entry.pk is None:
                services.lead_add_note(lead=form.instance, text=entry.text, kind=entry.kind, author=request.user)
        return None

    def delete_model(self, request, obj):
        services.lead_delete(lead=obj)

    def delete_queryset(self, request, queryset):
        for lead in queryset:
            services.lead_delete(lead=lead)

    # -- bulk actions --

    def _each(self, request, queryset, write, done_message):
        done, failures = 0, []
        for lead in queryset.select_related("assigned_to"):
            try:
                write(lead)
            except (ValidationError, ApplicationError) as exc:
                failures.append(f"{lead}: {error_text(exc)}")
            else:
                done += 1
        self.report(request, done, failures, done_message)

    @action(description=_("Change status"), permissions=["change"])
    def set_status(self, request, queryset):
        form = self.bind_action_form(LeadStatusForm, request)
        if not form.is_bound or not form.is_valid():
            return self.action_form_page(
                request, queryset, form=form, title=_("Change the status of leads"), submit_label=_("Change status")
            )
        status = form.cleaned_data["status"]
        self._each(
            request,
            queryset,
            lambda lead: services.lead_set_status(lead=lead, status=status, actor=request.user),
            ngettext_lazy("Status changed for %(count)d lead.", "Status changed for %(count)d leads.", "count"),
        )
        return None

    @action(description=_("Assign to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda lead: services.lead_assign(lead=lead, manager=request.user, actor=request.user),
            ngettext_lazy("%(count)d lead assigned to you.", "%(count)d leads assigned to you.", "count"),
        )

    @action(description=_("Assign to a manager"), permissions=["change"])
    def assign_to_manager(self, request, queryset):
        form = self.bind_action_form(ManagerForm, request)
        if not form.is_bound or not form.is_valid():
            return self.action_form_page(
                request, queryset, form=form, title=_("Assign leads to a manager"), submit_label=_("Assign")
            )
        manager = form.cleaned_data["manager"]
        self._each(
            request,
            queryset,
            lambda lead: services.lead_assign(lead=lead, manager=manager, actor=request.user),
            ngettext_lazy("%(count)d lead assigned.", "%(count)d leads assigned.", "count"),
        )
        return None

    @action(description=_("Mark as lost"), permissions=["change"])
    def mark_lost(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda lead: services.lead_set_status(lead=lead, status=LeadStatus.LOST, actor=request.user),
            ngettext_lazy("%(count)d lead marked as lost.", "%(count)d leads marked as lost.", "count"),
        )

    @action(description=_("Convert to project"), permissions=["change"])
    def convert_selected(self, request, queryset):
        leads = list(queryset[:2])
        if len(leads) != 1:
            self.message_user(request, _("Select exactly one lead to convert into a project."), messages.WARNING)
            return None
        return HttpResponseRedirect(reverse("admin:projects_project_convert_lead", args=[leads[0].pk]))

    @action(description=_("Pipeline board"), url_path="board", icon="view_kanban")
    def open_board(self, request):
        return HttpResponseRedirect(reverse("crm-board", args=["leads"]))

    @action(description=_("Add a task"), url_path="add-task", permissions=["change"], icon="add_task")
    def add_task(self, request, object_id):
        return HttpResponseRedirect(f"{reverse('admin:crm_task_add')}?lead={unquote(object_id)}")

    # -- convert one lead: the page lives with projects (which know leads; leads never import them) --

    @action(description=_("Convert to project"), url_path="convert", permissions=["change"], icon="rocket_launch")
    def convert_to_project(self, request, object_id):
        return HttpResponseRedirect(reverse("admin:projects_project_convert_lead", args=[unquote(object_id)]))


# --- Contact messages --------------------------------------------------------------------------

MESSAGE_STATUS_COLORS = {
    ContactMessageStatus.NEW: "info",
    ContactMessageStatus.READ: "warning",
    ContactMessageStatus.REPLIED: "success",
    ContactMessageStatus.ARCHIVED: None,
}
MESSAGE_FIELDS = ["name", "email", "phone", "subject", "message", "project_type", "budget"]


class ContactMessageAdminForm(ContactFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = ContactMessage
        fields = [*MESSAGE_FIELDS, "status"]


class ContactReplyForm(CapfirstLabelsMixin, forms.Form):
    subject = forms.CharField(label=_("subject"), max_length=200, widget=UnfoldAdminTextInputWidget)
    body = forms.CharField(label=_("reply"), max_length=10000, widget=UnfoldAdminTextareaWidget(attrs={"rows": 8}))


@admin.register(ContactMessage)
class ContactMessageAdmin(PhoneSearchMixin, CrmAdmin):
    form = ContactMessageAdminForm
    list_display = ["sender", "subject_or_excerpt", "status_badge", source_display, "received", "lead_link"]
    list_display_links = None  # as on the leads: the name links to the message, the phone to a call
    list_filter = ["status", SourceFilter, ("created_at", admin.DateFieldListFilter)]
    search_fields = ["name", "email", "phone", "subject"]
    search_help_text = _("Name, email, phone or subject")
    date_hierarchy = "created_at"
    list_select_related = ["lead"]
    show_full_result_count = False
    autocomplete_fields = ["lead"]
    add_fieldsets = (
        (None, {"fields": ("name", ("phone", "email"), "subject", "message", ("project_type", "budget"))}),
    )
    fieldsets = (
        (None, {"fields": (("name", "status"), ("phone_link", "email"), "subject", "message")}),
        (_("Details"), {"fields": (("project_type", "budget"), ("source_name", "language_name"), "lead_link")}),
        (_("Dates"), {"classes": ["collapse"], "fields": (("created_at", "read_at", "replied_at"),)}),
    )
    change_form_outer_after_template = "admin/leads/contactmessage/reply_form.html"
    actions = ["mark_read", "mark_archived"]

    @display(description=_("sender"), header=True, ordering="name")
    def sender(self, obj):
        change = reverse("admin:leads_contactmessage_change", args=[obj.pk])
        return [record_link(change, obj.name), obj.email or phone_links(obj.phone)]

    @display(description=_("message"))
    def subject_or_excerpt(self, obj):
        return truncated(obj.subject or obj.message, 70)

    @display(description=_("status"), ordering="status", label=MESSAGE_STATUS_COLORS)
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("phone"), empty_value="—")
    def phone_link(self, obj):
        return phone_links(obj.phone) or None

    @display(description=_("source"))
    def source_name(self, obj):
        return lead_source_label(obj.source)

    @display(description=_("language"))
    def language_name(self, obj):
        return language_label(obj.language)

    @display(description=_("created at"), ordering="created_at")
    def received(self, obj):
        return local_moment(obj.created_at)

    @display(description=_("lead"), empty_value="—")
    def lead_link(self, obj):
        return lead_badge(obj.lead) if obj.lead is not None else None

    def get_queryset(self, request):
        # New messages first, then the newest (the rank is annotated before the ordering uses it).
        rank = Case(When(status=ContactMessageStatus.NEW, then=Value(0)), default=Value(1), output_field=IntegerField())
        return self.model._default_manager.annotate(unread_rank=rank).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ["unread_rank", "-created_at", "-id"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # A message is kept exactly as it was sent; only its status moves.
        shown = [field for field in MESSAGE_FIELDS if field != "phone"]
        return [
            *shown,
            "phone_link",
            "source_name",
            "language_name",
            "lead_link",
            "created_at",
            "read_at",
            "replied_at",
        ]

    def get_urls(self):
        reply = path(
            "<path:object_id>/reply/",
            self.admin_site.admin_view(self.reply_view),
            name="leads_contactmessage_reply",
        )
        return [reply, *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        contact = self.get_object(request, unquote(object_id))
        if contact is not None and request.method == "GET" and self.has_change_permission(request, contact):
            services.contact_message_mark_read(contact=contact, actor=request.user)
        extra_context = extra_context or {}
        if contact is not None and not contact.email:
            extra_context["reply_phone"] = contact.phone  # no email to answer: say how to reach them
        if contact is not None and contact.email and self.has_change_permission(request, contact):
            subject = contact.subject or _("Your message to BaiMuras")
            extra_context["reply_form"] = ContactReplyForm(
                initial={"subject": subject if subject.lower().startswith("re:") else f"Re: {subject}"}
            )
            extra_context["reply_url"] = reverse("admin:leads_contactmessage_reply", args=[contact.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def reply_view(self, request, object_id):
        contact = self.get_object(request, unquote(object_id))
        if contact is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, contact):
            raise PermissionDenied
        change_url = reverse("admin:leads_contactmessage_change", args=[contact.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change_url)
        form = ContactReplyForm(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{form.fields[name].label}: {' '.join(errs)}" for name, errs in form.errors.items())
            self.message_user(request, _("The reply was not sent: %(errors)s") % {"errors": errors}, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            services.contact_message_reply(
                contact=contact,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                actor=request.user,
            )
        except (ValidationError, ApplicationError) as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
        except OSError:  # SMTP refused or unreachable: nothing was recorded, say so plainly
            self.message_user(request, _("The email could not be sent; try again later."), messages.ERROR)
        else:
            self.message_user(
                request, _("The reply was sent to %(email)s.") % {"email": contact.email}, messages.SUCCESS
            )
        return HttpResponseRedirect(change_url)

    def save_model(self, request, obj, form, change):
        if change:
            if "status" in form.changed_data:
                contact = ContactMessage.objects.get(pk=obj.pk)
                services.contact_message_set_status(
                    contact=contact, status=form.cleaned_data["status"], actor=request.user
                )
        else:
            data = form.cleaned_data
            contact = services.contact_message_create(
                **{field: data.get(field) or "" for field in MESSAGE_FIELDS}, source=LeadSource.ADMIN
            )
            obj.pk = contact.pk
            obj._state.adding = False
        obj.refresh_from_db()

    def _set_status(self, request, queryset, status, done_message):
        done = 0
        for contact in queryset:
            services.contact_message_set_status(contact=contact, status=status, actor=request.user)
            done += 1
        self.report(request, done, [], done_message)

    @action(description=_("Mark as read"), permissions=["change"])
    def mark_read(self, request, queryset):
        self._set_status(
            request,
            queryset.filter(status=ContactMessageStatus.NEW),
            ContactMessageStatus.READ,
            ngettext_lazy("%(count)d message marked as read.", "%(count)d messages marked as read.", "count"),
        )

    @action(description=_("Archive"), permissions=["change"])
    def mark_archived(self, request, queryset):
        self._set_status(
            request,
            queryset,
            ContactMessageStatus.ARCHIVED,
            ngettext_lazy("%(count)d message archived.", "%(count)d messages archived.", "count"),
        )
