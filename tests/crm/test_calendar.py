"""The calendar (week and month views, per manager, slots that open a prefilled add form) and the
managers' iCalendar feeds (parsed back with the icalendar library): ranges, permissions, bad
parameters, revoked tokens, and a fixed number of queries at 1 and 100 entries."""

import os
import re
import shutil
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.accounts import services as account_services
from apps.consultations.models import Consultation, ConsultationStatus, ConsultationType
from apps.crm import services
from apps.crm.models import CalendarFeed
from apps.projects import services as project_services
from apps.projects.models import Project, ProjectStatus
from tests.accounts.factories import UserFactory
from tests.consultations.factories import ConsultationFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("crm-calendar")
FEED_ACTION = reverse("crm-calendar-feed-action")
SITE = "https://crm.example.com"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def entries_of(response) -> list:
    return [entry for day in response.context["period"].days for entry in day.entries]


def feed_path(user) -> str:
    return reverse("crm-calendar-feed", args=[CalendarFeed.objects.get(user=user).token])


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


@pytest.fixture
def staff_manager(manager):
    account_services.user_groups_sync(user=manager)  # the Managers group: may view consultations and projects
    return manager


# --- The page ----------------------------------------------------------------------------------


def test_week_view_puts_consultations_and_project_visits_in_their_hour(admin_client):
    monday = next_monday()
    meeting = ConsultationFactory(
        name="Айгерим Садыкова", scheduled_at=local(monday + timedelta(days=2), 11, 30), status="scheduled"
    )
    project = ProjectFactory(
        client_name="Ерлан Абенов",
        measurement_date=local(monday + timedelta(days=3), 15),
        installation_date=local(monday + timedelta(days=20), 10),  # another week
    )

    response = admin_client.get(CALENDAR, {"view": "week", "date": (monday + timedelta(days=4)).isoformat()})

    assert response.status_code == 200
    period = response.context["period"]
    assert [d.day for d in period.days] == [monday + timedelta(days=i) for i in range(7)]
    assert period.hours == list(range(9, 19))
    wednesday, thursday = period.days[2], period.days[3]
    assert [(e.kind, e.record.pk) for e in wednesday.slots[11 - 9].entries] == [("consultation", meeting.pk)]
    assert [(e.kind, e.record.pk) for e in thursday.slots[15 - 9].entries] == [("measurement", project.pk)]
    assert len(entries_of(response)) == 2  # the installation is three weeks later
    page = response.content.decode()
    assert "Айгерим Садыкова" in page and "Ерлан Абенов" in page
    assert reverse("admin:consultations_consultation_change", args=[meeting.pk]) in page
    assert reverse("admin:projects_project_change", args=[project.pk]) in page
    assert "11:30–12:30" in page  # an office visit is drawn an hour long


def test_the_week_grid_widens_for_an_early_or_late_visit(admin_client):
    monday = next_monday()
    ConsultationFactory(scheduled_at=local(monday, 7, 15), status="scheduled")
    ConsultationFactory(scheduled_at=local(monday + timedelta(days=1), 20), status="scheduled")

    response = admin_client.get(CALENDAR, {"date": monday.isoformat()})

    assert response.context["view"] == "week"
    assert response.context["period"].hours == list(range(7, 21))


def test_month_view_shows_whole_weeks_around_the_month(admin_client):
    ConsultationFactory(name="Февральская встреча", scheduled_at=local(date(2027, 2, 3), 12), status="scheduled")
    ConsultationFactory(name="Мартовская встреча", scheduled_at=local(date(2027, 3, 20), 12), status="scheduled")

    response = admin_client.get(CALENDAR, {"view": "month", "date": "2027-02-15"})

    assert response.status_code == 200
    period = response.context["period"]
    assert (period.first, period.end) == (date(2027, 2, 1), date(2027, 3, 1))  # Feb 2027 starts on a Monday
    assert len(period.weeks) == 4
    assert [e.client for e in entries_of(response)] == ["Февральская встреча"]
    assert "?view=month&manager=all&date=2027-01-01" in response.context["previous_url"]
    assert "?view=month&manager=all&date=2027-03-01" in response.context["next_url"]


