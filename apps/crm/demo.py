"""Demo CRM data for `load_demo`: a month of a manager's work as the office would have it.

Leads came in over the past month on weekdays between 9:00 and 19:00 (the company's time zone,
Asia/Almaty), each at its own minute; both boards have cards in every column (leads by status,
projects by stage); consultations are booked in working hours; some tasks are overdue and some
due later today; and the demo client (client@baimuras.local) finds their project and their
measurement visit on their dashboard. Everything is written through the services, as the admin
would; only the dates of what "happened" before today are moved back afterwards (a service stamps
its rows with the present). Idempotent: it does nothing once the demo leads exist."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import User
from apps.consultations import services as consultation_services
from apps.consultations.models import Consultation
from apps.core.content_cache import LEAD_LIST, bump_content_version
from apps.leads import services
from apps.leads.models import ContactMessage, Lead, LeadActivity, LeadStatus
from apps.projects import services as project_services
from apps.projects.models import Project, ProjectStatus

from . import services as crm_services

DOMAIN = "demo.baimuras.local"
CLIENT_EMAIL = "client@baimuras.local"  # the demo client of apps.accounts.demo
OPENS, CLOSES = 9, 19  # office hours, company time
DAYS = 30

# Oldest first: the leads that got furthest came in first. (name, slug, phone, source, interest, status, notes)
LEADS = [
    ("Айгерим Нурланова", "aigerim", "+7 701 234 56 78", "referral", "montessori", LeadStatus.CONVERTED,
     "Монтессори-спальня для сына 2 лет: низкая кровать-домик, открытые полки, зеркало на уровне глаз."),
    ("Сергей Ким", "sergey", "+7 777 300 12 45", "website", "kitchen_design", LeadStatus.CONVERTED,
     "Кухня 3,6 м под потолок, фасады эмаль, столешница кварц."),
    ("Гульмира Токтогулова", "gulmira", "+996 555 41 22 10", "social_media", "children_room", LeadStatus.CONVERTED,
     "Детская для двух девочек в Бишкеке: двухъярусная кровать, гардероб, два рабочих места."),
    ("Данияр Ахметов", "client", "+7 707 123 45 67", "website", "kitchen_design", LeadStatus.CONVERTED,
     "Кухня в новую квартиру: угловая, 2,8 × 1,9 м, встроенная техника, остров не нужен."),
    ("Олжас Бекмуханов", "olzhas", "+7 702 888 10 20", "phone", "custom_furniture", LeadStatus.CONVERTED,
     "Гардеробная 6 м² и шкаф в прихожую, нужен замер на этой неделе."),
    ("Мадина Исаева", "madina", "+7 747 210 33 44", "referral", "montessori", LeadStatus.CONVERTED,
     "Монтессори-зона в гостиной: стеллаж, столик и стульчики для двоих детей."),
    ("Руслан Абдыкадыров", "ruslan", "+996 700 15 16 17", "website", "custom_furniture", LeadStatus.CONVERTED,
     "Офисная мебель на 8 рабочих мест, стойка ресепшн."),
    ("Алия Сарсенова", "aliya", "+7 705 444 00 99", "social_media", "kitchen_design", LeadStatus.CONVERTED,
     "Кухня-гостиная, хотели успеть к переезду, в итоге отложили ремонт."),
    ("Дина Омарова", "dina", "+7 702 555 66 77", "phone", "design_bureau", LeadStatus.LOST,
     "Дизайн-проект квартиры 78 м². Выбрала другого подрядчика по срокам."),
    ("Тимур Жаксылыков", "timur", "+7 701 909 80 70", "website", "academy", LeadStatus.LOST,
     "Курс по дизайну интерьера, не подошло расписание."),
    ("Петр Сидоров", "petr", "+7 777 444 55 66", "social_media", "custom_furniture", LeadStatus.QUALIFIED,
     "Шкаф-купе в прихожую 2,4 м, зеркальные двери. Созвонились, ждёт замер."),
    ("Жанна Муратова", "zhanna", "+7 708 321 54 76", "referral", "children_room", LeadStatus.QUALIFIED,
     "Детская для сына 7 лет: кровать-чердак со столом, бюджет до 900 000 ₸."),
    ("Азамат Сыдыков", "azamat", "+996 777 88 99 00", "website", "kitchen_design", LeadStatus.QUALIFIED,
     "Кухня в частный дом в Бишкеке, 4,2 м + остров."),
    ("Ерлан Жумабеков", "erlan", "+7 705 321 00 11", "website", "academy", LeadStatus.CONTACTED,
     "Хочет на курс «Проектирование корпусной мебели» в Академии, вечерняя группа."),
    ("Камила Рахимова", "kamila", "+7 771 600 70 80", "social_media", "montessori", LeadStatus.CONTACTED,
     "Монтессори-кроватка и полка для игрушек, ребёнку 1 год."),
    ("Нурлан Абенов", "nurlan", "+7 700 123 32 10", "phone", "design_bureau", LeadStatus.CONTACTED,
     "Дизайн-проект офиса 120 м², нужна смета."),
    ("Бакыт Асанов", "bakyt", "+996 509 912 569", "website", "children_room", LeadStatus.NEW,
     "Детская для двоих детей 4 и 9 лет в Бишкеке: зонирование, кровать-чердак, рабочее место."),
    ("Анна Смирнова", "anna", "+7 777 111 22 33", "website", "kitchen_design", LeadStatus.NEW,
     "Интересуется современной кухней: фасады из шпона дуба, фурнитура Blum, остров 1,2 м."),
    ("Асель Бекова", "asel", "+7 776 505 40 30", "social_media", "custom_furniture", LeadStatus.NEW,
     "Тумба под телевизор и книжные полки в гостиную, фото комнаты пришлёт в WhatsApp."),
]  # fmt: skip

# The converted leads' projects, one per stage, in LEADS' order: (slug, project, stage, budget, days to the deadline)
PROJECTS = [
    ("aigerim", "Монтессори-спальня для семьи Нурлановых", ProjectStatus.COMPLETED, "850000", -3),
    ("sergey", "Кухня для семьи Ким", ProjectStatus.INSTALLATION, "2400000", 4),
    ("gulmira", "Детская для сестёр Токтогуловых", ProjectStatus.PRODUCTION, "1300000", 18),
    ("client", "Угловая кухня для семьи Ахметовых", ProjectStatus.DESIGN, "1650000", 40),
    ("olzhas", "Гардеробная и прихожая Бекмухановых", ProjectStatus.MEASUREMENT, "980000", 45),
    ("madina", "Монтессори-зона в гостиной Исаевых", ProjectStatus.APPROVAL, "420000", 30),
    ("ruslan", "Офис на 8 рабочих мест", ProjectStatus.PLANNING, "3100000", 60),
    ("aliya", "Кухня-гостиная Сарсеновых", ProjectStatus.CANCELLED, "1900000", None),
]

# Visits of the projects in those stages: (field, working days ahead, hour)
VISITS = {
    "olzhas": ("measurement_date", 1, 10),
    "sergey": ("installation_date", 2, 9),
    "gulmira": ("installation_date", 8, 10),
}


def load() -> None:
    if Lead.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return
    manager = User.objects.filter(role="manager").order_by("pk").first()
    now = timezone.localtime()

    leads = {}
    for name, slug, phone, source, interest, status, notes in LEADS:
        email = CLIENT_EMAIL if slug == "client" else f"{slug}@{DOMAIN}"
        lead = services.lead_create(
            name=name, email=email, phone=phone, source=source, service_interest=interest, notes=notes, notify=False
        )
        if status != LeadStatus.NEW and manager is not None:
            services.lead_assign(lead=lead, manager=manager, actor=manager)
        if status in (LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.LOST):
            services.lead_set_status(lead=lead, status=LeadStatus.CONTACTED, actor=manager)
        if status in (LeadStatus.QUALIFIED, LeadStatus.LOST):
            services.lead_set_status(lead=lead, status=status, actor=manager)
        leads[slug] = lead
    services.lead_add_note(lead=leads["petr"], text="Замер назначен на четверг, 11:00.", kind="call", author=manager)

    projects = {}
    for slug, project_name, stage, budget, deadline_in in PROJECTS:
        deadline = now.date() + timedelta(days=deadline_in) if deadline_in is not None else None
        project = project_services.lead_convert(
            lead=leads[slug], project_name=project_name, budget=Decimal(budget), deadline=deadline, actor=manager
        )
        data = {"status": stage} if stage != project.status else {}
        if visit := VISITS.get(slug):  # on the calendar, in working hours
            field, weekdays, hour = visit
            data[field] = next_office_slot(now.date(), hour, weekdays=weekdays)
        if data:
            project = project_services.project_update(project=project, data=data, actor=manager)
        projects[slug] = project

    services.contact_message_create(
        name="Гульнара Ким",
        email=f"gulnara@{DOMAIN}",
        phone="+7 777 987 65 43",
        subject="Кухня в новостройку",
        message="Здравствуйте! Нужна кухня под потолок, 3,2 м по прямой, со встроенной техникой. Сроки и цена?",
        project_type="kitchen",
        budget="1000000-1500000",
    )
    _consultations(manager, now)

    # What the services stamped "now" happened over the past month: oldest lead first.
    rng = random.Random(2026)  # the same month on every machine
    demo_leads = Lead.objects.filter(Q(email__endswith=f"@{DOMAIN}") | Q(email__iexact=CLIENT_EMAIL)).order_by("pk")
    for lead, moment in zip(demo_leads, office_moments(rng, demo_leads.count(), now=now), strict=True):
        _backdate_lead(lead, moment, rng)
    if manager is not None:
        _tasks(manager, leads, projects, now)


def office_moments(rng: random.Random, count: int, *, now: datetime) -> list[datetime]:
    """`count` moments of the past DAYS days, oldest first: weekdays, office hours, each its own minute."""
    moments: set[datetime] = set()
    while len(moments) < count:
        day = now.date() - timedelta(days=rng.randint(1, DAYS))
        if day.weekday() >= 5:
            continue
        wall = time(rng.randint(OPENS, CLOSES - 1), rng.randint(0, 59), rng.randint(0, 59))
        moments.add(timezone.make_aware(datetime.combine(day, wall)))
    return sorted(moments)


def next_office_slot(after: date, hour: int, minute: int = 0, *, weekdays: int = 1) -> datetime:
    """The `weekdays`-th working day after `after`, at hour:minute company time."""
    day = after
    while weekdays:
        day += timedelta(days=1)
        if day.weekday() < 5:
            weekdays -= 1
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _backdate_lead(lead: Lead, moment: datetime, rng: random.Random) -> None:
    """The lead came in at `moment`; what followed (assignment, calls, conversion, the site forms
    it sent) on the next working days in office hours, never later than now."""
    step = moment
    entries = LeadActivity.objects.filter(lead=lead).order_by("created_at", "id").values_list("pk", flat=True)
    for index, pk in enumerate(list(entries)):
        if index:
            later = next_office_slot(step.date(), rng.randint(OPENS, CLOSES - 1), rng.randint(0, 59))
            step = later if later < timezone.now() else step + timedelta(minutes=rng.randint(3, 9))
        LeadActivity.objects.filter(pk=pk).update(created_at=step)
    Lead.objects.filter(pk=lead.pk).update(created_at=moment, updated_at=step)
    Project.objects.filter(lead=lead).update(created_at=step, updated_at=step)
    ContactMessage.objects.filter(lead=lead).update(created_at=moment, updated_at=moment)
    Consultation.objects.filter(lead=lead).update(created_at=step)
    bump_content_version(LEAD_LIST)  # update() sends no signal: the API's lead list moves on


def _consultations(manager, now: datetime) -> None:
    """Requests from the site; the booked ones on the next working days, in office hours."""
    today = now.date()
    booked = [
        ("Мария Петрова", f"maria@{DOMAIN}", "+7 777 987 65 40", "kitchen_design", "office_visit",
         "Хочу заказать дизайн кухни", next_office_slot(today, 11, 30)),
        ("Данияр Ахметов", CLIENT_EMAIL, "+7 707 123 45 67", "kitchen_design", "home_visit",
         "Замер кухни: второй этаж, лифт есть.", next_office_slot(today, 15, 0, weekdays=2)),
        ("Жанна Муратова", f"zhanna@{DOMAIN}", "+7 708 321 54 76", "children_room", "office_visit",
         "Посмотреть образцы фасадов в шоуруме.", next_office_slot(today, 17, 0)),
    ]  # fmt: skip
    for name, email, phone, service, kind, text, when in booked:
        consultation = consultation_services.consultation_request(
            name=name,
            email=email,
            phone=phone,
            service_type=service,
            consultation_type=kind,
            preferred_date=when.date(),
            message=text,
        )
        consultation_services.consultation_schedule(consultation=consultation, scheduled_at=when, assigned_to=manager)
    consultation_services.consultation_request(
        name="Бакыт Асанов",
        email=f"bakyt@{DOMAIN}",
        service_type="children_room",
        consultation_type="online",
        preferred_date=next_office_slot(today, 10, weekdays=3).date(),
        message="Удобнее созвониться вечером по видеосвязи.",
    )


def previous_office_day(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _later_today(now: datetime, hour: int) -> datetime:
    """Today at `hour` if that is still ahead; otherwise a little later than now, still today."""
    wanted = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    if wanted > now:
        return wanted
    midnight = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time.min))
    return now + (midnight - now) / (2 if hour < CLOSES else 3)


def _tasks(manager, leads, projects, now: datetime) -> None:
    """A manager's day: two calls overdue, two tasks due later today, the rest next week."""
    yesterday = timezone.make_aware(datetime.combine(previous_office_day(now.date()), time(16, 0)))
    for title, lead, project, due in (
        ("Перезвонить и уточнить размеры шкафа", leads["petr"], None, yesterday),
        ("Отправить смету на детскую", leads["zhanna"], None, yesterday.replace(hour=11, minute=30)),
        ("Отправить коммерческое предложение", leads["erlan"], None, _later_today(now, 15)),
        ("Согласовать дату замера", None, projects["olzhas"], _later_today(now, 17)),
        ("Показать эскизы кухни клиенту", None, projects["client"], next_office_slot(now.date(), 12)),
        ("Напомнить о предоплате", None, projects["madina"], next_office_slot(now.date(), 11, weekdays=5)),
        ("Назначить первую встречу", leads["anna"], None, next_office_slot(now.date(), 10)),
        ("Уточнить бюджет кухни", leads["azamat"], None, next_office_slot(now.date(), 14, weekdays=2)),
    ):
        crm_services.task_create(title=title, due_at=due, assignee=manager, lead=lead, project=project, author=manager)
