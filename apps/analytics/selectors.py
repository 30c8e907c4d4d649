"""Reads of the analytics app: the visit statistics and the conversions of a period (contract §8),
and the funnel by source that joins the two: visitors -> inquiries -> qualified -> converted ->
the value of the projects they became."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from apps.consultations.models import Consultation
from apps.leads.models import ContactMessage, Lead, LeadStatus
from apps.projects.models import Project

from .models import Channel, DailyStat, Device, Dimension, PageView
from .services import DAY, company_tz, local_day, raw_views, view_figures

PERIOD_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
TOP = 10
UNATTRIBUTED = "unattributed"  # leads that came without a recorded visit: phone, n8n, managers, the API
# English in the API (the seed's names), translated on the dashboard.
GOALS = (gettext_noop("Contact Form Submission"), gettext_noop("Consultation Request"), gettext_noop("Lead Converted"))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    name: str = "custom"

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at midnight in the company's time zone."""
        tz = company_tz()
        return datetime.combine(self.start, time.min, tz), datetime.combine(self.end + timedelta(days=1), time.min, tz)

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def as_dict(self) -> dict:
        return {"name": self.name, "date_from": self.start.isoformat(), "date_to": self.end.isoformat()}


def period_of(
    *, period: str | None = None, date_from: date | None = None, date_to: date | None = None, today: date | None = None
) -> Period:
    """`period` counts back from today (day = today, week = the last 7 days, month = 30, year = 365);
    explicit dates win over it; one date alone runs to today or from the period's start."""
    today = today or local_day(timezone.now())
    name = period or "month"
    if date_from or date_to:
        end = date_to or today
        start = date_from or end - timedelta(days=PERIOD_DAYS[name] - 1)
        return Period(start, end)
    return Period(today - timedelta(days=PERIOD_DAYS[name] - 1), today, name)


def percentages(counts: dict[str, int], keys) -> dict[str, float]:
    """Shares to one decimal that add up to exactly 100 (largest remainder), 0 for every key
    when there is nothing to share."""
    total = sum(counts.get(key, 0) for key in keys)
    if not total:
        return dict.fromkeys(keys, 0.0)
    exact = {key: counts.get(key, 0) * 1000 / total for key in keys}
    tenths = {key: int(value) for key, value in exact.items()}
    left = 1000 - sum(tenths.values())
    for key in sorted(keys, key=lambda k: exact[k] - tenths[k], reverse=True)[:left]:
        tenths[key] += 1
    return {key: tenths[key] / 10 for key in keys}


def _ratio(part, whole, digits: int = 1) -> float:
    return round(100 * part / whole, digits) if whole else 0.0


def _money(value) -> float:
    return float(round(value or Decimal(0), 2))


# --- Visits ------------------------------------------------------------------------------------


def _add(figures: dict, key, row: dict) -> None:
    target = figures[key]
    for field in ("pageviews", "visits", "visitors", "bounces", "duration"):
        target[field] += row[field]


def period_figures(
    period: Period, *, use_rollups: bool = True, today: date | None = None, dimensions: tuple[str, ...] | None = None
) -> dict:
    """Summed figures keyed by (dimension, key), plus (DAY, iso date) per day: the rollups for
    finished days that have one, the raw page views for the rest (today, or any day not rolled up).
    `dimensions` limits the rollup rows read to those a report needs (the raw views give all)."""
    today = today or local_day(timezone.now())
    figures: dict = defaultdict(lambda: dict.fromkeys(("pageviews", "visits", "visitors", "bounces", "duration"), 0))
    rolled: set[date] = set()
    if use_rollups:
        finished_end = min(period.end, today - timedelta(days=1))
        if finished_end >= period.start:
            daily = DailyStat.objects.filter(day__gte=period.start, day__lte=finished_end)
            for row in daily.filter(dimension=Dimension.TOTAL).values(
                "day", "pageviews", "visits", "visitors", "bounces", "duration"
            ):
                rolled.add(row["day"])
                _add(figures, (DAY, row.pop("day").isoformat()), row)
            if dimensions is not None:
                daily = daily.filter(dimension__in=dimensions)
            sums = (
                daily.order_by()
                .values("dimension", "key")
                .annotate(
                    s_pageviews=Sum("pageviews"),
                    s_visits=Sum("visits"),
                    s_visitors=Sum("visitors"),
                    s_bounces=Sum("bounces"),
                    s_duration=Sum("duration"),
                )
            )
            for row in sums:
                _add(figures, (row["dimension"], row["key"]), {k[2:]: v for k, v in row.items() if k.startswith("s_")})
    raw = PageView.objects.filter(day__gte=period.start, day__lte=period.end)
    few_days = False
    if rolled:
        missing = [day for day in period.days() if day not in rolled]  # usually today alone
        few_days = len(missing) <= 100
        raw = PageView.objects.filter(day__in=missing) if few_days else raw.exclude(day__in=rolled)
    few_days = few_days or (period.end - period.start).days < 7
    for key, row in view_figures(raw_views(raw, stream=not few_days)).items():
        _add(figures, key, row)
    return figures


