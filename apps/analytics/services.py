"""Writes of the analytics app: page views, the daily salt, lead attribution and the rollups."""

import hashlib
import logging
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, ExpressionWrapper, F
from django.db.models.functions import Cast
from django.utils import timezone

from apps.core.validation import full_clean

from .models import Channel, DailyStat, Dimension, LeadAttribution, PageView, VisitorSalt

logger = logging.getLogger(__name__)

VISIT_CACHE_PREFIX = "analytics:visit:"
SALT_CACHE_PREFIX = "analytics:salt:"


def company_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_day(moment: datetime) -> date:
    return moment.astimezone(company_tz()).date()


# --- Visitors ----------------------------------------------------------------------------------


_salts: dict[date, str] = {}  # this process's copy: a salt never changes once made


def salt_for_day(*, day: date) -> str:
    """The day's salt, made once and shared by every process (database, cached)."""
    if day in _salts:
        return _salts[day]
    key = f"{SALT_CACHE_PREFIX}{day.isoformat()}"
    salt = cache.get(key)
    if salt:
        _salts.clear()
        _salts[day] = salt
        return salt
    salt_row = VisitorSalt.objects.filter(day=day).first()
    if salt_row is None:
        try:
            with transaction.atomic():
                salt_row = VisitorSalt.objects.create(day=day, salt=secrets.token_hex(32))
        except IntegrityError:  # another process made it first
            salt_row = VisitorSalt.objects.get(day=day)
    cache.set(key, salt_row.salt, 60 * 60 * 25)
    return salt_row.salt


