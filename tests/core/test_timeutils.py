"""Times as the API writes them: UTC, to the second, with a Z."""

from datetime import UTC, datetime, timedelta, timezone

from apps.core import timeutils


def test_now_is_written_once_per_second_and_follows_the_clock(monkeypatch):
    clock = [datetime(2026, 12, 1, 9, 59, 59, 100, tzinfo=UTC)]
    monkeypatch.setattr(timeutils.timezone, "now", lambda: clock[0])
    assert timeutils.utc_now_iso() == "2026-12-01T09:59:59Z"
    clock[0] += timedelta(microseconds=800_000)
    assert timeutils.utc_now_iso() == "2026-12-01T09:59:59Z"
    clock[0] += timedelta(microseconds=200_000)
    assert timeutils.utc_now_iso() == "2026-12-01T10:00:00Z"
    clock[0] -= timedelta(days=400)  # a clock set back: written afresh, not the last second's
    assert timeutils.utc_now_iso() == "2025-10-27T10:00:00Z"


def test_other_zones_are_written_in_utc():
    almaty = timezone(timedelta(hours=5))
    assert timeutils.to_utc_iso(datetime(2026, 3, 8, 14, 30, tzinfo=almaty)) == "2026-03-08T09:30:00Z"
    assert timeutils.to_utc_iso(None) is None
