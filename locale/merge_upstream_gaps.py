"""Merge locale/<lang>/upstream_gaps.po into locale/<lang>/LC_MESSAGES/django.po.

upstream_gaps.po holds translations for strings that Django's or Django REST framework's own
catalogs lack in that language (core validators, auth, admin, DRF errors), the admin theme's
(Unfold ships no catalog at all) and django-import-export's, and Django's own where its wording
reads wrong on our pages (a nominative model name after a verb: "Выберите консультация"). They are not in our
code, so `makemessages` turns them into obsolete `#~` entries on every run, and obsolete entries
are not compiled. Run this after every `makemessages`, then compile (`make messages`):

    .venv/bin/python manage.py makemessages -l ru -l kk -l ky --ignore=.venv --ignore=tests --ignore=var
    .venv/bin/python locale/merge_upstream_gaps.py
    .venv/bin/python manage.py compile_translations

upstream_gaps.po sits outside LC_MESSAGES, so compilemessages never compiles it on its own:
django.po stays the one catalog per language. A string our code also uses keeps our translation.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent
MARKER = "Added: "  # every gap entry's translator comment starts with it


def merge(lang: str) -> tuple[int, int]:
    """Returns (entries added, gap entries already present and refreshed)."""
    gaps = polib.pofile(str(LOCALE_DIR / lang / "upstream_gaps.po"))
    path = LOCALE_DIR / lang / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(path), wrapwidth=79)

    gap_keys = {(entry.msgctxt, entry.msgid) for entry in gaps}
    for entry in [e for e in catalog if e.obsolete and (e.msgctxt, e.msgid) in gap_keys]:
        catalog.remove(entry)
    active = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}

    added = refreshed = 0
    for gap in gaps:
        current = active.get((gap.msgctxt, gap.msgid))
        if current is None:
            catalog.append(
                polib.POEntry(
                    msgctxt=gap.msgctxt,
                    msgid=gap.msgid,
                    msgid_plural=gap.msgid_plural,
                    msgstr=gap.msgstr,
                    msgstr_plural=dict(gap.msgstr_plural),
                    flags=list(gap.flags),
                    tcomment=gap.tcomment,
                    comment=gap.comment,
                )
            )
            added += 1
        elif current.tcomment.startswith(MARKER):
            # Ours from an earlier merge: take the current wording, drop a fuzzy mark msgmerge may add.
            current.msgstr, current.msgstr_plural = gap.msgstr, dict(gap.msgstr_plural)
            current.flags = list(gap.flags)
            refreshed += 1
        # otherwise our own code uses the string: its translation in django.po wins
    catalog.save()
    return added, refreshed


def main(langs: list[str]) -> None:
    for lang in langs or sorted(p.parent.name for p in LOCALE_DIR.glob("*/upstream_gaps.po")):
        added, refreshed = merge(lang)
        print(f"{lang}: {added} added, {refreshed} already present")


if __name__ == "__main__":
    main(sys.argv[1:])
