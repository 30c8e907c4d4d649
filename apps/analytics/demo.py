"""Demo traffic: a year of believable visits (weekday rhythm, growth, phones first, Instagram and
Google as the main ways in), rolled up like the beat task would; and the demo leads' sources.
Idempotent: once page views or their rollups exist, nothing is added."""

import random
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from . import services
from .models import Channel, DailyStat, Device, PageView

PAGES = [
    ("/", 30),
    ("/services", 9),
    ("/services/kitchens", 8),
    ("/services/montessori", 7),
    ("/services/children-rooms", 6),
    ("/services/custom-furniture", 4),
    ("/services/design-bureau", 2),
    ("/services/academy", 2),
    ("/portfolio", 12),
    ("/about", 4),
    ("/blog", 4),
    ("/contact", 6),
    ("/consultation", 4),
]
SOURCES = [  # (channel, referrer host, utm_source, utm_medium, utm_campaign, weight)
    (Channel.DIRECT, "", "", "", "", 34),
    (Channel.SEARCH, "google.kz", "", "", "", 16),
    (Channel.SEARCH, "google.com", "", "", "", 5),
    (Channel.SEARCH, "yandex.kz", "", "", "", 9),
    (Channel.SEARCH, "", "google", "cpc", "kitchens-almaty", 3),
    (Channel.SOCIAL, "l.instagram.com", "", "", "", 10),
    (Channel.SOCIAL, "", "instagram", "social", "montessori-spring", 5),
    (Channel.SOCIAL, "t.me", "", "", "", 4),
    (Channel.SOCIAL, "", "whatsapp", "social", "", 2),
    (Channel.SOCIAL, "youtube.com", "", "", "", 2),
    (Channel.SOCIAL, "tiktok.com", "", "", "", 2),
    (Channel.SOCIAL, "facebook.com", "", "", "", 1),
    (Channel.SOCIAL, "vk.com", "", "", "", 1),
    (Channel.REFERRAL, "2gis.kz", "", "", "", 4),
    (Channel.REFERRAL, "krisha.kz", "", "", "", 1),
    (Channel.REFERRAL, "mebel-blog.kz", "", "", "", 1),
]
DEVICES = [(Device.MOBILE, 62), (Device.DESKTOP, 33), (Device.TABLET, 5)]
HOURS = [1, 1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 7, 7, 8, 9, 9, 8, 6, 3]  # Almaty, by hour


def _pick(rng: random.Random, items: list[tuple]) -> tuple:
    return rng.choices(items, weights=[item[-1] for item in items])[0]


def generate(*, pageviews: int, days: int = 365, end: date | None = None, seed: int = 2026, batch: int = 5000) -> int:
    """About `pageviews` views over the `days` days before `end` (default: today, excluded)."""
    rng = random.Random(seed)
    end = end or services.local_day(timezone.now())
    tz = services.company_tz()
    day_list = [end - timedelta(days=days - n) for n in range(days)]
    # Busier on weekdays and later in the year: weights per day, then views per day.
    weights = [(1.15 if day.weekday() < 5 else 0.8) * (0.7 + 0.6 * n / days) for n, day in enumerate(day_list)]
    scale = pageviews / sum(weights)
    pages = [(path, weight) for path, weight in PAGES]
    created, rows, visitor = 0, [], 0
    adapt_moment = connection.ops.adapt_datetimefield_value
    for day, weight in zip(day_list, weights, strict=True):
        target = round(weight * scale)
        made = 0
        day_value = connection.ops.adapt_datefield_value(day)
        while made < target:
            visitor += 1
            device = _pick(rng, DEVICES)[0]
            hour = rng.choices(range(24), weights=HOURS)[0]
            for visit in range(2 if rng.random() < 0.12 else 1):  # some come back later that day
                channel, host, *utm, _w = _pick(rng, SOURCES)
                hour = hour if visit == 0 else min(hour + 2, 23)
                moment = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), tz)
                length = min(1 + int(rng.expovariate(0.55)), 12, target - made)
                for n in range(length):
                    path = "/" if n == 0 and rng.random() < 0.5 else _pick(rng, pages)[0]
                    rows.append((adapt_moment(moment), day_value, path, visitor, n == 0, device, channel, host, *utm))
                    moment += timedelta(seconds=10 + int(rng.expovariate(1 / 70)))
                made += length
                if made >= target:
                    break
            if len(rows) >= batch:
                created += _insert(rows)
                rows = []
    if rows:
        created += _insert(rows)
    return created


COLUMNS = (
    "created_at",
    "day",
    "path",
    "visitor",
    "visit_start",
    "device",
    "channel",
    "referrer_host",
    "utm_source",
    "utm_medium",
    "utm_campaign",
)


def _insert(rows: list[tuple]) -> int:
    """executemany of plain tuples: a million rows through model instances would take minutes."""
    table = connection.ops.quote_name(PageView._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(PageView._meta.get_field(c).column) for c in COLUMNS)
    marks = ", ".join(["%s"] * len(COLUMNS))
    with transaction.atomic(), connection.cursor() as cursor:  # one commit, not one per row
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608
    return len(rows)


def attribute_demo_leads() -> int:
    """Give the demo leads from the site the sources a real visit would have left."""
    from apps.leads.models import Lead

    sources = [s for s in SOURCES if s[0] != Channel.DIRECT] + [SOURCES[0]]
    count = 0
    leads = Lead.objects.filter(email__endswith="@demo.baimuras.local", attribution__isnull=True).order_by("pk")
    for index, lead in enumerate(leads):
        channel, host, utm_source, utm_medium, utm_campaign, _w = sources[index % len(sources)]
        source = services.VisitSource(
            channel=channel,
            referrer_host=host,
            utm_source=utm_source,
            utm_medium=utm_medium,
            utm_campaign=utm_campaign,
            landing_page="/services/kitchens" if index % 2 else "/",
        )
        services.lead_attribution_record(lead=lead, source=source)
        count += 1
    return count


def load(*, pageviews: int = 20000) -> dict:
    result = {"pageviews": 0, "attributed_leads": attribute_demo_leads()}
    if PageView.objects.exists() or DailyStat.objects.exists():
        return result
    with transaction.atomic():
        result["pageviews"] = generate(pageviews=pageviews)
    result.update(services.rollups_run())
    return result