def _dimension(figures: dict, dimension: str) -> dict[str, dict]:
    return {key: row for (dim, key), row in figures.items() if dim == dimension}


def visit_stats(period: Period, *, use_rollups: bool = True, today: date | None = None) -> dict:
    """GET /api/v1/analytics/stats: the v2.0.0 keys, and bounce rate, visit duration, referrers
    and the visitors per day for the charts. Kept in the shared cache for
    ANALYTICS_REPORT_CACHE_SECONDS: a dashboard reloaded, or its two reports, compute it once."""
    ttl = settings.ANALYTICS_REPORT_CACHE_SECONDS
    if not use_rollups or ttl <= 0:
        return _visit_stats(period, use_rollups=use_rollups, today=today)
    key = f"analytics:stats:{period.name}:{period.start}:{period.end}:{today or ''}"
    stats = cache.get(key)
    if stats is None:
        stats = _visit_stats(period, use_rollups=use_rollups, today=today)
        cache.set(key, stats, ttl)
    return stats


def _visit_stats(period: Period, *, use_rollups: bool, today: date | None) -> dict:
    figures = period_figures(period, use_rollups=use_rollups, today=today)
    total = figures[(Dimension.TOTAL, "")]
    visits, unique, views = total["visits"], total["visitors"], total["pageviews"]
    pages = sorted(_dimension(figures, Dimension.PAGE).items(), key=lambda item: (-item[1]["pageviews"], item[0]))
    referrers = sorted(_dimension(figures, Dimension.REFERRER).items(), key=lambda item: (-item[1]["visits"], item[0]))
    by_day = _dimension(figures, DAY)
    channels = {key: row["visits"] for key, row in _dimension(figures, Dimension.CHANNEL).items()}
    devices = {key: row["visits"] for key, row in _dimension(figures, Dimension.DEVICE).items()}
    empty = {"pageviews": 0, "visits": 0, "visitors": 0}
    return {
        "visitors": {"total": visits, "unique": unique, "returning": visits - unique},
        "pageviews": {"total": views, "per_visitor": round(views / unique, 2) if unique else 0.0},
        "popular_pages": [
            {"path": path, "views": row["pageviews"], "percentage": _ratio(row["pageviews"], views)}
            for path, row in pages[:TOP]
        ],
        "traffic_sources": percentages(channels, Channel.values),
        "devices": percentages(devices, Device.values),
        "bounce_rate": _ratio(total["bounces"], visits),
        "visit_duration": round(total["duration"] / visits) if visits else 0,
        "referrers": [
            {"host": host, "visits": row["visits"], "percentage": _ratio(row["visits"], visits)}
            for host, row in referrers[:TOP]
        ],
        "daily": [
            {
                "date": day.isoformat(),
                "visitors": by_day.get(day.isoformat(), empty)["visitors"],
                "visits": by_day.get(day.isoformat(), empty)["visits"],
                "pageviews": by_day.get(day.isoformat(), empty)["pageviews"],
            }
            for day in period.days()
        ],
        "period": period.as_dict(),
        "_channel_visitors": {key: row["visitors"] for key, row in _dimension(figures, Dimension.CHANNEL).items()},
        "_channel_visits": channels,
    }


# --- Conversions -------------------------------------------------------------------------------


def _projects_value(lead_ids) -> Decimal:
    return Project.objects.filter(lead__in=lead_ids).aggregate(v=Sum("budget"))["v"] or Decimal(0)


