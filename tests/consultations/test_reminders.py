"""The reminder sweep: which reminders are due, exactly-once delivery, language, failures."""

import struct
from datetime import timedelta
from io import StringIO
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from apps.consultations import services, tasks
from apps.consultations.models import ConsultationStatus
from apps.core import emails, events, relay
from apps.core.models import Event, EventStatus
from tests.consultations.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

SUBJECT_24H = "Reminder: your BaiMuras consultation is tomorrow"
SUBJECT_2H = "Reminder: your BaiMuras consultation starts in 2 hours"


@pytest.fixture
def now():
    """The sweep's frozen clock."""
    return timezone.now().replace(microsecond=0)


@pytest.fixture
def meeting(now, manager):
    def make(ahead: timedelta, **fields):
        fields.setdefault("status", ConsultationStatus.SCHEDULED)
        return ConsultationFactory(scheduled_at=now + ahead, assigned_to=manager, **fields)

    return make


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """Run the sweep at a given time and let its on-commit tasks run (eagerly), as after a commit."""

    def run(at):
        with django_capture_on_commit_callbacks(execute=True):
            queued = services.send_due_reminders(now=at)
        return [(reminder.consultation_id, reminder.kind) for reminder in queued]

    return run


@pytest.fixture
def failing_email(monkeypatch):
    attempts = []

    def refuse(self, fail_silently=False):
        attempts.append(self.subject)
        raise SMTPException("relay down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    return attempts


def subject_in(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


# --- which reminder is due when ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ahead", "expected"),
    [
        (timedelta(hours=25), []),
        (timedelta(hours=24, seconds=1), []),
        (timedelta(hours=24), ["24h"]),
        (timedelta(hours=23), ["24h"]),
        (timedelta(hours=2, minutes=1), ["24h"]),
        (timedelta(hours=2), ["2h"]),
        (timedelta(minutes=90), ["2h"]),
        (timedelta(minutes=1), ["2h"]),
        (timedelta(0), []),
        (timedelta(hours=-1), []),
    ],
)
def test_due_windows(now, meeting, sweep, ahead, expected):
    consultation = meeting(ahead)
    assert sweep(now) == [(consultation.pk, kind) for kind in expected]
    assert len(mail.outbox) == len(expected)


@pytest.mark.parametrize("status", [ConsultationStatus.NEW, ConsultationStatus.CANCELLED, ConsultationStatus.COMPLETED])
def test_only_scheduled_consultations_are_reminded(now, meeting, sweep, status):
    meeting(timedelta(hours=23), status=status)
    meeting(timedelta(hours=1), status=status)

    assert sweep(now) == []
    assert sweep(now + timedelta(hours=22)) == []
    assert mail.outbox == []


def test_a_meeting_booked_three_hours_ahead_gets_the_24h_reminder_then_the_2h_one(now, meeting, sweep):
    consultation = meeting(timedelta(hours=3))

    assert sweep(now) == [(consultation.pk, "24h")]
    assert sweep(now + timedelta(minutes=5)) == []
    assert sweep(now + timedelta(minutes=55)) == []
    assert sweep(now + timedelta(hours=1)) == [(consultation.pk, "2h")]
    assert sweep(now + timedelta(hours=1, minutes=5)) == []

    assert [m.subject for m in mail.outbox] == [subject_in("ru", SUBJECT_24H), subject_in("ru", SUBJECT_2H)]


def test_a_meeting_inside_two_hours_never_gets_a_late_24h_reminder(now, meeting, sweep):
    consultation = meeting(timedelta(minutes=90))

    assert sweep(now) == [(consultation.pk, "2h")]
    for minutes in (5, 10, 60, 85):
        assert sweep(now + timedelta(minutes=minutes)) == []

    assert [m.subject for m in mail.outbox] == [subject_in("ru", SUBJECT_2H)]
    consultation.refresh_from_db()
    assert consultation.reminder_2h_sent_at == now


def test_a_whole_day_of_sweeps_every_five_minutes_sends_each_reminder_once(now, meeting, sweep):
    tomorrow = meeting(timedelta(hours=23, minutes=58))
    soon = meeting(timedelta(hours=5))
    for step in range(0, 24 * 60, 5):
        sweep(now + timedelta(minutes=step))

    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert sent == sorted(
        [
            (tomorrow.email, subject_in("ru", SUBJECT_24H)),
            (tomorrow.email, subject_in("ru", SUBJECT_2H)),
            (soon.email, subject_in("ru", SUBJECT_24H)),
            (soon.email, subject_in("ru", SUBJECT_2H)),
        ]
    )


# --- exactly once --------------------------------------------------------------------------------


def test_running_the_sweep_twice_sends_each_reminder_once(now, meeting, sweep):
    day_ahead = meeting(timedelta(hours=23))
    hour_ahead = meeting(timedelta(hours=1))

    first = sweep(now)
    second = sweep(now)

    assert sorted(first) == sorted([(day_ahead.pk, "24h"), (hour_ahead.pk, "2h")])
    assert second == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted([day_ahead.email, hour_ahead.email])


def test_reminder_claim_is_won_once(meeting, now):
    """Two beat processes (or a retry, or the webhook) racing for the same reminder."""
    consultation = meeting(timedelta(hours=23))

    assert services.reminder_claim(consultation_id=consultation.pk, kind="24h", now=now) is True
    assert services.reminder_claim(consultation_id=consultation.pk, kind="24h", now=now) is False
    assert services.reminder_claim(consultation_id=consultation.pk, kind="2h", now=now) is True
    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at == now


def test_a_cancelled_consultation_cannot_be_claimed(meeting, now):
    consultation = meeting(timedelta(hours=23), status=ConsultationStatus.CANCELLED)
    assert services.reminder_claim(consultation_id=consultation.pk, kind="24h", now=now) is False


def test_reminder_queue_writes_the_event_with_the_claim_and_sends_on_commit_only(
    meeting, now, django_capture_on_commit_callbacks
):
    consultation = meeting(timedelta(hours=23))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = services.reminder_queue(consultation_id=consultation.pk, kind="24h", now=now)
        assert mail.outbox == []  # nothing leaves before the claim is committed
        assert services.reminder_queue(consultation_id=consultation.pk, kind="24h", now=now) is None

    assert (queued.consultation_id, queued.kind) == (consultation.pk, "24h")
    event = Event.objects.get(pk=queued.event_id)
    assert event.type == "consultation.reminder_due"
    assert event.payload == {"consultation_id": consultation.pk, "kind": "24h"}
    assert event.status == EventStatus.PROCESSED
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1


def test_reminder_queue_refuses_an_unknown_kind(meeting):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.reminder_queue(consultation_id=meeting(timedelta(hours=1)).pk, kind="1w")
    assert set(exc.value.message_dict) == {"reminder_type"}


def test_rescheduling_after_a_reminder_sends_it_again_for_the_new_time(now, meeting, sweep):
    consultation = meeting(timedelta(hours=23))
    sweep(now)

    services.consultation_schedule(consultation=consultation, scheduled_at=timezone.now() + timedelta(hours=47))
    assert sweep(now + timedelta(hours=1)) == []
    assert sweep(now + timedelta(hours=23, minutes=30)) == [(consultation.pk, "24h")]

    assert len(mail.outbox) == 2


def test_a_reminder_for_a_meeting_cancelled_before_the_task_runs_is_not_sent(
    now, meeting, django_capture_on_commit_callbacks
):
    consultation = meeting(timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.send_due_reminders(now=now)
    services.consultation_cancel(consultation=consultation)

    for callback in callbacks:
        callback()

    assert mail.outbox == []


def test_an_event_written_before_a_rescheduling_leaves_the_reminder_to_the_next_sweep(now, meeting):
    consultation = meeting(timedelta(hours=23))
    queued = services.reminder_queue(consultation_id=consultation.pk, kind="24h", now=now)  # not yet relayed
    services.consultation_schedule(consultation=consultation, scheduled_at=timezone.now() + timedelta(days=3))

    assert events.process(queued.event_id) is True
    assert mail.outbox == []


# --- the email -----------------------------------------------------------------------------------


def test_the_reminder_goes_to_the_client_with_the_manager_in_cc(now, meeting, sweep, manager):
    consultation = meeting(timedelta(hours=23), email="client@example.kz", name="Айжан")

    sweep(now)

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["client@example.kz"]
    assert sent.cc == [manager.email]
    assert sent.subject == subject_in("ru", SUBJECT_24H)
    assert "Айжан" in sent.body
    almaty = timezone.localtime(consultation.scheduled_at, ZoneInfo("Asia/Almaty"))
    assert almaty.strftime("%d.%m.%Y %H:%M") in sent.body
    assert manager.email in sent.body


def test_without_a_client_email_the_manager_still_gets_it(now, meeting, sweep, manager):
    meeting(timedelta(hours=1), email="")
    sweep(now)
    assert [(m.to, m.cc) for m in mail.outbox] == [([manager.email], [])]


@pytest.fixture
def render_languages(monkeypatch):
    """Which language was active while each email template was rendered."""
    seen = []
    real = emails.render_to_string

    def spy(template_name, context=None, *args, **kwargs):
        seen.append((template_name, translation.get_language()))
        return real(template_name, context, *args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", spy)
    return seen


def test_the_reminder_is_in_the_consultations_language(now, meeting, sweep, render_languages):
    ru = meeting(timedelta(hours=23), language="ru")
    kk = meeting(timedelta(hours=23), language="kk")
    kz = meeting(timedelta(hours=23), language="kz")  # the seeds' code for Kazakh

    sweep(now)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    # The shared catalogs are being translated in parallel: compare with what gettext gives in
    # each language today, whatever that is ...
    assert subjects[ru.email] == subject_in("ru", SUBJECT_24H)
    assert subjects[kk.email] == subject_in("kk", SUBJECT_24H)
    assert subjects[kz.email] == subject_in("kk", SUBJECT_24H)
    # ... and prove every template was rendered with the consultation's language active.
    languages = {lang for template, lang in render_languages if "consultation_reminder_24h" in template}
    assert languages == {"ru", "kk"}
    assert [lang for template, lang in render_languages if template.endswith("_subject.txt")].count("kk") == 2


def write_catalog(locale_dir, language: str, messages: dict[str, str]) -> None:
    """A compiled gettext catalog (.mo), written without the gettext tools."""
    catalog = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    ids = sorted(catalog)
    originals = [key.encode() for key in ids]
    translated = [catalog[key].encode() for key in ids]
    header_size = 7 * 4
    tables = 2 * 8 * len(ids)
    offset = header_size + tables
    original_entries, translated_entries, blob = [], [], b""
    for text in originals:
        original_entries.append((len(text), offset + len(blob)))
        blob += text + b"\0"
    for text in translated:
        translated_entries.append((len(text), offset + len(blob)))
        blob += text + b"\0"
    data = struct.pack("<7I", 0x950412DE, 0, len(ids), header_size, header_size + 8 * len(ids), 0, 0)
    for length, start in original_entries + translated_entries:
        data += struct.pack("<2I", length, start)
    path = locale_dir / language / "LC_MESSAGES"
    path.mkdir(parents=True)
    (path / "django.mo").write_bytes(data + blob)


def test_a_kazakh_client_gets_a_kazakh_subject(now, meeting, sweep, settings, tmp_path):
    write_catalog(tmp_path, "ru", {SUBJECT_24H: "Напоминание: ваша консультация BaiMuras завтра"})
    write_catalog(tmp_path, "kk", {SUBJECT_24H: "Еске салу: BaiMuras кеңесіңіз ертең"})
    settings.LOCALE_PATHS = [tmp_path]
    ru = meeting(timedelta(hours=23), language="ru")
    kk = meeting(timedelta(hours=23), language="kk")

    sweep(now)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[ru.email] == "Напоминание: ваша консультация BaiMuras завтра"
    assert subjects[kk.email] == "Еске салу: BaiMuras кеңесіңіз ертең"


# --- failures ------------------------------------------------------------------------------------


def test_a_reminder_that_cannot_be_sent_is_retried_by_the_outbox_while_the_claim_holds(
    now, meeting, sweep, failing_email, monkeypatch
):
    consultation = meeting(timedelta(hours=23))

    assert sweep(now) == [(consultation.pk, "24h")]  # claimed, tried, failed — and nothing raised
    assert len(failing_email) == 1
    consultation.refresh_from_db()
    assert consultation.reminder_24h_sent_at == now  # held: no second sweep sends it meanwhile
    assert sweep(now + timedelta(minutes=5)) == []
    event = Event.objects.get(type="consultation.reminder_due")
    assert event.status == EventStatus.PENDING and "SMTPException" in event.last_error

    monkeypatch.undo()
    events.sweep(now=event.next_attempt_at + timedelta(seconds=1))
    assert len(mail.outbox) == 1
    events.sweep(now=event.next_attempt_at + timedelta(hours=1))
    assert len(mail.outbox) == 1


def test_a_broken_template_is_retried_and_logged_never_raised_to_the_sweep(now, meeting, sweep, monkeypatch):
    consultation = meeting(timedelta(hours=1))

    def broken(**kwargs):
        raise KeyError("missing context")

    monkeypatch.setattr(emails, "send_templated_email", broken)
    assert sweep(now) == [(consultation.pk, "2h")]
    event = Event.objects.get(type="consultation.reminder_due")
    assert event.status == EventStatus.PENDING and event.attempts == 1 and "KeyError" in event.last_error


def test_a_broker_that_is_down_leaves_the_reminder_to_the_outbox_sweep(now, meeting, sweep, settings, monkeypatch):
    from celery import current_app

    consultation = meeting(timedelta(hours=23))
    settings.OUTBOX_RELAY = "celery"

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(current_app, "send_task", down)
    monkeypatch.setattr(relay, "_broker_down_until", 0.0)

    assert sweep(now) == [(consultation.pk, "24h")]  # the claim and its event are committed
    assert mail.outbox == []
    event = Event.objects.get(type="consultation.reminder_due")
    assert event.status == EventStatus.PENDING

    settings.OUTBOX_RELAY = "inline"  # the broker is back
    events.sweep(now=timezone.now() + timedelta(minutes=1))
    event.refresh_from_db()
    assert event.status == EventStatus.PROCESSED
    assert len(mail.outbox) == 1


# --- beat and cron -------------------------------------------------------------------------------


def test_the_beat_task_runs_the_sweep(meeting, django_capture_on_commit_callbacks):
    meeting(timedelta(hours=23))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_due_reminders.delay().get() == 1
    assert len(mail.outbox) == 1


def test_the_management_command_prints_how_many_it_queued(django_capture_on_commit_callbacks, manager):
    ConsultationFactory(status=ConsultationStatus.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=23))
    ConsultationFactory(status=ConsultationStatus.SCHEDULED, scheduled_at=timezone.now() + timedelta(hours=1))

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", stdout=out)
    assert out.getvalue().strip() == "2 reminder(s) queued."
    assert len(mail.outbox) == 2

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_due_reminders", stdout=out)
    assert out.getvalue().strip() == "0 reminder(s) queued."
    assert len(mail.outbox) == 2
