"""Demo CRM data for `load_demo`: leads in every stage, inquiries, consultations and projects.
Idempotent: it does nothing once the demo leads exist."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from apps.accounts.models import User
from apps.consultations import services as consultation_services
from apps.leads import services
from apps.leads.models import Lead, LeadStatus
from apps.projects import services as project_services

from . import services as crm_services

DOMAIN = "demo.baimuras.local"

LEADS = [
    (
        "Анна Смирнова",
        "anna",
        "+7 777 111 22 33",
        "website",
        "kitchen_design",
        LeadStatus.NEW,
        "Интересуется современной кухней: фасады из шпона дуба, фурнитура Blum, остров 1,2 м.",
    ),
    (
        "Петр Сидоров",
        "petr",
        "+7 777 444 55 66",
        "social_media",
        "custom_furniture",
        LeadStatus.CONTACTED,
        "Шкаф-купе в прихожую 2,4 м, зеркальные двери. Созвонились, ждёт замер.",
    ),
    (
        "Айгерим Нурланова",
        "aigerim",
        "+7 701 234 56 78",
        "referral",
        "montessori",
        LeadStatus.QUALIFIED,
        "Монтессори-спальня для сына 2 лет: низкая кровать-домик, открытые полки, зеркало на уровне глаз.",
    ),
    (
        "Бакыт Асанов",
        "bakyt",
        "+996 509 912 569",
        "website",
        "children_room",
        LeadStatus.NEW,
        "Детская для двоих детей 4 и 9 лет в Бишкеке: зонирование, кровать-чердак, рабочее место.",
    ),
    (
        "Дина Омарова",
        "dina",
        "+7 702 555 66 77",
        "phone",
        "design_bureau",
        LeadStatus.LOST,
        "Дизайн-проект квартиры 78 м². Выбрала другого подрядчика по срокам.",
    ),
    (
        "Ерлан Жумабеков",
        "erlan",
        "+7 705 321 00 11",
        "website",
        "academy",
        LeadStatus.CONTACTED,
        "Хочет на курс «Проектирование корпусной мебели» в Академии, вечерняя группа.",
    ),
]


def load() -> None:
    if Lead.objects.filter(email__endswith=f"@{DOMAIN}").exists():
        return
    manager = User.objects.filter(role="manager").order_by("pk").first()
    leads = {}
    for name, slug, phone, source, interest, status, notes in LEADS:
        lead = services.lead_create(
            name=name, email=f"{slug}@{DOMAIN}", phone=phone, source=source, service_interest=interest, notes=notes
        )
        if status in (LeadStatus.CONTACTED, LeadStatus.QUALIFIED) and manager is not None:
            services.lead_assign(lead=lead, manager=manager, actor=manager)
        if status != LeadStatus.NEW:
            services.lead_set_status(lead=lead, status=status, actor=manager)
        leads[slug] = lead
    services.lead_add_note(lead=leads["petr"], text="Замер назначен на четверг, 11:00.", kind="call", author=manager)
    project = project_services.lead_convert(
        lead=leads["aigerim"],
        project_name="Монтессори-спальня для семьи Нурлановых",
        budget=Decimal("850000"),
        deadline=timezone.localdate() + timedelta(days=45),
        actor=manager,
    )
    services.contact_message_create(
        name="Гульнара Ким",
        email=f"gulnara@{DOMAIN}",
        phone="+7 777 987 65 43",
        subject="Кухня в новостройку",
        message="Здравствуйте! Нужна кухня под потолок, 3,2 м по прямой, со встроенной техникой. Сроки и цена?",
        project_type="kitchen",
        budget="1000000-1500000",
    )
    consultation = consultation_services.consultation_request(
        name="Мария Петрова",
        email=f"maria@{DOMAIN}",
        phone="+7 777 987 65 40",
        service_type="kitchen_design",
        consultation_type="office_visit",
        preferred_date=timezone.localdate() + timedelta(days=1),
        message="Хочу заказать дизайн кухни",
    )
    consultation_services.consultation_schedule(
        consultation=consultation,
        scheduled_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1, hours=2),
        assigned_to=manager,
    )
    consultation_services.consultation_request(
        name="Бакыт Асанов",
        email=f"bakyt@{DOMAIN}",
        service_type="children_room",
        consultation_type="online",
        preferred_date=timezone.localdate() + timedelta(days=3),
        message="Удобнее созвониться вечером по видеосвязи.",
    )
    if manager is not None:
        _tasks(manager, leads, project)


def _tasks(manager, leads, project) -> None:
    """A manager's day: one call overdue, two due today (at office hours), one next week."""
    today = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for title, lead, project_, due in (
        ("Перезвонить и уточнить размеры кухни", leads["petr"], None, today - timedelta(days=1, hours=2)),
        ("Отправить коммерческое предложение", leads.get("erlan"), None, today.replace(hour=15)),
        ("Согласовать дату замера", None, project, today.replace(hour=17)),
        ("Напомнить о предоплате", None, project, today.replace(hour=11) + timedelta(days=7)),
    ):
        if lead is None and project_ is None:
            continue
        crm_services.task_create(title=title, due_at=due, assignee=manager, lead=lead, project=project_, author=manager)
