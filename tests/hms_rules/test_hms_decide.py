"""``manage.py hms_decide FILE|-``: facts JSON in, decision JSON out; bad input exits 2.

These tests use no database: pytest-django refuses any query from a test not marked
``django_db``, so they also show that the command never touches one.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import manage

from .json_examples import BAD_FACTS, RULES_MD_FACTS, rules_md_facts

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "DEBUG": "true", "PYTHONIOENCODING": "ascii"}  # UTF-8 out regardless


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """``manage.py hms_decide ARGS`` as a process of its own, as the README shows it."""
    return subprocess.run(
        [sys.executable, "manage.py", "hms_decide", *args],
        cwd=ROOT,
        env=ENV,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def run_in_process(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    """As ``run``, through manage.py's own ``main()`` in this process, a second a run faster.

    What the process would get: its argv, the environment of ENV (no SECRET_KEY: main()
    makes one for a pure command and it is taken away again after), standard input as
    bytes, standard output and error in the encoding PYTHONIOENCODING=ascii gives them, and
    the exit status from SystemExit. Only the logging is not configured again: the suite
    configured it at start, and doing it again would point its handler at the captured stderr.
    The processes above show that the command starts with no settings of the suite's.
    """
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="ascii", write_through=True)
    stderr = io.TextIOWrapper(
        io.BytesIO(), encoding="ascii", errors="backslashreplace", write_through=True
    )
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DEBUG", "PYTHONIOENCODING"):
            patch.setenv(name, ENV[name])
        patch.setenv("SECRET_KEY", "put back as it was after the test")
        patch.delenv("SECRET_KEY")
        patch.setattr("django.utils.log.configure_logging", lambda *args: None)
        patch.setattr(sys, "argv", argv := ["manage.py", "hms_decide", *args])
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="ascii"))
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", stderr)
        try:
            manage.main()
            returncode = 0
        except SystemExit as exit_:
            returncode = 0 if exit_.code is None else exit_.code
    return subprocess.CompletedProcess(
        argv, returncode, stdout.buffer.getvalue(), stderr.buffer.getvalue()
    )


@pytest.fixture
def facts_file(tmp_path):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(RULES_MD_FACTS, ensure_ascii=False), encoding="utf-8")
    return path


# ---------------------------------------------------------------- call_command


def test_call_command_prints_the_decision(facts_file):
    out = io.StringIO()
    call_command("hms_decide", str(facts_file), stdout=out)
    data = json.loads(out.getvalue())
    assert data["rule_set"] == "2004-09-27"
    assert data["assessment_date"] == "2026-11-25"
    assert data["eligible_class"] == "A+"
    assert [c["class"] for c in data["classes"]] == ["B", "A", "A+"]
    assert "måneder" in out.getvalue()  # not escaped: ensure_ascii=False
    assert out.getvalue().startswith('{\n  "rule_set"')  # indent 2


def test_call_command_reads_standard_input():
    out = io.StringIO()
    stdin = io.StringIO(json.dumps(rules_md_facts(previous_certificates=[])))
    call_command("hms_decide", "-", stdin=stdin, stdout=out)
    assert json.loads(out.getvalue())["eligible_class"] == "A"


def test_call_command_bad_input_raises_command_error_with_returncode_2(tmp_path):
    path = tmp_path / "bad.json"
    data = rules_md_facts()
    data["surveys"][1]["performed_on"] = "2026-02-30"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("hms_decide", str(path), stdout=out)
    assert caught.value.returncode == 2
    assert str(caught.value) == 'surveys[1].performed_on: not a date: "2026-02-30"'
    assert out.getvalue() == ""


# ---------------------------------------------------------------- a real process


def test_process_file_prints_utf8_json_and_exits_0(facts_file):
    result = run(str(facts_file))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    text = result.stdout.decode("utf-8")
    assert "Verifisert fysisk kartlegging siste 12 måneder" in text
    assert json.loads(text)["eligible_class"] == "A+"


def test_process_reads_standard_input_for_dash():
    data = json.dumps(rules_md_facts(previous_certificates=[]), ensure_ascii=False)
    result = run("-", stdin=data.encode("utf-8"))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout.decode("utf-8"))
    assert decision["eligible_class"] == "A"
    p1 = decision["classes"][2]["criteria"][0]
    assert p1["missing"] == (
        "Ingen tidligere sertifikat i klasse A eller A+ er registrert; A+ forutsetter "
        "sertifikat i klasse A eller A+ fra en tidligere periode"
    )


def test_process_bad_input_exits_2_with_the_documented_error_line(tmp_path):
    data = rules_md_facts()
    data["surveys"][1]["performed_on"] = "2026-02-30"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == 'surveys[1].performed_on: not a date: "2026-02-30"\n'


# ---------------------------------------------------------------- manage.py's main(), in-process


# The kinds of bad input run through manage.py's main() as the command line does; every
# kind in BAD_FACTS also runs through call_command below.
PROCESS_KINDS = (
    "top level not an object",
    "unknown top-level field",
    "unknown nested field",
    "wrong type for a list",
    "bool where a date is",
    "impossible date",
    "unknown kind",
    "unknown status",
    "unknown class",
    "unknown rule_set",
    "missing assessment_date",
)


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], bytes, str]]:
    """name -> (arguments, standard input, text the one stderr line must contain)."""
    cases: dict[str, tuple[list[str], bytes, str]] = {}
    for name, data, path in BAD_FACTS:
        if name in PROCESS_KINDS:
            file = tmp / f"{len(cases)}.json"
            file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            cases[name] = ([str(file)], b"", f"{path}: ")
    cases["malformed JSON"] = (
        ["-"],
        b'{\n  "assessment_date": "2026-11-25",\n}',
        "line 3 column 1",
    )
    cases["not UTF-8"] = (["-"], b'{"management_focus_note": "\xff"}', "UTF-8")
    cases["missing file"] = ([str(tmp / "no-such-file.json")], b"", "no-such-file.json")
    return cases


@pytest.fixture(scope="module")
def bad_results(tmp_path_factory):
    """Every bad input run through manage.py's main(), as the command line runs it."""
    tmp = tmp_path_factory.mktemp("bad")
    results = {}
    for name, (args, stdin, expected) in _bad_inputs(tmp).items():
        result = run_in_process(*args, stdin=stdin)
        results[name] = (result.returncode, result.stdout, result.stderr, expected)
    return results