def source_funnel(period: Period, *, channel_visitors: dict, channel_visits: dict) -> list[dict]:
    """Per channel: visitors, visits, inquiries (leads made in the period), qualified (qualified
    or converted now), converted, and revenue (the budgets of the projects they became). Leads
    with no recorded visit form their own row."""
    start, end = period.bounds
    money = DecimalField(max_digits=16, decimal_places=2)
    rows = (
        Lead.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by()
        .values(touch=Coalesce("attribution__channel", Value(UNATTRIBUTED)))
        .annotate(
            inquiries=Count("id"),
            qualified=Count("id", filter=Q(status__in=(LeadStatus.QUALIFIED, LeadStatus.CONVERTED))),
            converted=Count("id", filter=Q(status=LeadStatus.CONVERTED)),
            revenue=Coalesce(
                Sum("project__budget", filter=Q(status=LeadStatus.CONVERTED)), Value(0), output_field=money
            ),
        )
    )
    leads = {row["touch"]: row for row in rows}
    result = []
    for source in [*Channel.values, UNATTRIBUTED]:
        row = leads.get(source, {})
        visitors = channel_visitors.get(source, 0)
        inquiries = row.get("inquiries", 0)
        result.append(
            {
                "source": source,
                "visitors": visitors,
                "visits": channel_visits.get(source, 0),
                "inquiries": inquiries,
                "qualified": row.get("qualified", 0),
                "converted": row.get("converted", 0),
                "revenue": _money(row.get("revenue")),
                "conversion_rate": _ratio(inquiries, visitors) if source != UNATTRIBUTED else None,
            }
        )
    return result


def _conversion_visits(period: Period, *, use_rollups: bool, today: date | None) -> dict:
    """The visit figures the conversions need: the cached statistics when there are some, else
    only the totals and the channels (not the pages and referrers a full report sums)."""
    if use_rollups and settings.ANALYTICS_REPORT_CACHE_SECONDS > 0:
        return visit_stats(period, use_rollups=use_rollups, today=today)
    figures = period_figures(
        period, use_rollups=use_rollups, today=today, dimensions=(Dimension.TOTAL, Dimension.CHANNEL)
    )
    channels = _dimension(figures, Dimension.CHANNEL)
    return {
        "visitors": {"unique": figures[(Dimension.TOTAL, "")]["visitors"]},
        "_channel_visitors": {key: row["visitors"] for key, row in channels.items()},
        "_channel_visits": {key: row["visits"] for key, row in channels.items()},
    }


def conversions(
    period: Period, *, use_rollups: bool = True, today: date | None = None, stats: dict | None = None
) -> dict:
    """GET /api/v1/analytics/conversions from the CRM's own records of the period."""
    stats = stats or _conversion_visits(period, use_rollups=use_rollups, today=today)
    start, end = period.bounds
    in_period = {"created_at__gte": start, "created_at__lt": end}
    unique = stats["visitors"]["unique"]

    messages = ContactMessage.objects.filter(**in_period)
    submissions = messages.count()
    leads = Lead.objects.filter(**in_period).aggregate(
        total=Count("id"), qualified=Count("id", filter=Q(status__in=(LeadStatus.QUALIFIED, LeadStatus.CONVERTED)))
    )
    consultations = Consultation.objects.filter(**in_period)
    converted = Project.objects.filter(lead__isnull=False, **in_period).aggregate(n=Count("id"), v=Sum("budget"))
    goals = [
        {
            "name": GOALS[0],
            "completions": submissions,
            "value": _money(_projects_value(messages.filter(lead__isnull=False).values("lead_id"))),
        },
        {
            "name": GOALS[1],
            "completions": consultations.count(),
            "value": _money(_projects_value(consultations.filter(lead__isnull=False).values("lead_id"))),
        },
        {"name": GOALS[2], "completions": converted["n"], "value": _money(converted["v"])},
    ]
    return {
        "contact_form": {"submissions": submissions, "conversion_rate": _ratio(submissions, unique)},
        "project_inquiries": {
            "total": leads["total"],
            "qualified": leads["qualified"],
            "conversion_rate": _ratio(leads["qualified"], leads["total"]),
        },
        "goals": goals,
        "by_source": source_funnel(
            period, channel_visitors=stats["_channel_visitors"], channel_visits=stats["_channel_visits"]
        ),
        "period": period.as_dict(),
    }


def public_stats(stats: dict) -> dict:
    return {key: value for key, value in stats.items() if not key.startswith("_")}
