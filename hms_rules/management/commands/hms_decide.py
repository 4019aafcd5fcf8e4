"""``manage.py hms_decide [--language nb|en] FILE|-``: facts JSON in, decision JSON out.

The JSON form of RULES.md's last section. Reads the facts from FILE (or standard input for
``-``), prints the decision as UTF-8 JSON on standard output and exits 0. The texts are
bokmål, or English with ``--language en`` (the engine's own message table).

Bad input - an unreadable file, malformed JSON, a wrong type, an
unknown field or value, an impossible date - prints one line on standard error naming the
field (or the line and column for malformed JSON), nothing on standard output, and exits 2.
Through ``call_command`` the same problem is raised as ``CommandError`` (returncode 2).

Strict JSON: ``NaN``/``Infinity`` and a field given twice in one object are malformed (Python's
``json`` would quietly accept both). It touches no database: no system checks, no migration
check, and the rules service is pure.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from hms_rules import UnknownRuleSet, decide
from hms_rules.json_form import FactsError, decision_to_json, facts_from_json
from hms_rules.texts import LANGUAGES

BAD_INPUT = 2


class _BadInput(Exception):
    """Input that never became facts: unreadable, not UTF-8 or not JSON."""


def _no_constants(name: str) -> None:
    raise _BadInput(f"{name} is not a JSON value")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                shown = json.dumps(key, ensure_ascii=False)
                raise _BadInput(f"field {shown} appears twice in one object")
            seen.add(key)
    return data


def _load(source: str, stdin) -> object:
    """The parsed JSON of ``source`` (a path, or ``-`` for ``stdin``); ``_BadInput`` if bad."""
    name = "(stdin)" if source == "-" else source
    try:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin
            raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        else:
            with open(source, "rb") as file:
                raw = file.read()
    except OSError as error:
        raise _BadInput(f"{name}: cannot read: {error.strerror or error}") from None
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _BadInput(f"{name}: not UTF-8 text (byte {error.start})") from None
    try:
        return json.loads(raw, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise _BadInput(
            f"{name}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}"
        ) from None
    except _BadInput as error:
        raise _BadInput(f"{name}: malformed JSON: {error}") from None
    except RecursionError:
        raise _BadInput(f"{name}: malformed JSON: nested too deeply") from None


class Command(BaseCommand):
    help = (
        "Decide a case from its facts as JSON (a file, or - for standard input) and print the "
        "decision as JSON. Bad input exits with status 2 and one line on standard error."
    )
    requires_system_checks = []
    requires_migrations_checks = False
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="facts as JSON: a path, or - for standard input")
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default="nb",
            help="language of the criterion texts: nb (bokmål, the default) or en (English)",
        )

    def handle(self, *args, **options):
        try:
            decision = decide(facts_from_json(_load(options["file"], options.get("stdin"))))
        except (_BadInput, FactsError, UnknownRuleSet) as error:
            self._fail(" ".join(str(error).split()) or "bad input")
            return
        data = decision_to_json(decision, options.get("language") or "nb")
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if options.get("stdout") is None and hasattr(sys.stdout, "buffer"):
            # The real standard output: UTF-8 whatever the locale says.
            sys.stdout.flush()
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.buffer.flush()
        else:
            self.stdout.write(text, ending="")

    def _fail(self, message: str) -> None:
        if self._called_from_command_line:
            # One clean line, no "CommandError:" prefix, nothing on standard output.
            sys.stderr.write(message + "\n")
            sys.stderr.flush()
            sys.exit(BAD_INPUT)
        raise CommandError(message, returncode=BAD_INPUT)
