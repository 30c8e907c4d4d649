"""Analytics in the back office: where each lead came from (filterable by channel, utm tags,
landing page), the raw page views (read-only), and the panel on the admin's front page
(templatetags/analytics_admin.py)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from .models import LeadAttribution, PageView


class ReadOnlyAdmin(ModelAdmin):
    """Records written by the site itself: nobody adds or edits them by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LeadAttribution)
class LeadAttributionAdmin(ReadOnlyAdmin):
    list_display = ["lead_link", "channel", "referrer_host", "utm_source", "utm_medium", "utm_campaign", "landing_page",
                    "lead_status", "created_at"]  # fmt: skip
    list_filter = ["channel", "utm_source", "utm_medium", "utm_campaign", "lead__status"]
    search_fields = ["lead__name", "lead__email", "referrer_host", "utm_campaign"]
    list_select_related = ["lead"]
    date_hierarchy = "created_at"
    list_per_page = 50

    @admin.display(description=_("lead"), ordering="lead__name")
    def lead_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:leads_lead_change", args=[obj.lead_id]), obj.lead)

    @admin.display(description=_("status"), ordering="lead__status")
    def lead_status(self, obj):
        return obj.lead.get_status_display()


@admin.register(PageView)
class PageViewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "path", "device", "channel", "referrer_host", "utm_campaign", "visit_start"]
    list_filter = ["day", "device", "channel", "visit_start"]
    search_fields = ["path"]
    show_full_result_count = False  # a year of traffic: no COUNT(*) over it on every page
    list_per_page = 100
