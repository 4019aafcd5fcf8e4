"""Every word a template shows is translatable: visible text sits inside {% translate %}
or {% blocktranslate %}, never as bare bokmål between the tags.

The certificate PDF and the checklist report PDF are left out: stored documents are always
in bokmål.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.template.base import Lexer, TokenType

TEMPLATES = Path(settings.BASE_DIR) / "templates"
ALWAYS_BOKMAL = {
    "certificates/certificate_pdf.html",
    "fieldwork/report_pdf.html",
    "questionnaires/report_pdf.html",
    # The questionnaire's link goes to an address only: we do not know the employee's
    # language, so one e-mail carries both, and the answer page lets them choose.
    "questionnaires/link_email.txt",
    "questionnaires/link_subject.txt",
}

# Names and codes that read the same in every language.
SAME_IN_EVERY_LANGUAGE = ("Bedriftstjenesten AS", "SHA-256", "Excel", "CSV")

# Attributes whose values people read (screen readers too).
READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "aria-description"}


def _outside_translation(source: str) -> str:
    """The template's own text: every tag, variable and translated block left out.

    Left out, not replaced, so that ``<tr{% if late %} class="late"{% endif %}>`` still
    reads as HTML.
    """
    parts = []
    inside_block = 0
    inside_comment = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            if name in ("blocktranslate", "blocktrans"):
                inside_block += 1
            elif name in ("endblocktranslate", "endblocktrans"):
                inside_block -= 1
            elif name == "comment":
                inside_comment += 1
            elif name == "endcomment":
                inside_comment -= 1
        elif token.token_type == TokenType.TEXT and not (inside_block or inside_comment):
            parts.append(token.contents)
    return "".join(parts)


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def untranslated_text(source: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(_outside_translation(source))
    parser.close()
    words = []
    for text in parser.found:
        text = " ".join(text.split())
        shown = text
        for known in SAME_IN_EVERY_LANGUAGE:
            shown = shown.replace(known, "")
        if re.search(r"[^\W\d_]", shown):  # a letter is left
            words.append(text)
    return words


def test_templates_show_no_text_outside_translate_tags():
    problems = []
    for path in sorted(TEMPLATES.rglob("*")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if path.suffix not in (".html", ".txt") or relative in ALWAYS_BOKMAL:
            continue
        for text in untranslated_text(path.read_text(encoding="utf-8")):
            problems.append(f"templates/{relative}: {text!r}")
    assert not problems, (
        "visible text outside {% translate %}/{% blocktranslate %} "
        "(wrap it, then `make messages`):\n" + "\n".join(problems)
    )


def test_the_check_finds_bare_text_in_text_and_attributes():
    source = (
        '{% load i18n %}<p title="Vis mer">{% translate "Lagre" %} Avbryt</p>'
        '{% blocktranslate %}Hei {{ name }}{% endblocktranslate %}<img alt="{% translate "x" %}">'
        "<script>var a = 'tekst';</script>{# kommentar #}{% comment %}notat{% endcomment %}"
    )
    assert untranslated_text(source) == ["Vis mer", "Avbryt"]
