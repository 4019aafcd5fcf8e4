"""The framed A4 certificate, rendered by WeasyPrint.

This module renders from a plain :class:`CertificateDocument`, not from the Certificate model,
so that it stays a pure function of its input: the issuing service builds the document from
the model, calls :func:`render_certificate_pdf` once and stores the bytes with their SHA-256.

The page is one A4 sheet made to be printed and framed (RULES.md, "Issuing"): a double frame
drawn a few millimetres in from the edge, the class large, and a QR code of the public
verification URL. The certificate is a stored document, so the issued original is always in
bokmål whatever language the person who issues it has switched on.

An English version (``language="en"``) is the same page with its fixed texts translated through
the project's catalogue (locale/en). Issuing renders, signs, stores and hashes it beside the
bokmål original (``original=True``: an original too, with no note). Certificates issued before
that have no stored English version; theirs is rendered on download as a copy, with a line
saying it is a translation whose fingerprint is not on record (certificates/views.py).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _
from stdnum.no import orgnr

from hms_cert.pdf_fonts import font_configuration

TEMPLATE_NAME = "certificates/certificate_pdf.html"
# The page's stylesheet, beside the template. Not a <style> in it: WeasyPrint would parse and
# check the whole sheet again for every certificate (see _renderer).
STYLESHEET = Path(settings.BASE_DIR) / "templates" / "certificates" / "certificate_pdf.css"

# One line per class, in the seed's own words ("Sertifiseringsklasser/-kriterier", 27.09.2004).
CLASS_MEANINGS: dict[str, str] = {
    "A+": _("Klasse «A+» er den høyeste sertifiseringsklasse"),
    "A": _("Klasse «A» er en høy sertifiseringsklasse"),
    "B": _("Klasse «B» dokumenterer fokus på arbeidsmiljø"),
}

# What each class covers, from the same section of the seed.
CLASS_SCOPES: dict[str, str] = {
    "A+": _("Meget god fysisk og meget god psykisk: kartlegging og handlingsplan"),
    "A": _("Meget god fysisk: kartlegging og handlingsplan · God psykisk: kartlegging"),
    "B": _("Meget god fysisk: kartlegging og handlingsplan"),
}

# What a certificate of each class says about the company, in the seed's words.
_CONSIDERABLE = _(
    "Virksomheten har utvist betydelig vilje til utbedringer eller opprettholdelse av godt "
    "arbeidsmiljø. Det kan dokumenteres god fokus på både fysisk og psykisk arbeidsmiljø."
)
CLASS_DESCRIPTIONS: dict[str, str] = {
    "A+": _CONSIDERABLE,
    "A": _CONSIDERABLE,
    "B": _(
        "Virksomheten har utvist vilje til utbedring eller opprettholdelse av godt arbeidsmiljø."
    ),
}

# The language of the issued original, and the languages a copy can be rendered in.
ORIGINAL_LANGUAGE = "nb"
COPY_LANGUAGES = ("en",)


@dataclass(frozen=True)
class CertificateDocument:
    """Everything printed on one certificate."""

    number: str  # "HMS-2026-00042"
    klass: str  # "B" | "A" | "A+"
    company_name: str
    organisation_number: str  # 9 digits, printed as "923 609 016"
    valid_from: date
    valid_until: date  # inclusive
    issued_on: date
    issuer_name: str
    verification_url: str  # full URL of the public verification page
    company_address: str = ""  # printed under the organisation number when given


def format_date(value: date) -> str:
    """25.11.2026, the bokmål way, independent of the active locale."""
    return value.strftime("%d.%m.%Y")


@functools.lru_cache(maxsize=8)
def qr_data_uri(url: str) -> str:
    """The verification URL as a QR code (SVG data: URI) with its 4-module quiet zone.

    The size is left to the stylesheet (``omitsize``), so it scales without blurring. The
    last few are kept: issuing renders the same certificate in bokmål and in English.
    """
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_data_uri(
        border=4, dark="#000", light="#fff", omitsize=True, xmldecl=False, nl=False
    )


def _company_name_size(name: str) -> str:
    """A smaller type size for long names, so that they never take more than two lines."""
    length = len(name)
    if length <= 28:
        return "26pt"
    if length <= 45:
        return "21pt"
    if length <= 70:
        return "17pt"
    return "13pt"


def certificate_context(
    document: CertificateDocument, language: str = ORIGINAL_LANGUAGE, *, original: bool = False
) -> dict[str, object]:
    if document.klass not in CLASS_MEANINGS:
        raise ValueError(f"unknown certificate class: {document.klass!r}")
    if language != ORIGINAL_LANGUAGE and language not in COPY_LANGUAGES:
        raise ValueError(f"no certificate in language {language!r}")
    return {
        "doc": document,
        "language": language,
        "is_copy": language != ORIGINAL_LANGUAGE and not original,
        "class_meaning": gettext(CLASS_MEANINGS[document.klass]),
        "class_scope": gettext(CLASS_SCOPES[document.klass]),
        "class_description": gettext(CLASS_DESCRIPTIONS[document.klass]),
        "organisation_number": orgnr.format(document.organisation_number),
        "valid_from": format_date(document.valid_from),
        "valid_until": format_date(document.valid_until),
        "issued_on": format_date(document.issued_on),
        "issued_on_iso": document.issued_on.isoformat(),
        "company_name_size": _company_name_size(document.company_name),
        "qr_data_uri": qr_data_uri(document.verification_url),
    }


def render_certificate_html(
    document: CertificateDocument, language: str = ORIGINAL_LANGUAGE, *, original: bool = False
) -> str:
    """The certificate as HTML (user text escaped by Django's autoescaping), in ``language``.

    A translation is marked as a copy made on download unless it is an ``original``, one
    stored and hashed at issuing.
    """
    with translation.override(language):
        context = certificate_context(document, language, original=original)
        return render_to_string(TEMPLATE_NAME, context)


_stylesheets = threading.local()


def _renderer():
    """The stylesheet, parsed once, and the font configuration to render with.

    Both are what WeasyPrint would otherwise build again for every certificate: the
    stylesheet parsed and checked, and a font configuration (fontconfig's configuration and
    Pango's font map) with the fonts loaded and measured anew, whose native memory Debian's
    Pango never gives back (hms_cert/pdf_fonts.py). The configuration is the process's and
    thread's shared one; the stylesheet is parsed against it, so it is made again whenever
    that configuration is (in a new thread, or after a fork). The stylesheet has no
    @font-face, so the configuration holds the system's fonts only.
    """
    font_config = font_configuration()
    cached = getattr(_stylesheets, "value", None)
    if cached is None or cached[1] is not font_config:
        import weasyprint

        stylesheet = weasyprint.CSS(
            filename=STYLESHEET,
            font_config=font_config,
            url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
        )
        cached = _stylesheets.value = (stylesheet, font_config)
    return cached


def render_certificate_pdf(
    document: CertificateDocument, language: str = ORIGINAL_LANGUAGE, *, original: bool = False
) -> bytes:
    """The certificate as a one-page A4 PDF/A-3b, tagged, unsigned (certificates/signing.py):
    the bokmål original, the English one stored beside it (``original``), or a translated copy."""
    # Imported here, not at the top: WeasyPrint and its Pango bindings take most of a second
    # to load, and every process that loads the URLs (each manage.py command, each gunicorn
    # worker, each test run) would pay for it before any certificate is rendered.
    import weasyprint

    stylesheet, font_config = _renderer()
    html = weasyprint.HTML(
        string=render_certificate_html(document, language, original=original),
        base_url=str(settings.BASE_DIR),
        # Only the QR code's data: URI may be loaded: no file, no network. A fetcher per render,
        # since it keeps state between calls and may not be shared between threads.
        url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
    )
    # PDF/A-3b, so that archives keep it readable, and tagged (a structure tree), so that
    # screen readers read it in order; the verification URL is a link (the template's <a>).
    return html.write_pdf(
        stylesheets=[stylesheet],
        font_config=font_config,
        pdf_variant="pdf/a-3b",
        pdf_tags=True,
    )
