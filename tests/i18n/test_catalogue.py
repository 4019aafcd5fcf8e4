"""The English catalogue (locale/en/LC_MESSAGES) is complete, correct and current.

The interface's source strings are bokmål; English is the one translation. Whenever
someone adds or changes a string, ``make messages`` collects it into django.po and
compiles django.mo; these tests fail until it is translated and both files are committed.
"""

import gettext
import io
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from tests.i18n import pofile

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
MO = LOCALE / "en" / "LC_MESSAGES" / "django.mo"

# What `make messages` leaves out of the scan (and makemessages itself skips dot-folders).
IGNORED_DIRS = {"tests", "staticfiles", "media", "node_modules", "locale", "__pycache__"}
SCANNED_SUFFIXES = {".py", ".html", ".txt"}  # makemessages' defaults for the django domain

PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def entries():
    return pofile.parse(PO)


def _show(problems):
    return "\n".join(f"  {p}" for p in problems)


def test_the_catalogue_and_its_compiled_copy_are_committed():
    assert PO.is_file(), f"{PO} is missing: run `make messages`"
    assert MO.is_file(), (
        f"{MO} is missing: run `make messages` (a machine without gettext needs it)"
    )
    assert len(entries()) > 500


def test_every_string_is_translated():
    untranslated = [
        f"{e.where}: {e.msgid!r}" for e in entries() if not all(t.strip() for t in e.translations)
    ]
    assert not untranslated, "untranslated in django.po:\n" + _show(untranslated)


def test_no_translation_is_fuzzy():
    fuzzy = [f"{e.where}: {e.msgid!r}" for e in entries() if "fuzzy" in e.flags]
    assert not fuzzy, (
        "fuzzy (guessed by msgmerge; check the translation, then delete '#, fuzzy'):\n"
        + _show(fuzzy)
    )


def test_plural_entries_have_both_english_forms():
    wrong = [
        f"{e.where}: {e.msgid!r}"
        for e in entries()
        if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0, 1]
    ]
    assert not wrong, "plural entries need msgstr[0] and msgstr[1]:\n" + _show(wrong)


def test_translations_keep_the_placeholders_and_markup():
    """``%(name)s`` must survive exactly, or rendering fails or shows the wrong value."""
    problems = []
    for e in entries():
        for source, translation in zip(
            [e.msgid] if e.msgid_plural is None else [e.msgid, e.msgid_plural],
            e.translations,
            strict=True,
        ):
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
                problems.append(f"{e.where}: placeholders differ in {translation!r}")
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
                problems.append(f"{e.where}: HTML tags differ in {translation!r}")
            if source.endswith("\n") != translation.endswith("\n"):
                problems.append(f"{e.where}: trailing newline differs in {translation!r}")
    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_matches_the_po_file():
    """django.mo is what Django reads: it must say what django.po says (`make messages`)."""
    with MO.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    stale = []
    for e in entries():
        if e.msgid_plural is None:
            got = [
                compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)
            ]
        else:
            got = [compiled.ngettext(e.msgid, e.msgid_plural, n) for n in (1, 2)]
        if got != e.translations:
            stale.append(f"{e.where}: {e.msgid!r}")
    assert not stale, "django.mo is older than django.po; run `make messages`:\n" + _show(stale)


@pytest.mark.skipif(
    not shutil.which("xgettext") or not shutil.which("msgmerge"),
    reason="GNU gettext is not installed (apt-get install gettext): "
    "cannot check that django.po holds every string in the sources",
)
def test_the_catalogue_has_every_string_of_the_sources(tmp_path, monkeypatch):
    """Run makemessages as `make messages` does, on a copy of the sources.

    A copy, because makemessages writes temporary files beside the templates it reads.
    """
    source = Path(settings.BASE_DIR)
    copy = tmp_path / "src"
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        if (
            path.is_file()
            and path.suffix in SCANNED_SUFFIXES
            and not any(part.startswith(".") or part in IGNORED_DIRS for part in relative.parts)
            and not any(part.endswith(".egg-info") for part in relative.parts)
        ):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / relative)
    regenerated = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    regenerated.parent.mkdir(parents=True)
    shutil.copyfile(PO, regenerated)
    monkeypatch.chdir(copy)

    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages", locale=["en"], no_obsolete=True, verbosity=0, stdout=io.StringIO()
        )

    committed = {e.key for e in entries()}
    current = {e.key: e for e in pofile.parse(regenerated)}
    new = sorted(f"{current[k].where}: {k[1]!r}" for k in current.keys() - committed)
    gone = sorted(repr(k[1]) for k in committed - current.keys())
    assert not (new or gone), (
        "django.po is behind the sources; run `make messages` and translate what it adds.\n"
        + (f"New strings:\n{_show(new)}\n" if new else "")
        + (f"Strings no source uses any more:\n{_show(gone)}" if gone else "")
    )
