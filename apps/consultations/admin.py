"""Consultations in the CRM back office: upcoming meetings first, today and this week at a click,
and actions to schedule, complete, cancel or remind. Writes go through
`apps.consultations.services`."""

from datetime import datetime, time, timedelta

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from unfold.contrib.filters.admin import RelatedDropdownFilter
from unfold.decorators import action, display
from unfold.widgets import UnfoldAdminSelectWidget

from apps.accounts.models import User
from apps.accounts.selectors import staff_list
from apps.core.admin_base import (
    AssignmentFilter,
    CapfirstLabelsMixin,
    ContactFieldsFormMixin,
    CrmAdmin,
    PhoneSearchMixin,
    changed_data,
    datetime_input,
    error_text,
    primary_contact,
    record_link,
)
from apps.core.exceptions import ApplicationError
from apps.core.templatetags.phones import phone_links
from apps.leads.admin import lead_badge
from apps.leads.models import LeadSource

from . import services
from .models import Consultation, ConsultationStatus

CONSULTATION_STATUS_COLORS = {
    ConsultationStatus.NEW: "info",
    ConsultationStatus.SCHEDULED: "primary",
    ConsultationStatus.COMPLETED: "success",
    ConsultationStatus.CANCELLED: "danger",
}


def day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class WhenFilter(admin.SimpleListFilter):
    """By the meeting's day: `scheduled_at` once scheduled, else the day the client preferred."""

    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("today", _("Today")),
            ("next48h", _("Next 48 hours")),
            ("week", _("This week")),
            ("upcoming", _("Upcoming")),
            ("past", _("Past")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        now = timezone.now()
        if self.value() == "today":
            return queryset.filter(self.between(today, today + timedelta(days=1)))
        if self.value() == "week":
            monday = today - timedelta(days=today.weekday())
            return queryset.filter(self.between(monday, monday + timedelta(days=7)))
        if self.value() == "next48h":
            return queryset.filter(
                status=ConsultationStatus.SCHEDULED, scheduled_at__gt=now, scheduled_at__lte=now + timedelta(hours=48)
            )
        if self.value() == "upcoming":
            return queryset.filter(
                Q(scheduled_at__gte=now) | Q(scheduled_at__isnull=True, preferred_date__gte=today)
            ).exclude(status=ConsultationStatus.CANCELLED)
        if self.value() == "past":
            return queryset.filter(Q(scheduled_at__lt=now) | Q(scheduled_at__isnull=True, preferred_date__lt=today))
        return queryset

    @staticmethod
    def between(first_day, end_day) -> Q:
        """Meetings from `first_day` up to (not including) `end_day`, in the company's time zone."""
        return Q(scheduled_at__gte=day_start(first_day), scheduled_at__lt=day_start(end_day)) | Q(
            scheduled_at__isnull=True, preferred_date__gte=first_day, preferred_date__lt=end_day
        )


class ConsultationAssignmentFilter(AssignmentFilter):
    mine_label = _("My consultations")


class ConsultationAdminForm(ContactFieldsFormMixin, forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "name",
            "email",
            "phone",
            "service_type",
            "consultation_type",
            "preferred_date",
            "scheduled_at",
            "status",
            "assigned_to",
            "message",
            "language",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ConsultationStatus.SCHEDULED and not cleaned.get("scheduled_at"):
            self.add_error("scheduled_at", _("A scheduled consultation needs a date and time"))
        preferred = cleaned.get("preferred_date")
        if self.instance.pk is None and preferred and preferred < timezone.localdate():
            self.add_error("preferred_date", _("The preferred date cannot be in the past"))
        return cleaned


class ScheduleForm(CapfirstLabelsMixin, forms.Form):
    scheduled_at = forms.DateTimeField(label=_("date and time"), widget=datetime_input())
    manager = forms.ModelChoiceField(
        label=_("manager"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Keep the current manager"),
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = staff_list()

    def clean_scheduled_at(self):
        value = self.cleaned_data["scheduled_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The consultation must be scheduled in the future"))
        return value


@admin.register(Consultation)
class ConsultationAdmin(PhoneSearchMixin, CrmAdmin):
    form = ConsultationAdminForm
    list_display = ["client", "when", "status_badge", "service_type", "consultation_type", "manager", "lead_link"]
    list_display_links = None  # the name links to the consultation (`record_link`), the phone to a call
    list_filter = [
        WhenFilter,
        "status",
        ConsultationAssignmentFilter,
        ("assigned_to", RelatedDropdownFilter),
        "consultation_type",
        "service_type",
    ]
    search_fields = ["name", "email", "phone"]
    search_help_text = _("Name, email or phone")
    list_select_related = ["assigned_to", "lead"]
    autocomplete_fields = ["assigned_to", "lead"]
    readonly_fields = ["phone_link", "lead", "reminder_24h_sent_at", "reminder_2h_sent_at", "created_at", "updated_at"]
    fieldsets = (
        (None, {"fields": (("name", "language"), ("phone", "email"), "phone_link")}),
        (
            _("Meeting"),
            {
                "fields": (
                    ("service_type", "consultation_type"),
                    ("status", "preferred_date"),
                    "scheduled_at",
                    "assigned_to",
                    "message",
                )
            },
        ),
        (_("Pipeline"), {"fields": ("lead", ("reminder_24h_sent_at", "reminder_2h_sent_at"))}),
        (_("Dates"), {"classes": ["collapse"], "fields": (("created_at", "updated_at"),)}),
    )
    add_fieldsets = ((None, {"fields": (("name", "language"), ("phone", "email"))}), fieldsets[1])
    actions = ["schedule", "complete", "cancel", "send_reminder_now"]
    actions_list = ["open_calendar"]

    # -- columns --

    @display(description=_("client"), header=True, ordering="name")
    def client(self, obj):
        change = reverse("admin:consultations_consultation_change", args=[obj.pk])
        return [record_link(change, obj.name), primary_contact(obj)]

    @display(description=_("call or write"), empty_value="—")
    def phone_link(self, obj):
        return phone_links(obj.phone) or None

    @display(description=_("when"), ordering="scheduled_at")
    def when(self, obj):
        if obj.scheduled_at:
            moment, note = formats.date_format(timezone.localtime(obj.scheduled_at), "d.m.Y H:i"), _("scheduled")
        elif obj.preferred_date:
            moment, note = formats.date_format(obj.preferred_date, "d.m.Y"), _("the client's preferred day")
        else:
            moment, note = "—", _("no date yet")
        return format_html(
            '<span class="block whitespace-nowrap">{}</span><span class="text-font-subtle-light text-xs '
            'dark:text-font-subtle-dark">{}</span>',
            moment,
            note,
        )

    @display(description=_("status"), ordering="status", label=CONSULTATION_STATUS_COLORS)
    def status_badge(self, obj):
        return obj.status, obj.get_status_display()

    @display(description=_("manager"), ordering="assigned_to__name", empty_value="—")
    def manager(self, obj):
        return (obj.assigned_to.name or obj.assigned_to.email) if obj.assigned_to else None

    @display(description=_("lead"), empty_value="—")
    def lead_link(self, obj):
        return lead_badge(obj.lead) if obj.lead is not None else None

    # -- upcoming first: the next meetings in time order, then requests to schedule, then the rest --

    def get_queryset(self, request):
        now = timezone.now()
        upcoming = Q(status=ConsultationStatus.SCHEDULED, scheduled_at__gte=now)
        rank = Case(
            When(upcoming, then=Value(0)),
            When(status=ConsultationStatus.NEW, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        # Annotated before the ordering uses it (ModelAdmin.get_queryset would order first).
        return self.model._default_manager.annotate(
            upcoming_rank=rank, upcoming_at=Case(When(upcoming, then=F("scheduled_at")))
        ).order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return [
            "upcoming_rank",
            F("upcoming_at").asc(nulls_last=True),
            F("preferred_date").asc(nulls_last=True),
            F("scheduled_at").desc(nulls_last=True),
            "-created_at",
        ]

    @action(description=_("Calendar"), url_path="calendar", icon="calendar_month")
    def open_calendar(self, request):
        return HttpResponseRedirect(reverse("crm-calendar"))

    def get_changeform_initial_data(self, request):
        """`?scheduled_at=2026-12-02T10:00` (a calendar slot, the company's time zone) prefills the
        add form; a value that is not a date and time is left out."""
        initial = super().get_changeform_initial_data(request)
        if "scheduled_at" in initial:
            try:
                moment = parse_datetime(str(initial["scheduled_at"]))
            except ValueError:
                moment = None
            if moment is None:
                del initial["scheduled_at"]
            else:
                initial["scheduled_at"] = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
        return initial

    # -- writes through the services --

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            consultation = Consultation.objects.get(pk=obj.pk)
            services.consultation_update(
                consultation=consultation, data=changed_data(form, services.CONSULTATION_FIELDS), actor=request.user
            )
        else:
            consultation = services.consultation_request(
                name=data["name"],
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                service_type=data.get("service_type", ""),
                consultation_type=data.get("consultation_type", ""),
                preferred_date=data.get("preferred_date"),
                message=data.get("message", ""),
                language=data.get("language") or "ru",
                source=LeadSource.ADMIN,
            )
            extra = {
                field: data[field]
                for field in ("scheduled_at", "assigned_to", "status")
                if data.get(field) and data[field] != getattr(consultation, field)
            }
            if extra:
                services.consultation_update(consultation=consultation, data=extra, actor=request.user)
            obj.pk = consultation.pk
            obj._state.adding = False
        obj.refresh_from_db()

    # -- bulk actions --

    def _each(self, request, queryset, write, done_message):
        done, failures = 0, []
        for consultation in queryset:
            try:
                write(consultation)
            except (ValidationError, ApplicationError) as exc:
                failures.append(f"{consultation.name}: {error_text(exc)}")
            else:
                done += 1
        self.report(request, done, failures, done_message)

    @action(description=_("Schedule"), permissions=["change"])
    def schedule(self, request, queryset):
        form = self.bind_action_form(ScheduleForm, request)
        if not form.is_bound or not form.is_valid():
            return self.action_form_page(
                request,
                queryset,
                form=form,
                title=_("Schedule consultations"),
                description=_("The client gets reminders 24 hours and 2 hours before the meeting."),
                submit_label=_("Schedule"),
            )
        scheduled_at, manager = form.cleaned_data["scheduled_at"], form.cleaned_data["manager"]
        self._each(
            request,
            queryset,
            lambda c: services.consultation_schedule(
                consultation=c, scheduled_at=scheduled_at, assigned_to=manager, actor=request.user
            ),
            ngettext_lazy("%(count)d consultation scheduled.", "%(count)d consultations scheduled.", "count"),
        )
        return None

    @action(description=_("Mark as completed"), permissions=["change"])
    def complete(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.consultation_complete(consultation=c, actor=request.user),
            ngettext_lazy("%(count)d consultation completed.", "%(count)d consultations completed.", "count"),
        )

    @action(description=_("Cancel"), permissions=["change"])
    def cancel(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.consultation_cancel(consultation=c, actor=request.user),
            ngettext_lazy("%(count)d consultation cancelled.", "%(count)d consultations cancelled.", "count"),
        )

    @action(description=_("Send a reminder now"), permissions=["change"])
    def send_reminder_now(self, request, queryset):
        self._each(
            request,
            queryset,
            self._remind,
            ngettext_lazy("%(count)d reminder queued.", "%(count)d reminders queued.", "count"),
        )

    @staticmethod
    def _remind(consultation):
        """The reminder for how far away the meeting is (the 2-hour one inside 2 hours, else the
        24-hour one), claimed and queued by the service: never one the client already got."""
        now = timezone.now()
        if consultation.status != ConsultationStatus.SCHEDULED or not consultation.scheduled_at:
            raise ValidationError(_("Only a scheduled consultation gets a reminder"))
        if consultation.scheduled_at <= now:
            raise ValidationError(_("The consultation has already taken place"))
        if not consultation.email and consultation.assigned_to_id is None:
            raise ValidationError(_("There is nobody to send the reminder to: no email and no manager"))
        kind = "2h" if consultation.scheduled_at - now <= timedelta(hours=2) else "24h"
        if services.reminder_queue(consultation_id=consultation.pk, kind=kind, now=now) is None:
            raise ValidationError(_("This reminder has already been sent"))