def test_month_view_pads_to_mondays_and_marks_days_outside_the_month(admin_client):
    response = admin_client.get(CALENDAR, {"view": "month", "date": "2026-12-31"})
    period = response.context["period"]
    assert (period.first, period.end) == (date(2026, 11, 30), date(2027, 1, 4))
    outside = [d.day for d in period.days if not d.in_period]
    assert outside == [date(2026, 11, 30), date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)]


def test_cancelled_consultations_and_projects_are_left_out(admin_client):
    monday = next_monday()
    ConsultationFactory(scheduled_at=local(monday, 10), status=ConsultationStatus.CANCELLED)
    ProjectFactory(measurement_date=local(monday, 12), status=ProjectStatus.CANCELLED)
    kept = ConsultationFactory(scheduled_at=local(monday, 14), status=ConsultationStatus.COMPLETED)

    response = admin_client.get(CALENDAR, {"date": monday.isoformat()})

    assert [e.record.pk for e in entries_of(response)] == [kept.pk]


def test_manager_filter_mine_and_everybody(client, staff_manager, admin_user):
    monday = next_monday()
    other = UserFactory(role="manager", name="Другой менеджер")
    mine = ConsultationFactory(name="Моя встреча", scheduled_at=local(monday, 10), assigned_to=staff_manager)
    theirs = ConsultationFactory(name="Чужая встреча", scheduled_at=local(monday, 11), assigned_to=other)
    my_project = ProjectFactory(manager=staff_manager, installation_date=local(monday, 16))
    client.force_login(staff_manager)
    day = {"date": monday.isoformat()}

    def shown(**params):
        response = client.get(CALENDAR, {**day, **params})
        assert response.status_code == 200
        return {(e.kind, e.record.pk) for e in entries_of(response)}

    mine_only = {("consultation", mine.pk), ("installation", my_project.pk)}
    assert shown() == mine_only  # a manager starts with their own week
    assert shown(mine="1") == mine_only
    assert shown(manager="mine") == mine_only
    assert shown(manager="all") == mine_only | {("consultation", theirs.pk)}
    assert shown(manager=str(other.pk)) == {("consultation", theirs.pk)}
    # an admin starts with everybody's
    client.force_login(admin_user)
    assert shown() == mine_only | {("consultation", theirs.pk)}
    assert shown(mine="1") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"date": "yesterday"},
        {"date": "2026-13-45"},
        {"date": "99999-01-01"},
        {"date": "9999-12-31", "view": "month"},
        {"view": "year"},
        {"manager": "abc"},
        {"manager": "-3"},
        {"manager": "99999999999999999999999"},
        {"mine": "yes", "view": "<script>"},
    ],
)
def test_bad_parameters_fall_back_to_this_week(admin_client, params):
    response = admin_client.get(CALENDAR, params)
    assert response.status_code == 200
    period = response.context["period"]
    today = timezone.localdate()
    assert period.first <= today < period.end
    assert "<script>" not in response.content.decode().split('id="crm-calendar"')[1]


def test_free_slots_link_to_a_prefilled_add_form_and_past_ones_do_not(admin_client):
    monday = next_monday()
    response = admin_client.get(CALENDAR, {"date": monday.isoformat(), "manager": "all"})
    add = reverse("admin:consultations_consultation_add")
    slot = response.context["period"].days[1].slots[10 - 9]  # Tuesday 10:00, next week
    assert slot.add_url == f"{add}?status=scheduled&scheduled_at={(monday + timedelta(days=1)).isoformat()}T10:00"
    assert slot.add_url.replace("&", "&amp;") in response.content.decode()

    past = admin_client.get(CALENDAR, {"date": (monday - timedelta(days=14)).isoformat()})
    assert all(not s.add_url for d in past.context["period"].days for s in d.slots)
    assert all(not d.add_url for d in past.context["period"].days)

    add_form = admin_client.get(slot.add_url)
    form = add_form.context["adminform"].form
    assert form.initial["scheduled_at"] == local(monday + timedelta(days=1), 10)
    assert form.initial["status"] == "scheduled"
    assert 'name="scheduled_at_1" value="10:00:00"' in add_form.content.decode()  # the widget shows it


