"""Lead emails lower-cased where an old row was not (the services always lower-case them), so
duplicate detection can look them up by an indexed equality. Python's lower(), not SQL's LOWER,
which on SQLite folds ASCII only."""

from django.db import migrations


def lowercase(apps, schema_editor):
    Lead = apps.get_model("leads", "Lead")
    changed = []
    for pk, email in Lead.objects.exclude(email="").values_list("pk", "email").iterator(chunk_size=2000):
        if email != email.lower():
            changed.append(Lead(pk=pk, email=email.lower()))
    Lead.objects.bulk_update(changed, ["email"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("leads", "0005_timeline_append_only_for_managers")]

    operations = [migrations.RunPython(lowercase, migrations.RunPython.noop)]
