"""Integrations in the back office: subscriptions (send a test event), their deliveries with every
attempt (redeliver), and n8n's inbound events (read-only; reprocess a failed one)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from unfold.admin import ModelAdmin, TabularInline
from unfold.decorators import action, display

from . import inbound, services
from .models import (
    OUTBOUND_EVENTS,
    DeliveryStatus,
    InboundStatus,
    WebhookDelivery,
    WebhookDeliveryAttempt,
    WebhookEvent,
    WebhookSubscription,
)


class ReadOnlyAdminMixin:
    """A record of what happened: nobody adds, edits or deletes it by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WebhookSubscriptionForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=[(e, e) for e in OUTBOUND_EVENTS], widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("secret"),
        required=False,
        min_length=8,
        max_length=255,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Signs every delivery. Never shown again; leave empty to keep the current one."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ["url", "events", "secret", "active"]

    def clean_url(self):
        try:
            return services.clean_url(self.cleaned_data["url"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["url"]) from exc

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("secret"):
            self.add_error("secret", _("This field is required."))
        return cleaned


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ModelAdmin):
    form = WebhookSubscriptionForm
    list_display = ["url", "event_list", "active", "consecutive_failures", "last_delivery_at", "created_at"]
    list_filter = ["active"]
    search_fields = ["url"]
    readonly_fields = ["consecutive_failures", "disabled_at", "disabled_reason", "last_delivery_at", "created_by"]
    actions = ["send_test_event"]

    @display(description=_("events"))
    def event_list(self, obj):
        return ", ".join(obj.events)

    def save_model(self, request, obj, form, change):
        data = {key: form.cleaned_data.get(key) for key in ("url", "events", "secret", "active")}
        if change:
            services.subscription_update(subscription=obj, data=data)
        else:
            obj.pk = services.subscription_create(**data, created_by=request.user).pk

    def delete_model(self, request, obj):
        services.subscription_delete(subscription=obj)

    @action(description=_("Send a test event"))
    def send_test_event(self, request, queryset):
        for subscription in queryset:
            services.subscription_send_test(subscription=subscription)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("A test event is on its way.", "%(count)d test events are on their way.", count)
            % {"count": count},
        )


class WebhookDeliveryAttemptInline(ReadOnlyAdminMixin, TabularInline):
    model = WebhookDeliveryAttempt
    fields = ["number", "started_at", "duration_ms", "status_code", "error", "response_excerpt", "next_attempt_at"]
    readonly_fields = fields
    extra = 0


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = [
        "event_type",
        "subscription",
        "status_badge",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type"]
    list_select_related = ["subscription"]
    search_fields = ["subscription__url", "event_type"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [
        "id",
        "subscription",
        "event",
        "event_type",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
    ]
    inlines = [WebhookDeliveryAttemptInline]
    actions = ["redeliver"]

    @display(description=_("status"), label={"pending": "warning", "succeeded": "success", "failed": "danger"})
    def status_badge(self, obj):
        return obj.status, DeliveryStatus(obj.status).label

    @action(description=_("Redeliver"))
    def redeliver(self, request, queryset):
        for delivery in queryset:
            services.delivery_redeliver(delivery=delivery)
        self.message_user(request, _("Queued for delivery again."))

    def has_change_permission(self, request, obj=None):
        # Actions need the change permission; the fields stay read-only.
        return request.user.has_perm("webhooks.change_webhookdelivery")


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdminMixin, ModelAdmin):
    list_display = ["endpoint", "event_type", "status_badge", "delivery_id", "received_at", "processed_at"]
    list_filter = ["status", "endpoint", "event_type"]
    search_fields = ["delivery_id", "event_type"]
    date_hierarchy = "received_at"
    show_full_result_count = False
    readonly_fields = [
        "source",
        "endpoint",
        "event_type",
        "payload",
        "delivery_id",
        "received_at",
        "processed_at",
        "status",
        "error",
    ]
    actions = ["reprocess"]

    @display(
        description=_("outcome"),
        label={"received": "info", "processed": "success", "queued": "info", "duplicate": "info", "failed": "danger"},
    )
    def status_badge(self, obj):
        return obj.status, InboundStatus(obj.status).label

    @action(description=_("Reprocess failed events"))
    def reprocess(self, request, queryset):
        done = failed = 0
        for event in queryset.filter(status=InboundStatus.FAILED):
            if inbound.inbound_reprocess(event=event) is None:
                failed += 1
            else:
                done += 1
        self.message_user(
            request,
            _("Reprocessed: %(done)d; failed again: %(failed)d") % {"done": done, "failed": failed},
            level=messages.WARNING if failed else messages.SUCCESS,
        )

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("webhooks.change_webhookevent")
