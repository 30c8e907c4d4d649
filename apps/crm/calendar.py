"""The calendar page's grid: which days a week or month view shows, the hours of the week's
working-hours grid, the entries placed in them and the links of its days and free hours, all in
the company's time zone; and how an entry reads (its label, its admin page), for the page and the
feed alike. No database reads here (the entries come from selectors.calendar_entries)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consultations.models import ConsultationType

from .selectors import CalendarEntry

VIEWS = ("week", "month")
WORK_START, WORK_END = 9, 19  # the week grid's rows: 09:00 to 19:00, wider when an entry falls outside
NEW_ENTRY_TIME = time(10, 0)  # a day's "add" link of the month view books this time


@dataclass
class Slot:
    start: datetime
    entries: list[CalendarEntry] = field(default_factory=list)
    open: bool = False  # in the future: an "add" link
    add_url: str = ""


@dataclass
class Day:
    day: date
    entries: list[CalendarEntry] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    in_period: bool = True
    is_today: bool = False
    open: bool = False
    week_url: str = ""
    add_url: str = ""


@dataclass
class Period:
    view: str
    anchor: date
    first: date  # the first day shown
    end: date  # the day after the last one shown
    days: list[Day] = field(default_factory=list)
    hours: list[int] = field(default_factory=list)

    @property
    def weeks(self) -> list[list[Day]]:
        return [self.days[i : i + 7] for i in range(0, len(self.days), 7)]

    @property
    def rows(self) -> list[tuple[int, list[Slot]]]:
        """The week grid row by row: an hour and its slot on each day."""
        return [(hour, [day.slots[i] for day in self.days]) for i, hour in enumerate(self.hours)]

    def bounds(self) -> tuple[datetime, datetime]:
        return local_moment(self.first, time.min), local_moment(self.end, time.min)


def entry_label(entry: CalendarEntry) -> str:
    """What the entry is, in the active language: the consultation's type or the visit's kind."""
    if entry.kind == "consultation":
        return str(ConsultationType(entry.record.consultation_type).label)
    return _("Measurement") if entry.kind == "measurement" else _("Installation")


def entry_admin_path(entry: CalendarEntry) -> str:
    name = "consultations_consultation" if entry.kind == "consultation" else "projects_project"
    return reverse(f"admin:{name}_change", args=[entry.record.pk])


def local_moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def parse_day(value: str | None, today: date) -> date:
    """The `date` parameter, or today when it is missing, malformed or absurdly far away."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return today
    return day if 1900 <= day.year <= 2100 else today


def period_for(view: str, anchor: date) -> Period:
    if view == "month":
        month_first = anchor.replace(day=1)
        next_month = (month_first + timedelta(days=32)).replace(day=1)
        first = month_first - timedelta(days=month_first.weekday())
        end = next_month + timedelta(days=(7 - next_month.weekday()) % 7)
    else:
        first = anchor - timedelta(days=anchor.weekday())
        end = first + timedelta(days=7)
    return Period(view=view, anchor=anchor, first=first, end=end)


def neighbours(period: Period) -> tuple[date, date]:
    """The anchors of the previous and the next period."""
    if period.view == "month":
        month_first = period.anchor.replace(day=1)
        return (month_first - timedelta(days=1)).replace(day=1), (month_first + timedelta(days=32)).replace(day=1)
    return period.anchor - timedelta(days=7), period.anchor + timedelta(days=7)


def fill(period: Period, entries: list[CalendarEntry], *, now: datetime) -> Period:
    zone = timezone.get_default_timezone()
    today = timezone.localtime(now, zone).date()
    by_day: dict[date, list[CalendarEntry]] = {}
    for entry in entries:
        by_day.setdefault(timezone.localtime(entry.start, zone).date(), []).append(entry)
    day, period.days = period.first, []
    while day < period.end:
        in_period = period.view == "week" or day.month == period.anchor.month
        period.days.append(
            Day(
                day=day,
                entries=by_day.get(day, []),
                in_period=in_period,
                is_today=day == today,
                open=in_period and local_moment(day, NEW_ENTRY_TIME) > now,
            )
        )
        day += timedelta(days=1)
    if period.view == "week":
        hours = [timezone.localtime(entry.start, zone).hour for entry in entries]
        period.hours = list(range(min([WORK_START, *hours]), max([WORK_END, *(h + 1 for h in hours)])))
        for day in period.days:
            for hour in period.hours:
                start = local_moment(day.day, time(hour))
                day.slots.append(
                    Slot(
                        start=start,
                        entries=[e for e in day.entries if timezone.localtime(e.start, zone).hour == hour],
                        open=start > now,
                    )
                )
    return period


def add_links(period: Period, *, keep: dict, add_url: str) -> None:
    """Each day's link to its week and, for what is still ahead, to a new consultation at that
    time (`add_url` ends with `scheduled_at=`; empty when the user may not add one)."""
    for day in period.days:
        day.week_url = "?" + urlencode({"view": "week", **keep, "date": day.day.isoformat()})
        day.add_url = f"{add_url}{day.day.isoformat()}T{NEW_ENTRY_TIME:%H:%M}" if add_url and day.open else ""
        for slot in day.slots:
            slot.add_url = f"{add_url}{slot.start:%Y-%m-%dT%H:%M}" if add_url and slot.open else ""