def test_saving_the_prefilled_add_form_books_the_slot(client, staff_manager):
    client.force_login(staff_manager)
    tuesday = next_monday() + timedelta(days=1)
    slot_url = client.get(CALENDAR, {"date": tuesday.isoformat()}).context["period"].days[1].slots[14 - 9].add_url
    page = client.get(slot_url).content.decode()
    rendered = dict(re.findall(r'name="(scheduled_at_[01])" value="([^"]*)"', page))

    response = client.post(
        slot_url,
        {
            "name": "Салтанат Беккали",
            "language": "kk",
            "phone": "+77071234567",
            "email": "",
            "service_type": "",
            "consultation_type": ConsultationType.HOME_VISIT,
            "status": "scheduled",
            "preferred_date": "",
            "assigned_to": str(staff_manager.pk),
            "message": "",
            **rendered,  # the date and time as the form showed them
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    booked = Consultation.objects.get(name="Салтанат Беккали")
    assert (booked.scheduled_at, booked.status, booked.assigned_to) == (local(tuesday, 14), "scheduled", staff_manager)
    week = client.get(CALENDAR, {"date": tuesday.isoformat()})
    assert [e.record.pk for e in week.context["period"].days[1].slots[14 - 9].entries] == [booked.pk]


def test_a_manager_filter_presets_the_manager_on_the_add_form(client, staff_manager):
    client.force_login(staff_manager)
    response = client.get(CALENDAR, {"date": next_monday().isoformat()})
    slot_url = response.context["period"].days[0].slots[0].add_url
    assert f"assigned_to={staff_manager.pk}" in slot_url
    form = client.get(slot_url).context["adminform"].form
    assert str(form.initial["assigned_to"]) == str(staff_manager.pk)


def test_a_bad_prefill_is_ignored_by_the_add_form(admin_client):
    response = admin_client.get(reverse("admin:consultations_consultation_add"), {"scheduled_at": "soon"})
    assert response.status_code == 200
    assert "scheduled_at" not in response.context["adminform"].form.initial


def test_month_days_link_to_their_week_and_to_an_add_form(admin_client):
    response = admin_client.get(CALENDAR, {"view": "month", "date": "2027-02-10"})
    day = next(d for d in response.context["period"].days if d.day == date(2027, 2, 10))
    assert day.week_url == "?view=week&manager=all&date=2027-02-10"
    assert day.add_url.endswith("scheduled_at=2027-02-10T10:00")


@pytest.mark.parametrize("language", ["ru", "kk", "ky"])
@pytest.mark.parametrize("view", ["week", "month"])
def test_the_page_speaks_the_managers_language(client, staff_manager, language, view):
    client.force_login(staff_manager)
    client.post(FEED_ACTION, {"action": "enable"})
    ConsultationFactory(scheduled_at=local(next_monday(), 10), assigned_to=staff_manager, status="scheduled")
    page = client.get(
        CALENDAR, {"view": view, "date": next_monday().isoformat()}, HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    english = [
        "New consultation",
        "Previous week",
        "Previous month",
        "Your calendar on your phone",
        "New address",
        "Turn off",
        "Nothing planned",
        "Times in the company",
        "Calendar navigation",
        ">Week<",
        ">Month<",
    ]
    assert [text for text in english if text in page] == []
    assert {"ru": "Календарь", "kk": "Күнтізбе", "ky": "Календарь"}[language] in page


def test_anonymous_goes_to_the_admin_login(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_client_account_has_no_calendar(client, client_user):
    client.force_login(client_user)
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.post(FEED_ACTION, {"action": "enable"}).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_staff_without_the_consultation_permission_is_refused(client):
    nobody = UserFactory(role="manager")
    nobody.groups.clear()
    client.force_login(nobody)
    assert client.get(CALENDAR).status_code == 403
    assert client.post(FEED_ACTION, {"action": "enable"}).status_code == 403


def test_the_sidebar_and_the_consultation_list_link_to_the_calendar(client, staff_manager):
    client.force_login(staff_manager)
    assert f'href="{CALENDAR}"' in client.get(reverse("admin:index")).content.decode()
    button = reverse("admin:consultations_consultation_open_calendar")
    assert button in client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert client.get(button)["Location"] == CALENDAR


def test_calendar_query_count_is_the_same_for_1_and_100_entries(admin_client, django_assert_max_num_queries):
    monday = next_monday()
    managers = UserFactory.create_batch(3, role="manager")

    def add(n, offset):
        for i in range(offset, offset + n):
            moment = local(monday + timedelta(days=i % 7), 9 + i % 10)
            if i % 2:
                ConsultationFactory(scheduled_at=moment, status="scheduled", assigned_to=managers[i % 3])
            else:
                ProjectFactory(measurement_date=moment, manager=managers[i % 3])

    add(1, 0)
    params = {"date": monday.isoformat()}
    admin_client.get(CALENDAR, params)
    with django_assert_max_num_queries(30) as one:
        response = admin_client.get(CALENDAR, params)
    assert len(entries_of(response)) == 1
    add(99, 1)
    for view in ("week", "month"):
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = admin_client.get(CALENDAR, {**params, "view": view})
        assert len(entries_of(response)) == 100


# --- Project visit dates in the admin ------------------------------------------------------------


def test_project_visit_dates_are_kept_by_the_services():
    moment = local(next_monday(), 9)
    project = project_services.project_create(name="Кухня", installation_date=moment + timedelta(days=30))
    project_services.project_update(project=project, data={"measurement_date": moment})
    project.refresh_from_db()
    assert (project.measurement_date, project.installation_date) == (moment, moment + timedelta(days=30))


def test_project_change_form_offers_the_visit_dates(admin_client):
    page = admin_client.get(reverse("admin:projects_project_change", args=[ProjectFactory().pk])).content.decode()
    assert 'name="measurement_date_0"' in page and 'name="installation_date_0"' in page


# --- The feed: turned on, off and regenerated from the calendar page -----------------------------


def test_the_page_turns_the_feed_on_and_shows_its_address(client, staff_manager, settings):
    settings.SITE_URL = SITE
    client.force_login(staff_manager)
    assert "crm-feed-url" not in client.get(CALENDAR).content.decode()

    response = client.post(FEED_ACTION, {"action": "enable"}, follow=True)

    assert response.redirect_chain == [(CALENDAR, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Календарная подписка включена: добавьте её адрес в телефон."
    ]
    feed = CalendarFeed.objects.get(user=staff_manager)
    assert len(feed.token) >= 40
    page = client.get(CALENDAR).content.decode()
    assert f'value="{SITE}/crm/calendar/{feed.token}.ics"' in page
    client.post(FEED_ACTION, {"action": "enable"})  # twice: the same address
    assert CalendarFeed.objects.get(user=staff_manager).token == feed.token


def test_regenerating_revokes_the_old_address(client, staff_manager):
    client.force_login(staff_manager)
    client.post(FEED_ACTION, {"action": "enable"})
    old = feed_path(staff_manager)
    anonymous = Client()
    assert anonymous.get(old).status_code == 200

    client.post(FEED_ACTION, {"action": "regenerate"})

    new = feed_path(staff_manager)
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_turning_the_feed_off_revokes_it(client, staff_manager):
    client.force_login(staff_manager)
    client.post(FEED_ACTION, {"action": "enable"})
    path = feed_path(staff_manager)
    client.post(FEED_ACTION, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=staff_manager).exists()
    assert Client().get(path).status_code == 404


def test_feed_actions_need_a_post_with_the_csrf_token(staff_manager):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff_manager)
    assert browser.post(FEED_ACTION, {"action": "enable"}).status_code == 403
    assert browser.get(FEED_ACTION, {"action": "enable"}).status_code == 302
    assert not CalendarFeed.objects.exists()
    assert Client().post(FEED_ACTION, {"action": "enable"})["Location"].startswith(reverse("admin:login"))


# --- The feed's content ----------------------------------------------------------------------------


def test_feed_lists_the_managers_visits_in_utc_with_stable_uids(staff_manager, settings):
    settings.SITE_URL = SITE
    staff_manager.name = "Мария Ким"
    staff_manager.save()
    feed = services.calendar_feed_enable(user=staff_manager)
    monday = next_monday()
    meeting = ConsultationFactory(
        name="Айгерим Садыкова",
        consultation_type=ConsultationType.ONLINE,
        scheduled_at=local(monday, 11, 30),
        status="scheduled",
        assigned_to=staff_manager,
    )
    project = ProjectFactory(
        client_name="Ерлан Абенов",
        client_phone="+77011234567",
        manager=staff_manager,
        measurement_date=local(monday + timedelta(days=1), 15),
        installation_date=local(monday + timedelta(days=40), 9),
    )
    ConsultationFactory(scheduled_at=local(monday, 13), assigned_to=UserFactory(role="manager"))  # someone else's
    ConsultationFactory(scheduled_at=timezone.now() - timedelta(days=40), assigned_to=staff_manager)  # too old
    ConsultationFactory(scheduled_at=timezone.now() + timedelta(days=200), assigned_to=staff_manager)  # too far
    ConsultationFactory(scheduled_at=local(monday, 16), assigned_to=staff_manager, status="cancelled")

    response = Client().get(f"/crm/calendar/{feed.token}.ics")

    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Календарь BaiMuras: Мария Ким"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        f"consultation-{meeting.pk}@crm.example.com",
        f"project-{project.pk}-measurement@crm.example.com",
        f"project-{project.pk}-installation@crm.example.com",
    }
    online = events[f"consultation-{meeting.pk}@crm.example.com"]
    assert online.decoded("DTSTART") == local(monday, 11, 30).astimezone(UTC)
    assert online.decoded("DTSTART").utcoffset() == timedelta(0)
    assert online.decoded("DTEND") - online.decoded("DTSTART") == timedelta(minutes=45)
    utc_start = local(monday, 11, 30).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{utc_start}\r\n".encode() in response.content  # written in UTC, not with a TZID
    assert str(online["SUMMARY"]) == "Айгерим Садыкова — Онлайн"
    assert str(online["LOCATION"]) == "Онлайн"
    change = f"{SITE}/admin/consultations/consultation/{meeting.pk}/change/"
    assert change in str(online["DESCRIPTION"])
    measurement = events[f"project-{project.pk}-measurement@crm.example.com"]
    assert str(measurement["SUMMARY"]) == "Ерлан Абенов — Замер"
    assert measurement.decoded("DTSTART") == local(monday + timedelta(days=1), 15).astimezone(UTC)
    assert "+77011234567" in str(measurement["DESCRIPTION"])
    assert f"{SITE}/admin/projects/project/{project.pk}/change/" in str(measurement["DESCRIPTION"])

    # the same records, read again after an edit: the same UIDs, the new time
    meeting.scheduled_at = local(monday, 12)
    meeting.save()
    again = {str(e["UID"]): e for e in parse(Client().get(f"/crm/calendar/{feed.token}.ics")).walk("VEVENT")}
    assert set(again) == set(events)
    assert again[f"consultation-{meeting.pk}@crm.example.com"].decoded("DTSTART") == local(monday, 12).astimezone(UTC)


@pytest.mark.parametrize(("language", "name"), [("kk", "BaiMuras күнтізбесі"), ("ky", "BaiMuras календары")])
def test_the_calendar_name_and_labels_follow_the_managers_language(staff_manager, language, name):
    staff_manager.language = language
    staff_manager.name = "Асель"
    staff_manager.save()
    feed = services.calendar_feed_enable(user=staff_manager)
    ProjectFactory(manager=staff_manager, installation_date=local(next_monday(), 10), client_name="Клиент")
    calendar = parse(Client().get(f"/crm/calendar/{feed.token}.ics"))
    assert str(calendar["X-WR-CALNAME"]) == f"{name}: Асель"
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) != "Клиент — Installation"
    assert str(event["SUMMARY"]) != "Клиент — Монтаж"


def test_unknown_and_malformed_tokens_are_not_found(client):
    assert client.get("/crm/calendar/" + "a" * 43 + ".ics").status_code == 404
    assert client.get("/crm/calendar/short.ics").status_code == 404


@pytest.mark.parametrize("change", ["deactivate", "demote"])
def test_a_feed_stops_when_its_owner_is_no_longer_active_staff(staff_manager, change):
    feed = services.calendar_feed_enable(user=staff_manager)
    path = f"/crm/calendar/{feed.token}.ics"
    assert Client().get(path).status_code == 200
    if change == "deactivate":
        staff_manager.is_active = False
    else:
        staff_manager.role = "user"
    staff_manager.save()
    assert Client().get(path).status_code == 404


def test_a_client_account_cannot_have_a_feed(client_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.calendar_feed_enable(user=client_user)


def test_feed_query_count_is_the_same_for_1_and_100_events(staff_manager, django_assert_max_num_queries):
    feed = services.calendar_feed_enable(user=staff_manager)
    path = f"/crm/calendar/{feed.token}.ics"
    start = timezone.now() + timedelta(days=1)

    def add(n, offset):
        for i in range(offset, offset + n):
            if i % 2:
                ConsultationFactory(scheduled_at=start + timedelta(hours=i), assigned_to=staff_manager)
            else:
                ProjectFactory(manager=staff_manager, measurement_date=start + timedelta(hours=i))

    add(1, 0)
    with django_assert_max_num_queries(5) as one:
        assert len(parse(Client().get(path)).walk("VEVENT")) == 1
    add(99, 1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(parse(Client().get(path)).walk("VEVENT")) == 100


# --- In a real browser (RUN_BROWSER_TESTS=1, Debian's chromium) ------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = os.environ.get("CALENDAR_SCREENSHOTS", "")  # a folder to keep the pages' pictures in


@pytest.fixture
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "view"), [(1280, "week"), (390, "week"), (1280, "month"), (390, "month")])
def test_the_calendar_in_a_browser_without_javascript(browser, live_server, client, width, view):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = UserFactory(role="admin", name="Асель Нурланова", language="kk")  # (the flushed test database has no groups)
    monday = next_monday()
    ConsultationFactory(
        name="Айгерим Садыкова-Нурланова " * 4, scheduled_at=local(monday, 11), assigned_to=user, status="scheduled"
    )
    ProjectFactory(client_name="Ерлан Абенов", manager=user, measurement_date=local(monday + timedelta(days=2), 15))
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False, locale="kk")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}{CALENDAR}?view={view}&date={monday.isoformat()}&manager=mine")

    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/calendar-{view}-{width}.png", full_page=True)
    assert errors == []  # a CSP violation would be one
    entry = page.locator(".crm-entry:visible", has_text="Ерлан Абенов")
    assert entry.count() == 1
    # nothing wider than the screen: the grid scrolls inside itself, the phone gets a list
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    grid = page.locator(".crm-week-wrap" if view == "week" else ".crm-month thead")
    assert grid.is_visible() is (width > 767)
    if view == "week":
        assert page.locator(".crm-week-days").is_visible() is (width <= 767)
    entry.click()
    assert page.url.endswith(reverse("admin:projects_project_change", args=[Project.objects.get().pk]))
    context.close()
