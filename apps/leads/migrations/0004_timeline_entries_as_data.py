"""Timeline entries written as sentences (in the writer's language) become kind + params, rendered
in the reader's language. Each sentence is matched against its template in every site language
(and English); an entry that matches none keeps its text as it is."""

import re

from django.conf import settings
from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

TEMPLATES = {
    "created": "Lead created (source: %(source)s)",
    "status_change": "Status: %(old)s → %(new)s",
    "assignment": "Assigned to %(name)s",
    "inquiry": "New inquiry (source: %(source)s)",
    "converted": "Converted from %(old)s into the project “%(name)s”",
}
STATUSES = {
    "new": "New",
    "contacted": "Contacted",
    "qualified": "Qualified",
    "converted": "Converted",
    "lost": "Lost",
}


def _pattern(template: str) -> re.Pattern:
    regex = re.escape(template)
    regex = re.sub(r"%\\\((\w+)\\\)s", lambda m: f"(?P<{m.group(1)}>.+?)", regex)
    return re.compile(rf"^{regex}(?:\n(?P<rest>.*))?$", re.S)


def _languages():
    """Per language: the compiled templates, the status labels to codes, the word "Unassigned"."""
    for language in ["en", *(code for code, _name in settings.LANGUAGES)]:
        with translation.override(language):
            patterns = {kind: _pattern(gettext(template)) for kind, template in TEMPLATES.items()}
            statuses = {gettext(label): code for code, label in STATUSES.items()}
            statuses.update({label: code for code, label in STATUSES.items()})
            yield patterns, statuses, gettext("Unassigned")


def _params(entry, languages, users):
    for patterns, statuses, unassigned in languages:
        if entry.kind == "assignment" and entry.text == unassigned:
            return {"manager_id": None, "manager": ""}, ""
        match = patterns[entry.kind].match(entry.text)
        if match is None:
            continue
        found = match.groupdict()
        rest = found.get("rest") or ""
        if entry.kind in ("created", "inquiry"):
            return {"source": found["source"]}, rest if entry.kind == "inquiry" else ""
        if entry.kind == "status_change":
            old, new = statuses.get(found["old"]), statuses.get(found["new"])
            if old and new:
                return {"old": old, "new": new}, ""
        if entry.kind == "assignment":
            name = found["name"]  # str(user): "Name <email>", or the email alone
            bracketed = re.search(r"<([^<>\s]+@[^<>\s]+)>$", name)
            email = bracketed.group(1) if bracketed else name
            return {"manager_id": users.get(email), "manager": name}, ""
        if entry.kind == "converted" and statuses.get(found["old"]):
            return {"old": statuses[found["old"]], "project_id": None, "project": found["name"]}, ""
    return None, entry.text


def forward(apps, schema_editor):
    LeadActivity = apps.get_model("leads", "LeadActivity")
    User = apps.get_model("accounts", "User")
    users = dict(User.objects.values_list("email", "id"))
    languages = list(_languages())
    entries = LeadActivity.objects.filter(kind__in=TEMPLATES.keys(), params={}).only("id", "kind", "text")
    changed = []
    for entry in entries.iterator(chunk_size=500):
        params, text = _params(entry, languages, users)
        if params is not None:
            entry.params, entry.text = params, text
            changed.append(entry)
    LeadActivity.objects.bulk_update(changed, ["params", "text"], batch_size=500)


def backward(apps, schema_editor):
    """Back to sentences, in the site's default language."""
    from apps.leads.timeline import render_entry

    LeadActivity = apps.get_model("leads", "LeadActivity")
    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for entry in LeadActivity.objects.exclude(params={}).iterator(chunk_size=500):
            entry.text = render_entry(entry.kind, entry.params, entry.text)
            changed.append(entry)
    LeadActivity.objects.bulk_update(changed, ["text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("leads", "0003_leadactivity_params"),
    ]

    operations = [migrations.RunPython(forward, backward)]
