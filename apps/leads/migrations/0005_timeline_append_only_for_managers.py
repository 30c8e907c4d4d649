"""The timeline is a record: the "Managers" group (0002) no longer changes or deletes its entries
(a note is corrected by a new note)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managers"
PERMISSIONS = {
    ("leads", "leadactivity"): ("change", "delete"),
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{act}_{model}")
        for (app_label, model), actions in PERMISSIONS.items()
        for act in actions
    ]


def revoke(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.remove(*_permissions(apps))


def restore(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.add(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0004_timeline_entries_as_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(revoke, restore)]
