"""Managers moderate the reviews as they keep the rest of the portfolio: the "Managers" group gets
the admin permissions for reviews."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managers"
CODENAMES = ("view_review", "add_review", "change_review", "delete_review")


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="portfolio", codename__in=CODENAMES))


def grant(apps, schema_editor):
    app_config = apps.get_app_config("portfolio")
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
        ("portfolio", "0003_translated_client_materials_reviews"),
        ("portfolio", "0002_managers_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
