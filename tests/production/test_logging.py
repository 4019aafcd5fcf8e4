"""Structured logs: one line per request, and the certificate services' lines, as key=value
or JSON; nothing personal beyond the user id."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from certificates import services
from hms_cert.logging import JsonFormatter, KeyValueFormatter, message_fields
from tests.certificates.scenarios import class_b_case

pytestmark = pytest.mark.django_db


def _record(message, *args, fields=None, name="hms.test"):
    record = logging.LogRecord(name, logging.INFO, __file__, 1, message, args, None)
    if fields is not None:
        record.fields = fields
    return record


def request_records(caplog):
    return [r for r in caplog.records if r.name == "hms.request"]


def test_one_line_per_request_with_method_path_status_duration_and_user(client, advisor, caplog):
    client.force_login(advisor)
    with caplog.at_level(logging.INFO, logger="hms.request"):
        client.get(reverse("companies:portfolio") + "?sok=Rørlegger+Hansen")

    (record,) = request_records(caplog)
    assert record.fields["method"] == "GET"
    assert record.fields["path"] == "/portefolje/"  # no query string: searches may hold names
    assert record.fields["status"] == 200
    assert record.fields["duration_ms"] > 0
    assert record.fields["user_id"] == advisor.pk
    line = KeyValueFormatter().format(record)
    assert "Hansen" not in line and advisor.username not in line


def test_an_anonymous_request_has_no_user_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="hms.request"):
        client.get("/finnes-ikke/")
    (record,) = request_records(caplog)
    assert record.fields["status"] == 404
    assert record.fields["user_id"] is None


def test_the_log_line_does_not_load_the_user(client, advisor, caplog, django_assert_num_queries):
    """/helse/ never looks at the user; logging it must not cost a session query."""
    client.force_login(advisor)
    with caplog.at_level(logging.DEBUG, logger="hms.request"), django_assert_num_queries(1):
        client.get("/helse/")
    (record,) = request_records(caplog)
    assert record.levelno == logging.DEBUG  # a passing probe is not worth an INFO line
    assert record.fields["user_id"] is None


def test_key_value_line():
    record = _record("request", fields={"method": "GET", "path": "/a b/", "status": 200})
    line = KeyValueFormatter().format(record)
    assert line.split(" ", 1)[0].startswith("time=")
    assert 'level=info logger=hms.test msg=request method=GET path="/a b/" status=200' in line


def test_json_line():
    record = _record("request", fields={"method": "GET", "status": 200, "user_id": None})
    data = json.loads(JsonFormatter().format(record))
    assert data["msg"] == "request"
    assert (data["method"], data["status"], data["user_id"]) == ("GET", 200, None)
    assert data["level"] == "info" and data["logger"] == "hms.test"


def test_service_messages_are_split_into_event_and_fields():
    assert message_fields("certificate issued number=HMS-2026-00001 class=B actor=3") == (
        "certificate issued",
        {"number": "HMS-2026-00001", "class": "B", "actor": "3"},
    )
    assert message_fields("Internal Server Error: /x/") == ("Internal Server Error: /x/", {})
    assert message_fields("a=1 then words") == ("a=1 then words", {})


def test_an_exception_goes_with_its_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("hms.test", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    assert "ValueError: boom" in json.loads(JsonFormatter().format(record))["exc"]
    assert "Traceback" in KeyValueFormatter().format(record)


def test_issuing_revoking_and_reissuing_each_log_a_structured_line(issuer, caplog):
    from django.utils import timezone

    with caplog.at_level(logging.INFO, logger="hms.certificates"):
        certificate = services.certificate_issue(
            case=class_b_case(today=timezone.localdate()), klass="B", actor=issuer
        )
        new = services.certificate_reissue(
            certificate=certificate, reason="Nytt firmanavn", actor=issuer
        )
        services.certificate_revoke(certificate=new, reason="Avviklet", actor=issuer)

    records = [r for r in caplog.records if r.name == "hms.certificates"]
    lines = [json.loads(JsonFormatter().format(r)) for r in records]
    events = [line["msg"] for line in lines]
    assert events == [
        "certificate issued",
        "certificate revoked",  # the old one, as part of reissuing
        "certificate reissued",
        "certificate revoked",
    ]
    issued = lines[0]
    assert issued["number"] == certificate.number and issued["class"] == "B"
    assert issued["actor"] == str(issuer.pk)
    assert "Nytt firmanavn" not in json.dumps(lines)  # reasons may name people: not logged


@pytest.mark.parametrize(("value", "formatter"), [("json", "json"), ("plain", "plain")])
def test_log_format_from_the_environment(value, formatter):
    code = (
        "import django; django.setup(); import logging; "
        "print(type(logging.getLogger().handlers[0].formatter).__name__)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "LOG_FORMAT": value}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    expected = {"json": "JsonFormatter", "plain": "KeyValueFormatter"}[formatter]
    assert result.stdout.strip() == expected