def visitor_hash(*, salt: str, ip: str, user_agent: str, host: str = "") -> int:
    """A signed 64-bit integer: cheap to index, and nothing to read back from it."""
    digest = hashlib.blake2b(f"{salt}|{host}|{ip}|{user_agent}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def salts_prune(*, today: date) -> int:
    """Forget every salt before today's: yesterday's visitors become unlinkable for good."""
    deleted, _ = VisitorSalt.objects.filter(day__lt=today).delete()
    return deleted


# --- Recording ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitSource:
    channel: str = Channel.DIRECT
    referrer_host: str = ""
    utm_source: str = ""
    utm_medium: str = ""
    utm_campaign: str = ""
    landing_page: str = ""
    started_at: str = ""  # ISO, for the attribution

    def fields(self) -> dict:
        return {
            "channel": self.channel,
            "referrer_host": self.referrer_host,
            "utm_source": self.utm_source,
            "utm_medium": self.utm_medium,
            "utm_campaign": self.utm_campaign,
        }


@dataclass(frozen=True)
class ViewSeen:
    """A page view as its request tells it: the visitor's hash and device, where it came from."""

    path: str
    visitor: int
    device: str
    source: VisitSource
    at: datetime


def pageviews_sessionize(views: list[ViewSeen]) -> list[PageView]:
    """The rows of `views` (in the order seen), each in its visit: a visit is the visitor's views
    with less than ANALYTICS_VISIT_TIMEOUT between them, and keeps the source it started with. The
    shared cache remembers each open visit for that long; a whole batch costs one read and one
    write of it. The rows are built, not saved: full_clean is skipped, every field comes from our
    own parsing, and this is the hot path."""
    timeout = settings.ANALYTICS_VISIT_TIMEOUT
    keys = {view.visitor: f"{VISIT_CACHE_PREFIX}{view.visitor}" for view in views}
    open_visits = cache.get_many(list(set(keys.values()))) if views else {}
    rows = []
    for view in views:
        key = keys[view.visitor]
        cached = open_visits.get(key)
        seen = view.at.timestamp()
        starts = cached is None or (seen - cached[1]) >= timeout
        visit = (
            cached[0]
            if not starts
            else VisitSource(**{**view.source.__dict__, "landing_page": view.path, "started_at": view.at.isoformat()})
        )
        # A view of this batch may be older than one recorded at once by another request.
        open_visits[key] = (visit, seen if cached is None or starts else max(seen, cached[1]))
        rows.append(
            PageView(
                created_at=view.at,
                day=local_day(view.at),
                path=view.path[:255],
                visitor=view.visitor,
                visit_start=starts,
                device=view.device,
                **visit.fields(),
            )
        )
    if rows:
        cache.set_many({key: open_visits[key] for key in set(keys.values())}, timeout)
    return rows


def pageview_record(
    *, path: str, visitor: int, device: str, source: VisitSource, now: datetime | None = None
) -> PageView:
    """One view, in its visit, written at once (one INSERT)."""
    view = ViewSeen(path=path, visitor=visitor, device=device, source=source, at=now or timezone.now())
    (row,) = pageviews_sessionize([view])
    row.save(force_insert=True)
    return row


def open_visit_source(*, visitor: int) -> VisitSource | None:
    """The source of this visitor's current visit: the cache, else today's last recorded visit."""
    from . import buffer

    buffer.flush()  # this process's views not yet written: their visit first
    try:
        cached = cache.get(f"{VISIT_CACHE_PREFIX}{visitor}")
    except Exception:  # a cache outage must not lose the attribution
        logger.warning("Analytics cache unavailable; reading the visit from the database", exc_info=True)
        cached = None
    if cached is not None and timezone.now().timestamp() - cached[1] < settings.ANALYTICS_VISIT_TIMEOUT:
        return cached[0]
    today = local_day(timezone.now())
    start = PageView.objects.filter(day=today, visitor=visitor, visit_start=True).order_by("-created_at", "-id").first()
    if start is None:
        return None
    return VisitSource(
        **{
            **{field: getattr(start, field) for field in VisitSource().fields()},
            "landing_page": start.path,
            "started_at": start.created_at.isoformat(),
        }
    )


# --- Attribution -------------------------------------------------------------------------------


@transaction.atomic
def lead_attribution_record(*, lead, source: VisitSource) -> LeadAttribution:
    """First touch: the source of the first inquiry's visit stays with the lead."""
    existing = LeadAttribution.objects.filter(lead=lead).first()
    if existing is not None:
        return existing
    attribution = LeadAttribution(
        lead=lead,
        **{field: value[:100] for field, value in source.fields().items()},
        landing_page=source.landing_page[:255],
        visit_started_at=datetime.fromisoformat(source.started_at) if source.started_at else None,
    )
    full_clean(attribution, exclude=["lead"])
    attribution.save()
    return attribution


# --- Rollups -----------------------------------------------------------------------------------


def _empty() -> dict:
    return {"pageviews": 0, "visits": 0, "visitors": set(), "bounces": 0, "duration": 0}


DAY = "day"  # per-day totals, for the charts: in memory only (the TOTAL rows hold them in the rollup)
VIEW_FIELDS = ("day", "visitor", "created_at", "visit_start", "path", "device", "channel", "referrer_host")


def view_figures(views) -> dict[tuple[str, str], dict]:
    """The figures of page views, keyed by (dimension, key). `views` yields VIEW_FIELDS ordered by
    day, visitor and time: a visit runs from a visit_start to the visitor's next one (a visitor's
    hash changes every day, so no visit spans two days).

    One pass, summing visits by what they share (day, device, source, landing page) and views by
    page; the dimensions are spread from those few groups at the end: a report reads today's views
    with this, so its cost per view is kept to a few operations."""
    groups: dict[
        tuple, list
    ] = {}  # (day, device, channel, host, landing) -> [views, visits, bounces, seconds, visitors]
    pages: dict[str, list] = {}  # path -> [views, visitors]
    current = None
    group_key = visitor = started = last = None
    count = 0

    def close() -> None:
        row = groups.get(group_key)
        if row is None:
            row = groups[group_key] = [0, 0, 0, 0, set()]
        row[0] += count
        row[1] += 1
        row[2] += count == 1
        if count > 1:
            row[3] += int((_moment(last) - _moment(started)).total_seconds())
        row[4].add(visitor)

    for day, viewer, created, visit_start, path, device, channel, host in views:
        page = pages.get(path)
        if page is None:
            page = pages[path] = [0, set()]
        page[0] += 1
        page[1].add(viewer)
        if visit_start or viewer != visitor or day != current:
            if count:
                close()
            current, visitor, started, count = day, viewer, created, 0
            group_key = (day, device, channel, host, path)
        last = created
        count += 1
    if count:
        close()

    figures: dict[tuple[str, str], dict] = defaultdict(_empty)
    for (day, device, channel, host, landing), (views_n, visits, bounces, seconds, visitors) in groups.items():
        day_key = day if isinstance(day, str) else day.isoformat()
        keys = [(Dimension.TOTAL, ""), (DAY, day_key), (Dimension.DEVICE, device), (Dimension.CHANNEL, channel)]
        if host:
            keys.append((Dimension.REFERRER, host))
        for key in keys:
            row = figures[key]
            row["pageviews"] += views_n
            row["visits"] += visits
            row["visitors"] |= visitors
            row["bounces"] += bounces
            row["duration"] += seconds
        entry = figures[(Dimension.PAGE, landing)]
        entry["visits"] += visits  # visits that entered the site on this page
        entry["bounces"] += bounces
        entry["duration"] += seconds
    for path, (views_n, visitors) in pages.items():
        row = figures[(Dimension.PAGE, path)]
        row["pageviews"] += views_n
        row["visitors"] |= visitors
    return {key: {**row, "visitors": len(row["visitors"])} for key, row in figures.items()}


def _moment(value) -> datetime:
    """A view's time as raw_views gives it: a datetime, or SQLite's text of one (UTC)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def raw_views(queryset, *, stream: bool = True):
    """VIEW_FIELDS of `queryset`'s page views in the order view_figures needs. `stream` for many
    days of them (a server-side cursor on PostgreSQL, whose WITH HOLD costs more than a report
    reading today's views spends on everything else); else one plain query. On SQLite the day and
    the time come as the stored text: parsing every view's (twice, by sqlite3 and by Django) cost
    more than the rest of view_figures; it parses two times per visit instead."""
    views = queryset.order_by("day", "visitor", "created_at", "id")
    if connection.vendor == "sqlite":
        text = {
            "day_text": Cast("day", CharField()),
            "time_text": Cast("created_at", CharField()),
            # sqlite3 itself reads the column's `bool` as it is; no Django converter on top, per row.
            "starts": ExpressionWrapper(F("visit_start"), output_field=CharField()),
        }
        fields = ["day_text", "visitor", "time_text", "starts", *VIEW_FIELDS[4:]]
        views = views.annotate(**text).values_list(*fields)
    else:
        views = views.values_list(*VIEW_FIELDS)
    return views.iterator(chunk_size=5000) if stream else views


@transaction.atomic
def rollup_day(*, day: date) -> int:
    """(Re)write the rollup of one finished day from its raw page views. Returns the rows."""
    figures = view_figures(raw_views(PageView.objects.filter(day=day)))
    DailyStat.objects.filter(day=day).delete()
    rows = [
        DailyStat(day=day, dimension=dim, key=key[:255], **row) for (dim, key), row in figures.items() if dim != DAY
    ]
    if not rows:  # an empty day still counts as rolled up
        rows = [DailyStat(day=day, dimension=Dimension.TOTAL, key="")]
    DailyStat.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def rollups_run(*, today: date | None = None) -> dict:
    """What the beat task and `manage.py analytics_rollup` do: roll up every finished day that
    has raw views and no rollup yet, then delete raw views older than the retention, and the
    salts of past days."""
    today = today or local_day(timezone.now())
    rolled = set(DailyStat.objects.filter(dimension=Dimension.TOTAL, day__lt=today).values_list("day", flat=True))
    pending = sorted(set(PageView.objects.filter(day__lt=today).values_list("day", flat=True).distinct()) - rolled)
    for day in pending:
        rollup_day(day=day)
    cutoff = today - timedelta(days=settings.ANALYTICS_RAW_RETENTION_DAYS)
    deleted = 0
    while True:  # in slices: one long DELETE would lock SQLite for every page view meanwhile
        ids = list(PageView.objects.filter(day__lt=cutoff).values_list("id", flat=True)[:10000])
        if not ids:
            break
        deleted += PageView.objects.filter(id__in=ids).delete()[0]
    salts = salts_prune(today=today)
    return {"rolled_up_days": len(pending), "deleted_views": deleted, "deleted_salts": salts}
