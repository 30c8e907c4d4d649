"""The "Managers" group: exactly the admin permissions a manager needs for the CRM.

View, add and change on leads, contact messages, projects and consultations; the same plus
delete on lead activities (a wrong timeline entry can be removed); view on users (to pick a
manager). Nothing on API keys or API logins, no other deletes. Existing managers join it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Managers"
PERMISSIONS = {
    ("leads", "lead"): ("view", "add", "change"),
    ("leads", "leadactivity"): ("view", "add", "change", "delete"),
    ("leads", "contactmessage"): ("view", "add", "change"),
    ("projects", "project"): ("view", "add", "change"),
    ("consultations", "consultation"): ("view", "add", "change"),
    ("accounts", "user"): ("view",),
}


def create_managers_group(apps, schema_editor):
    # Permissions are normally made after `migrate` (post_migrate); make them now so that the
    # group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    User = apps.get_model("accounts", "User")

    group, _created = Group.objects.get_or_create(name=GROUP)
    wanted = []
    for (app_label, model), actions in PERMISSIONS.items():
        for act in actions:
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=f"{act}_{model}"))
    group.permissions.set(wanted)
    group.user_set.add(*User.objects.filter(role="manager"))


def remove_managers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("leads", "0001_initial"),
        ("projects", "0001_initial"),
        ("consultations", "0001_initial"),
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_managers_group, remove_managers_group)]
