"""Every fresh database has the site's fixed pages and its six service pages, in ru, kk and ky
(contract §13). The copy is frozen in _content_0002.py; managers edit it in the admin."""

from django.db import migrations

from ._content_0002 import PAGES, SERVICES

TRANSLATED = {
    "Page": ("title", "lead", "body", "meta_title", "meta_description"),
    "ServicePage": ("title", "tagline", "lead", "body", "meta_title", "meta_description"),
}


def _fill(obj, fields, translations):
    for field in fields:
        # The untranslated column modeltranslation keeps holds the default language's value; set
        # first, as on a live model it writes the active language's column.
        setattr(obj, field, translations["ru"].get(field, ""))
        for language, values in translations.items():
            setattr(obj, f"{field}_{language}", values.get(field, ""))


def seed(apps, schema_editor):
    Page = apps.get_model("site", "Page")
    ServicePage = apps.get_model("site", "ServicePage")
    for key, translations in PAGES.items():
        if not Page.objects.filter(key=key).exists():
            page = Page(key=key)
            _fill(page, TRANSLATED["Page"], translations)
            page.save()
    for slug, illustration, order, translations in SERVICES:
        if not ServicePage.objects.filter(slug=slug).exists():
            service = ServicePage(slug=slug, illustration=illustration, order=order, is_published=True)
            _fill(service, TRANSLATED["ServicePage"], translations)
            service.save()


def unseed(apps, schema_editor):
    apps.get_model("site", "Page").objects.filter(key__in=list(PAGES)).delete()
    apps.get_model("site", "ServicePage").objects.filter(slug__in=[s[0] for s in SERVICES]).delete()


class Migration(migrations.Migration):
    dependencies = [("site", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
