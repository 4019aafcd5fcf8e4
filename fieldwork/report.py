"""The written report of an inspection, rendered by WeasyPrint in the certificate's look.

Always in bokmål, whatever language the user has switched on: it is a stored document.
Photos are embedded as small JPEG thumbnails (data: URIs; the fetcher loads nothing else),
so that a report of 40 items and 20 photos stays a few hundred kilobytes.
"""

import base64

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from stdnum.no import orgnr

from fieldwork.photos import thumbnail_bytes
from hms_cert.pdf_fonts import font_configuration
from surveys.selectors import risk_matrix

TEMPLATE_NAME = "fieldwork/report_pdf.html"


class _Scored:
    def __init__(self, probability, consequence):
        self.probability = probability
        self.consequence = consequence


def stored_photos(answer) -> list[bytes]:
    """The bytes of an answer's stored photos (the benchmark passes its own)."""
    photos = []
    for photo in answer.photos.all():
        with photo.file.open("rb") as handle:
            photos.append(handle.read())
    return photos


def _thumbnail_uri(data: bytes) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(thumbnail_bytes(data)).decode("ascii")


def report_context(walk, photos_of=stored_photos) -> dict:
    inspection = walk.inspection
    deviations = [
        {"answer": answer, "thumbnails": [_thumbnail_uri(data) for data in photos_of(answer)]}
        for answer in walk.deviations
    ]
    scored = [_Scored(a.probability, a.consequence) for a in walk.deviations if a.is_scored]
    return {
        "walk": walk,
        "inspection": inspection,
        "company": inspection.company,
        "organisation_number": orgnr.format(inspection.company.organisation_number),
        "performed_on": inspection.performed_on.strftime("%d.%m.%Y"),
        "deviations": deviations,
        "matrix": risk_matrix(scored) if scored else None,
    }


def render_report_html(walk, photos_of=stored_photos) -> str:
    with translation.override("nb"):
        return render_to_string(TEMPLATE_NAME, report_context(walk, photos_of))


def render_report_pdf(walk, photos_of=stored_photos) -> bytes:
    """The report as A4 pages; ``photos_of(answer)`` gives an answer's photos as bytes."""
    # Imported here, not at the top: WeasyPrint and its Pango bindings take seconds to load,
    # and every process that loads the URLs would pay for it (as in certificates/pdf.py).
    import weasyprint

    html = weasyprint.HTML(
        string=render_report_html(walk, photos_of),
        base_url=str(settings.BASE_DIR),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
    )
    return html.write_pdf(font_config=font_configuration())
