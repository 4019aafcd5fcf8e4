"""A small reader for gettext .po files, enough for checking our own catalogue.

Only what ``makemessages`` writes: comments, ``msgctxt``, ``msgid``, ``msgid_plural``,
``msgstr`` / ``msgstr[n]``, each possibly continued on following quoted lines.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]

    @property
    def where(self) -> str:
        return self.references[0] if self.references else f"line {self.line}"


def parse(path: Path) -> list[Entry]:
    """Every entry of the catalogue but the header (``msgid ""``)."""
    entries = []
    text = Path(path).read_text(encoding="utf-8")
    for block, line in _blocks(text):
        parts: dict[str, list[str]] = {}
        flags: set[str] = set()
        references: list[str] = []
        current = None
        for raw in block:
            if raw.startswith("#,"):
                flags.update(f.strip() for f in raw[2:].split(","))
            elif raw.startswith("#:"):
                references.extend(raw[2:].split())
            elif raw.startswith("#"):
                continue
            elif match := _KEYWORD.match(raw):
                current = match.group(1)
                parts[current] = [match.group(2)]
            elif raw.startswith('"') and current:
                parts[current].append(raw)
            else:
                raise ValueError(f"{path}:{line}: cannot read {raw!r}")
        values = {
            key: "".join(ast.literal_eval(s) for s in strings) for key, strings in parts.items()
        }
        if values.get("msgid", "") == "":
            continue  # the header
        entry = Entry(
            msgid=values["msgid"],
            msgctxt=values.get("msgctxt"),
            msgid_plural=values.get("msgid_plural"),
            msgstr=values.get("msgstr", ""),
            flags=flags,
            references=references,
            line=line,
        )
        for key, value in values.items():
            if key.startswith("msgstr["):
                entry.msgstr_plural[int(key[7:-1])] = value
        entries.append(entry)
    return entries


def _blocks(text: str):
    block: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            if not block:
                start = number
            block.append(raw)
        elif block:
            yield block, start
            block = []
    if block:
        yield block, start
