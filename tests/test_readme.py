"""The README's and docs/' commands run as written on a fresh clone after ``make run``.

A copy of the checkout (the files git would clone, no ``.env``, no database) gets what
``make run`` does before it serves (``make demo``: the development ``.env``, the migrations,
the demonstration data); then every ``sh`` block of the README and of ``docs/*.md`` made
only of ``manage.py`` commands runs there as a subprocess, as a newcomer would paste it,
with no SECRET_KEY, DEBUG or DATABASE_URL in the environment. The virtualenv is the current
one. The README stays short enough to read in five minutes, and every relative link of
the README and docs/ points to a file that exists (and to a heading there, if it names one).
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hms_rules.json_examples import RULES_MD_FACTS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
DOCUMENTS = [README, *sorted((ROOT / "docs").glob("*.md"))]
# The README is what a newcomer reads first: it fits on a page (about 12 kB; the rest of the
# documentation is in docs/, one file per subject).
README_MAX_BYTES = 14 * 1024
# A README line meant to run after `make run`: a manage.py command, perhaps fed by a pipe.
RUNNABLE = re.compile(r"^(cat facts\.json \| )?\.venv/bin/python manage\.py \S")
SCRUBBED = {
    "SECRET_KEY",
    "DEBUG",
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "HTTPS",
    "CERTIFICATE_SIGNING_KEY",  # the suite's own (tests/settings.py)
    "CERTIFICATE_SIGNING_PASSPHRASE",
}


def readme_commands(document: Path = README) -> list[str]:
    """Lines of a document's ``sh`` blocks that consist of manage.py commands only."""
    text = document.read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, flags=re.S | re.M):
        lines = [line for line in block.splitlines() if line.strip() and line[0] != "#"]
        if lines and all(RUNNABLE.match(line) for line in lines):
            commands.extend(lines)
    return commands


def documented_commands() -> dict[str, Path]:
    """Every runnable command of the README and docs/, each once, with where it is shown."""
    commands = {}
    for document in DOCUMENTS:
        for command in readme_commands(document):
            commands.setdefault(command, document)
    return commands


def fresh_clone(target: Path) -> Path:
    """The files a clone of this checkout would have (tracked or new, never ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return target


def newcomer_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED}
    return {key: value for key, value in env.items() if not key.startswith("PYTEST")}


def sh(command: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=newcomer_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    return fresh_clone(tmp_path_factory.mktemp("clone"))


def test_the_readme_shows_the_commands_a_newcomer_runs_first():
    commands = readme_commands()
    shown = " ".join(commands)
    for command in ("hms_decide facts.json", "send_reminders --dry-run", "open_renewals"):
        assert command in shown


def test_production_refuses_to_start_without_a_secret(clone):
    result = sh(".venv/bin/python manage.py check", clone)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_signing_key(clone):
    result = sh("SECRET_KEY=" + "s" * 50 + " .venv/bin/python manage.py check", clone)
    assert result.returncode != 0
    assert "CERTIFICATE_SIGNING_KEY must be set when DEBUG is off" in result.stderr


def test_readme_commands_run_as_written_after_make_run(clone):
    # `make run` minus the server it starts at the end; the virtualenv is already there.
    prepared = sh(f"make -o install demo PYTHON={sys.executable}", clone)
    assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    dotenv = (clone / ".env").read_text()
    assert "DEBUG=true" in dotenv.splitlines()
    assert re.search(r"^SECRET_KEY=\S{50,}$", dotenv, flags=re.M)
    # A development signing key of the clone's own, never one to commit.
    assert (clone / "signing-dev.p12").stat().st_size > 0
    assert sh("git check-ignore -q signing-dev.p12", ROOT).returncode == 0
    (clone / "facts.json").write_text(json.dumps(RULES_MD_FACTS), encoding="utf-8")

    commands = documented_commands()
    assert set(readme_commands()) <= set(commands)
    failed = {}
    for command, document in commands.items():
        result = sh(command, clone)
        if result.returncode != 0:
            failed[f"{document.relative_to(ROOT)}: {command}"] = result.stderr[-2000:]
    assert failed == {}


def test_hms_decide_needs_no_secret_and_no_debug(clone, tmp_path):
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(RULES_MD_FACTS), encoding="utf-8")
    bare = tmp_path / "bare"  # no .env here: nothing but the command itself
    shutil.copytree(clone, bare, symlinks=True, ignore=shutil.ignore_patterns(".env", "*.sqlite3"))
    result = sh(f".venv/bin/python manage.py hms_decide {facts}", bare)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["eligible_class"] == "A+"


def test_the_readme_fits_on_a_page():
    size = len(README.read_bytes())
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; move a subject to docs/"


# [text](target) or [text](target "title"), and reference definitions: [label]: target
INLINE_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.M)


def prose(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are no links."""
    text = re.sub(r"^(```|~~~).*?^\1\s*$", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def links(document: Path) -> list[str]:
    text = prose(document.read_text(encoding="utf-8"))
    return INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text)


def anchors(document: Path) -> set[str]:
    """The anchors GitHub gives the document's headings (lower case, punctuation dropped)."""
    slugs: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", prose(document.read_text()), re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        unique, repeat = slug, 0
        while unique in slugs:  # a repeated heading gets -1, -2, ...
            repeat += 1
            unique = f"{slug}-{repeat}"
        slugs.add(unique)
    return slugs


def test_every_relative_link_points_to_a_file_that_exists():
    broken = []
    checked = 0
    for document in DOCUMENTS:
        for target in links(document):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.I):
                continue  # http:, https:, mailto:: not a file of the checkout
            checked += 1
            path, _, anchor = target.partition("#")
            linked = (document.parent / path).resolve() if path else document
            where = f"{document.relative_to(ROOT)}: {target}"
            if not linked.exists() or not linked.is_relative_to(ROOT):
                broken.append(where)
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(where + " (no such heading)")
    assert checked > 0
    assert broken == []


def test_docs_index_lists_every_document():
    index = ROOT / "docs" / "README.md"
    listed = {(index.parent / target).resolve() for target in links(index)}
    for document in DOCUMENTS:
        if document.parent == index.parent and document != index:
            assert document in listed, f"docs/README.md does not link {document.name}"