BAD_NAMES = [*PROCESS_KINDS, "malformed JSON", "not UTF-8", "missing file"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_input_exits_2_with_one_line_naming_the_field_and_no_output(bad_results, name):
    returncode, out, err, expected = bad_results[name]
    text = err.decode("utf-8")
    assert returncode == 2, text
    assert out == b""
    assert text.endswith("\n")
    assert len(text.splitlines()) == 1, text
    assert expected in text
    assert "Traceback" not in text
    assert not text.startswith("CommandError")


@pytest.mark.parametrize(("name", "data", "path"), BAD_FACTS, ids=[b[0] for b in BAD_FACTS])
def test_call_command_bad_facts(tmp_path, name, data, path):
    file = tmp_path / "facts.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("hms_decide", str(file), stdout=out)
    assert caught.value.returncode == 2
    assert str(caught.value).startswith(f"{path}: ")
    assert len(str(caught.value).splitlines()) == 1
    assert out.getvalue() == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", "(stdin): malformed JSON at line 1 column 1: Expecting value"),
        ("[" * 100_000, "(stdin): malformed JSON"),
        ('{"assessment_date": "2026-11-25"} x', "line 1 column 35: Extra data"),
        ('{"assessment_date": NaN}', "(stdin): malformed JSON: NaN is not a JSON value"),
        (
            '{"assessment_date": "2026-11-25", "assessment_date": "2026-11-26"}',
            '(stdin): malformed JSON: field "assessment_date" appears twice in one object',
        ),
    ],
)
def test_call_command_malformed_standard_input(raw, expected):
    with pytest.raises(CommandError) as caught:
        call_command("hms_decide", "-", stdin=io.StringIO(raw), stdout=io.StringIO())
    assert caught.value.returncode == 2
    assert expected in str(caught.value)


def test_call_command_a_folder_is_not_readable(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("hms_decide", str(tmp_path), stdout=io.StringIO())


def test_the_documented_error_line(bad_results):
    _, _, err, _ = bad_results["impossible date"]
    assert err.decode() == 'surveys[1].performed_on: not a date: "2026-02-30"\n'


def test_language_en_prints_the_english_texts(facts_file):
    result = run_in_process("--language", "en", str(facts_file))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout.decode("utf-8"))
    texts = [c["text"] for r in decision["classes"] for c in r["criteria"]]
    assert "Verified physical survey in the last 12 months" in texts
    assert not any(set("æøå") & set(text) for text in texts)


def test_language_en_through_call_command():
    out = io.StringIO()
    data = json.dumps(rules_md_facts(previous_certificates=[]), ensure_ascii=False)
    call_command("hms_decide", "-", language="en", stdin=io.StringIO(data), stdout=out)
    p1 = json.loads(out.getvalue())["classes"][2]["criteria"][0]
    assert p1["text"] == "Certified in class A or higher the previous year"
    assert p1["missing"] == (
        "No earlier certificate of class A or A+ is recorded; A+ requires a certificate of "
        "class A or A+ from an earlier period"
    )


def test_an_unknown_language_is_refused():
    result = run_in_process("--language", "de", "-", stdin=b"{}")
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"--language" in result.stderr
