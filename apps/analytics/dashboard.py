"""What the analytics pages show: the site's /dashboard/analytics and the admin's front page.
One context builder for both; the charts read their data from JSON (no inline script: the CSP
allows scripts from the site itself only)."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from . import selectors
from .api.serializers import PeriodSerializer
from .models import Channel, Device

PERIOD_CHOICES = (("day", "Today"), ("week", "7 days"), ("month", "30 days"), ("year", "Year"))


def period_from_query(query) -> tuple[selectors.Period, dict]:
    """The period asked for in the query string (the API's parameters); the default month and the
    errors when the query is not valid."""
    serializer = PeriodSerializer(data=query)
    if serializer.is_valid():
        return selectors.period_of(**serializer.validated_data), {}
    return selectors.period_of(), serializer.errors


def source_labels() -> dict[str, str]:
    return {**dict(Channel.choices), selectors.UNATTRIBUTED: _("No recorded visit")}


def _period_links() -> list[dict]:
    labels = {"day": _("Today"), "week": _("7 days"), "month": _("30 days"), "year": _("Year")}
    return [{"value": value, "label": labels[value]} for value, _label in PERIOD_CHOICES]


def duration_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def analytics_context(period: selectors.Period) -> dict:
    stats = selectors.visit_stats(period)
    conversions = selectors.conversions(period, stats=stats)
    labels = {key: str(label) for key, label in source_labels().items()}
    funnel = [{**row, "label": labels[row["source"]]} for row in conversions["by_source"]]
    revenue = sum(row["revenue"] for row in funnel)
    daily = stats["daily"]
    charts = {
        "daily": {
            "labels": [formats.date_format(date.fromisoformat(d["date"]), "d.m") for d in daily],
            "visitors": [d["visitors"] for d in daily],
            "pageviews": [d["pageviews"] for d in daily],
            "names": [_("Unique visitors"), _("Page views")],
        },
        "sources": {
            "labels": [labels[key] for key in Channel.values],
            "values": [stats["traffic_sources"][key] for key in Channel.values],
        },
        "devices": {
            "labels": [str(label) for _key, label in Device.choices],
            "values": [stats["devices"][key] for key in Device.values],
        },
        "pages": {
            "labels": [page["path"] for page in stats["popular_pages"]],
            "values": [page["views"] for page in stats["popular_pages"]],
            "name": _("Page views"),
        },
        "funnel": {
            "labels": [row["label"] for row in funnel],
            "names": [_("Inquiries"), _("Qualified"), _("Converted")],
            "inquiries": [row["inquiries"] for row in funnel],
            "qualified": [row["qualified"] for row in funnel],
            "converted": [row["converted"] for row in funnel],
        },
    }
    return {
        "period": period,
        "period_links": _period_links(),
        "stats": selectors.public_stats(stats),
        "conversions": conversions,
        "funnel": funnel,
        "revenue": revenue,
        "visit_duration": duration_text(stats["visit_duration"]),
        "charts": charts,
        "source_shares": [{"label": labels[key], "value": stats["traffic_sources"][key]} for key in Channel.values],
        "device_shares": [{"label": label, "value": stats["devices"][key]} for key, label in Device.choices],
    }
