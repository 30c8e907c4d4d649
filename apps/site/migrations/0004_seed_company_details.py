"""Every fresh database has the company's details (how to reach it, its two showrooms) in ru, kk
and ky. Frozen here as first written; managers keep them current in the admin."""

from decimal import Decimal

from django.db import migrations

COMPANY = {
    "name": "BaiMuras",
    "email": "hello@baimuras.space",
    "whatsapp": "+77073551840",
    "telegram": "baimuras",
    "instagram": "baimuras",
    "description": {
        "ru": (
            "Мебель на заказ, Монтессори-мебель, кухни и детские комнаты; дизайн-бюро и академия дизайна "
            "в Алматы и Бишкеке."
        ),
        "kk": (
            "Тапсырыс бойынша жиһаз, Монтессори жиһазы, ас үйлер мен балалар бөлмелері; Алматы мен Бішкектегі "
            "дизайн бюросы және дизайн академиясы."
        ),
        "ky": (
            "Буйрутма боюнча эмерек, Монтессори эмеректери, ашканалар жана балдар бөлмөлөрү; Алматы менен "
            "Бишкектеги дизайн бюросу жана дизайн академиясы."
        ),
    },
    "messenger_greeting": {
        "ru": "Здравствуйте! Пишу с сайта BaiMuras, хочу узнать про мебель на заказ.",
        "kk": "Сәлеметсіз бе! BaiMuras сайтынан жазып отырмын, тапсырыс бойынша жиһаз туралы білгім келеді.",
        "ky": "Саламатсызбы! BaiMuras сайтынан жазып жатам, буйрутма боюнча эмерек тууралуу билгим келет.",
    },
}

SHOWROOMS = [
    {
        "country": "KZ",
        "postal_code": "050026",
        "phone": "+77273551840",
        "latitude": Decimal("43.245312"),
        "longitude": Decimal("76.902116"),
        "opening_hours": "Mo-Fr 10:00-19:00, Sa 11:00-17:00",
        "order": 1,
        "city": {"ru": "Алматы", "kk": "Алматы", "ky": "Алматы"},
        "address": {
            "ru": "ул. Байзакова, 280, шоурум на 1-м этаже",
            "kk": "Байзақов көшесі, 280, шоурум 1-қабатта",
            "ky": "Байзаков көчөсү, 280, шоурум 1-кабатта",
        },
        "hours": {
            "ru": "Пн–Пт 10:00–19:00, Сб 11:00–17:00",
            "kk": "Дс–Жм 10:00–19:00, Сб 11:00–17:00",
            "ky": "Дш–Жм 10:00–19:00, Иш 11:00–17:00",
        },
    },
    {
        "country": "KG",
        "postal_code": "720001",
        "phone": "+996312987654",
        "latitude": Decimal("42.870211"),
        "longitude": Decimal("74.603517"),
        "opening_hours": "Mo-Fr 10:00-19:00, Sa 11:00-16:00",
        "order": 2,
        "city": {"ru": "Бишкек", "kk": "Бішкек", "ky": "Бишкек"},
        "address": {
            "ru": "ул. Токтогула, 125/1, офис 4",
            "kk": "Тоқтоғұл көшесі, 125/1, 4-кеңсе",
            "ky": "Токтогул көчөсү, 125/1, 4-кеңсе",
        },
        "hours": {
            "ru": "Пн–Пт 10:00–19:00, Сб 11:00–16:00",
            "kk": "Дс–Жм 10:00–19:00, Сб 11:00–16:00",
            "ky": "Дш–Жм 10:00–19:00, Иш 11:00–16:00",
        },
    },
]


def _fill(obj, field, translations):
    # The untranslated column modeltranslation keeps holds the default language's value.
    setattr(obj, field, translations["ru"])
    for language, value in translations.items():
        setattr(obj, f"{field}_{language}", value)


def seed(apps, schema_editor):
    CompanyDetails = apps.get_model("site", "CompanyDetails")
    Showroom = apps.get_model("site", "Showroom")
    if CompanyDetails.objects.filter(pk=1).exists():
        return
    company = CompanyDetails(pk=1, **{k: v for k, v in COMPANY.items() if not isinstance(v, dict)})
    for field in ("description", "messenger_greeting"):
        _fill(company, field, COMPANY[field])
    company.save()
    for spec in SHOWROOMS:
        showroom = Showroom(company=company, **{k: v for k, v in spec.items() if not isinstance(v, dict)})
        for field in ("city", "address", "hours"):
            _fill(showroom, field, spec[field])
        showroom.save()


def unseed(apps, schema_editor):
    apps.get_model("site", "CompanyDetails").objects.filter(pk=1).delete()


class Migration(migrations.Migration):
    dependencies = [("site", "0003_company_details_prices_faq")]

    operations = [migrations.RunPython(seed, unseed)]
