"""The visitors panel on the admin's front page: the last 30 days, drawn with Unfold's own chart
components (Chart.js as Unfold ships it)."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from apps.accounts.models import Role

from .. import dashboard, selectors

register = template.Library()


@register.inclusion_tag("analytics/admin/panel.html", takes_context=True)
def analytics_admin_panel(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not (user.is_superuser or getattr(user, "role", None) in (Role.ADMIN, Role.MANAGER)):
        return {"show": False}
    data = dashboard.analytics_context(selectors.period_of(period="month"))
    charts = data["charts"]
    line = {
        "labels": charts["daily"]["labels"],
        "datasets": [
            {"label": charts["daily"]["names"][0], "data": charts["daily"]["visitors"],
             "borderColor": "var(--color-primary-600)", "backgroundColor": "var(--color-primary-600)"},
            {"label": charts["daily"]["names"][1], "data": charts["daily"]["pageviews"],
             "borderColor": "var(--color-primary-300)", "backgroundColor": "var(--color-primary-300)"},
        ],
    }  # fmt: skip
    funnel = {
        "labels": charts["funnel"]["labels"],
        "datasets": [
            {"label": name, "data": charts["funnel"][key], "backgroundColor": color}
            for name, key, color in zip(
                charts["funnel"]["names"],
                ("inquiries", "qualified", "converted"),
                ("var(--color-primary-300)", "var(--color-primary-500)", "var(--color-primary-700)"),
                strict=True,
            )
        ],
    }
    analytics_url = reverse("site:dashboard-analytics")
    return {
        "show": True,
        "analytics_url": analytics_url,
        **data,
        "line_json": json.dumps(line, cls=DjangoJSONEncoder),
        "funnel_json": json.dumps(funnel, cls=DjangoJSONEncoder),
    }
