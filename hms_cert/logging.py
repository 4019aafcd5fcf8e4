"""Structured log lines: key=value (logfmt, ``LOG_FORMAT=plain``) or JSON (``LOG_FORMAT=json``).

Two ways a line gets its fields:

- ``logger.info("request", extra={"fields": {...}})``: the message is the event name and the
  fields are given as data (what the request log does).
- ``logger.info("certificate issued number=%s class=%s", ...)``: the message itself is
  "<event> key=value ...", as the services write it; the formatter splits it into the event and
  its fields, so the same call gives a logfmt line or a JSON object without change.

A message that is not of that shape (Django's own, a library's) becomes ``msg`` unchanged.
Nothing but what the caller put in is written: the request is never dumped, so no personal data
reaches the log beyond the user id the request log chooses to give.
"""

import json
import logging
import re
from datetime import UTC, datetime

_KEY_VALUE = re.compile(r"^[A-Za-z_][\w.]*=\S*$")
_NEEDS_QUOTES = re.compile(r'[\s"=\\]')


def message_fields(message: str) -> tuple[str, dict[str, str]]:
    """``"certificate issued number=X class=B"`` → ``("certificate issued", {...})``.

    Only a message whose tokens after the event words are all ``key=value`` is split;
    anything else is returned whole with no fields.
    """
    tokens = message.split()
    first = next((i for i, token in enumerate(tokens) if _KEY_VALUE.match(token)), None)
    if first is None or not all(_KEY_VALUE.match(token) for token in tokens[first:]):
        return message, {}
    fields = dict(token.split("=", 1) for token in tokens[first:])
    return " ".join(tokens[:first]), fields


def _record_fields(record: logging.LogRecord) -> dict[str, object]:
    fields: dict[str, object] = {
        "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname.lower(),
        "logger": record.name,
    }
    given = getattr(record, "fields", None)
    if isinstance(given, dict):
        fields["msg"] = record.getMessage()
        fields.update(given)
    else:
        event, parsed = message_fields(record.getMessage())
        fields["msg"] = event
        fields.update(parsed)
    return fields


def logfmt_value(value: object) -> str:
    if value is None:
        return "-"
    text = str(value)
    if text == "" or _NEEDS_QUOTES.search(text):
        return json.dumps(text, ensure_ascii=False)
    return text


class KeyValueFormatter(logging.Formatter):
    """``time=… level=info logger=hms.request msg=request method=GET path=/ status=200 …``"""

    def format(self, record: logging.LogRecord) -> str:
        fields = _record_fields(record)
        line = " ".join(f"{key}={logfmt_value(value)}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the traceback (if any) under ``exc``."""

    def format(self, record: logging.LogRecord) -> str:
        fields = _record_fields(record)
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        return json.dumps(fields, ensure_ascii=False, default=str)
