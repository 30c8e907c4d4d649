"""Managers work their tasks: the "Managers" group (leads 0002) gets view, add and change on tasks
(done tasks stay, as a record: no delete)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managers"
PERMISSIONS = {
    ("crm", "task"): ("view", "add", "change"),
}


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app_label, codename=f"{act}_{model}")
        for (app_label, model), actions in PERMISSIONS.items()
        for act in actions
    ]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
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
        ("crm", "0001_tasks"),
        ("leads", "0002_managers_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
