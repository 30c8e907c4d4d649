"""Managers see where leads came from and the page views (read-only lists): the "Managers"
group (leads 0002) gets the view permissions of the analytics models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managers"
MODELS = ("leadattribution", "pageview")


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="analytics", codename__in=[f"view_{m}" for m in MODELS]))


def grant(apps, schema_editor):
    app_config = apps.get_app_config("analytics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_pageviews_rollups_attribution"),
        ("leads", "0002_managers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
