"""Compile the project's .po catalogs into .mo files with Babel: `compilemessages` without gettext.

`make run` and `make test` use this, so neither needs GNU gettext (msgfmt) on the machine; only
`make makemessages` does (xgettext, msgmerge). The .mo files read the same through gettext as
msgfmt's: obsolete and untranslated entries are left out (a plural entry counts as translated when
its first form is, as in msgfmt), fuzzy entries too except the header, and message contexts and
every plural form are kept with the catalog's Plural-Forms. As `msgfmt --check-format` (what
`compilemessages` runs) does, python-format placeholders must match their msgid; a plural entry
must also have as many forms as Plural-Forms says. One thing msgfmt lets through is refused: a
plural entry with its first form translated and another one empty. msgfmt writes the empty form and
the page shows nothing for those numbers; Babel would show the English msgid instead.
"""

import io
import os
import sys
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class CatalogError(Exception):
    """A .po file that cannot be compiled; the message names the file and line."""


def locale_dirs() -> list[Path]:
    """The project's catalogs Django loads: LOCALE_PATHS and the locale/ of the project's own apps."""
    base = Path(settings.BASE_DIR).resolve()
    environment = Path(sys.prefix).resolve()  # installed packages ship compiled catalogs
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    for app in apps.get_app_configs():
        path = Path(app.path).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(environment):
            dirs.append(path / "locale")
    return [path for path in dict.fromkeys(dirs) if path.is_dir()]


def compile_po(path: Path) -> bytes:
    """The .mo file of the .po file at `path`; CatalogError if it is invalid."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import PoFileError, read_po

    try:
        with path.open("rb") as fileobj:
            catalog = read_po(fileobj, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        raise CatalogError(f"{path}: {exc}") from exc

    problems = []
    for message in list(catalog):
        if not message.id or message.fuzzy or not message.pluralizable:
            continue  # the header is always written, fuzzy entries never (write_mo), singular ones when not empty
        forms = message.string
        if not forms[0]:
            # msgfmt leaves the entry out; write_mo would write the English msgids in its place
            catalog.delete(message.id, context=message.context)
        elif not all(forms):
            empty = ", ".join(f"msgstr[{index}]" for index, form in enumerate(forms) if not form)
            problems.append(f"{path}:{message.lineno}: {empty} of {message.id[0]!r} is empty; translate every form")
    for message, errors in catalog.check():
        if not message.fuzzy:
            msgid = message.id[0] if message.pluralizable else message.id
            problems += [f"{path}:{message.lineno}: {error} ({msgid!r})" for error in errors]
    if problems:
        raise CatalogError("\n".join(problems))

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def write_if_changed(path: Path, content: bytes) -> bool:
    if path.exists() and path.read_bytes() == content:
        return False
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as tmp_file:
            tmp_file.write(content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


class Command(BaseCommand):
    help = (
        "Compile every <locale dir>/<lang>/LC_MESSAGES/*.po of the project (LOCALE_PATHS and the project's "
        "apps) into .mo files with Babel; GNU gettext is not needed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "locale_dirs", nargs="*", metavar="LOCALE_DIR", help="compile these locale dirs instead of the project's"
        )

    def handle(self, *args, **options):
        try:
            import babel  # noqa: F401
        except ImportError as exc:
            raise CommandError("Babel is missing: pip install -r requirements/dev.txt") from exc

        dirs = [Path(path) for path in options["locale_dirs"]] or locale_dirs()
        catalogs = sorted(po for directory in dirs for po in directory.glob("*/LC_MESSAGES/*.po"))
        errors, written = [], 0
        for po in catalogs:
            try:
                content = compile_po(po)
            except CatalogError as exc:
                errors.append(str(exc))
                continue
            if write_if_changed(po.with_suffix(".mo"), content):
                written += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po}")
        if errors:
            raise CommandError("These catalogs were not compiled:\n" + "\n".join(errors))
        if options["verbosity"] > 0:
            self.stdout.write(f"{len(catalogs)} catalogs, {written} .mo files written.")
