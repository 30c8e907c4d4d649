from datetime import UTC, date, datetime

from django.utils import timezone


def to_utc_iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, to the second: 2025-06-21T09:00:00Z."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_last_second: tuple[int, str] = (0, "")


def utc_now_iso() -> str:
    """`to_utc_iso(timezone.now())`, written once per second (every answer and log line asks)."""
    global _last_second
    now = timezone.now()
    second = int(now.timestamp())
    seen = _last_second
    if seen[0] != second:
        seen = _last_second = (second, to_utc_iso(now))
    return seen[1]


def date_iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
