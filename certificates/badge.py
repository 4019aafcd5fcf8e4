"""The certificate badge: a small self-contained SVG a company puts on its web site or in tenders.

Served live (by a view elsewhere), so it always shows the certificate's state today: green with
the class and end date while valid, grey once expired or superseded, red when revoked. A pure
function of its arguments; every piece of text is escaped, the company name above all.

Sizes are chosen so that the widest text fits with DejaVu Sans (the widest of the fonts named)
at 240×64: "HMS-sertifikat" 12px bold ≈ 98px in a 112px panel, "TILBAKEKALT" 14px bold ≈ 106px
and "gyldig til 24.11.2027" 10px ≈ 104px in a 128px panel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

WIDTH = 240
HEIGHT = 64
LEFT_WIDTH = 112
FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"

LEFT_COLOUR = "#24313c"
GREEN = "#2e7d32"
GREY = "#6b7280"
RED = "#c62828"

STATUSES = ("valid", "expired", "revoked", "superseded", "unknown")


@dataclass(frozen=True)
class _Style:
    colour: str
    word: str | None  # the headline for every status but "valid", which shows its class
    detail: str | None  # the second line where it does not depend on the certificate


_STYLES: dict[str, _Style] = {
    "valid": _Style(GREEN, None, None),
    "expired": _Style(GREY, "UTLØPT", None),
    "revoked": _Style(RED, "TILBAKEKALT", "ikke gyldig"),
    "superseded": _Style(GREY, "ERSTATTET", "av nyere sertifikat"),
    "unknown": _Style(GREY, "UKJENT", "ikke i registeret"),
}


def _lines(status: str, klass: str | None, valid_until: date | None) -> tuple[str, str]:
    """The right panel's headline and detail line."""
    until = f"gyldig til {valid_until:%d.%m.%Y}" if valid_until else ""
    if status == "valid":
        if not klass or not valid_until:
            raise ValueError("a valid certificate's badge needs its class and end date")
        return f"Klasse {klass}", until
    style = _STYLES[status]
    if status == "expired":
        return style.word or "", until
    return style.word or "", style.detail or ""


def render_badge_svg(
    *, status: str, klass: str | None, valid_until: date | None, company_name: str
) -> str:
    """The badge as an SVG document (a str; serve it as image/svg+xml)."""
    if status not in _STYLES:
        raise ValueError(f"unknown badge status: {status!r} (one of {', '.join(STATUSES)})")
    headline, detail = _lines(status, klass, valid_until)
    colour = _STYLES[status].colour
    summary = f"{headline} · {detail}" if detail else headline
    title = f"{company_name}: HMS-sertifikat – {summary}" if company_name else summary
    right_x = LEFT_WIDTH + (WIDTH - LEFT_WIDTH) / 2
    left_x = LEFT_WIDTH / 2
    headline_y = 31 if detail else 38
    detail_svg = (
        f'<text x="{right_x:g}" y="47" font-size="10" fill="#fff">{escape(detail)}</text>'
        if detail
        else ""
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>"
        '<linearGradient id="hms-badge-sheen" x2="0" y2="100%">'
        '<stop offset="0" stop-color="#fff" stop-opacity=".12"/>'
        '<stop offset="1" stop-opacity=".12"/>'
        "</linearGradient>"
        '<clipPath id="hms-badge-round">'
        f'<rect width="{WIDTH}" height="{HEIGHT}" rx="6"/>'
        "</clipPath>"
        '<g clip-path="url(#hms-badge-round)">'
        f'<rect width="{LEFT_WIDTH}" height="{HEIGHT}" fill="{LEFT_COLOUR}"/>'
        f'<rect x="{LEFT_WIDTH}" width="{WIDTH - LEFT_WIDTH}" height="{HEIGHT}" fill="{colour}"/>'
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="url(#hms-badge-sheen)"/>'
        "</g>"
        f'<g font-family="{FONT_FAMILY}" text-anchor="middle">'
        f'<text x="{left_x:g}" y="31" font-size="12" font-weight="bold" fill="#fff">'
        "HMS-sertifikat</text>"
        f'<text x="{left_x:g}" y="47" font-size="9" fill="#c9d3dc">Bedriftstjenesten AS</text>'
        f'<text x="{right_x:g}" y="{headline_y}" font-size="14" font-weight="bold" fill="#fff">'
        f"{escape(headline)}</text>"
        f"{detail_svg}"
        "</g>"
        "</svg>"
    )
