"""A manager's calendar as iCalendar (RFC 5545), for the phone's calendar app to subscribe to:
their consultations and project visits from a month back to half a year ahead, in UTC, with a
stable UID per record so an update replaces the event instead of adding one."""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from apps.consultations.models import ConsultationStatus, ConsultationType

from . import selectors
from .calendar import entry_admin_path, entry_label

DAYS_BACK = 30
DAYS_AHEAD = 180


def entry_location(entry: selectors.CalendarEntry) -> str:
    if entry.kind == "consultation" and entry.record.consultation_type == ConsultationType.ONLINE:
        return str(ConsultationType.ONLINE.label)
    return ""  # no address is stored for visits and meetings yet


def feed_ics(*, user, now=None) -> bytes:
    now = now or timezone.now()
    host = urlsplit(settings.SITE_URL).hostname or "baimuras"
    entries = selectors.calendar_entries(
        start=now - timedelta(days=DAYS_BACK), end=now + timedelta(days=DAYS_AHEAD), manager=user.pk
    )
    with translation.override(user.language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", "-//BaiMuras//CRM calendar//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("BaiMuras calendar: %(name)s") % {"name": user.name or user.email})
        calendar.add("x-published-ttl", "PT1H")
        calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
        for entry in entries:
            label = entry_label(entry)
            event = Event()
            event.add("uid", f"{entry.uid_part}@{host}")
            event.add("dtstamp", entry.record.updated_at.astimezone(UTC))
            event.add("last-modified", entry.record.updated_at.astimezone(UTC))
            event.add("dtstart", entry.start.astimezone(UTC))
            event.add("dtend", entry.end.astimezone(UTC))
            event.add("summary", f"{entry.client} — {label}")
            if location := entry_location(entry):
                event.add("location", location)
            url = settings.SITE_URL + entry_admin_path(entry)
            lines = [f"{label}: {entry.record}"] if entry.kind != "consultation" else []
            phone = entry.record.phone if entry.kind == "consultation" else entry.record.client_phone
            if phone:
                lines.append(_("Phone: %(phone)s") % {"phone": phone})
            lines.append(_("Open in the CRM: %(url)s") % {"url": url})
            event.add("description", "\n".join(lines))
            event.add("url", url)
            tentative = entry.kind == "consultation" and entry.record.status == ConsultationStatus.NEW
            event.add("status", "TENTATIVE" if tentative else "CONFIRMED")
            calendar.add_component(event)
    return calendar.to_ical()
