"""The written report of a round, rendered by WeasyPrint like the certificate.

Bar charts are inline SVG in the page: nothing is fetched (the URL fetcher allows only
``data:``). The report is a stored document, so it is in bokmål like the certificate.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from hms_cert.pdf_fonts import font_configuration
from questionnaires.models import Round
from questionnaires.selectors import RoundResults, min_answers


def render_report_html(round_: Round, results: RoundResults) -> str:
    findings = list(round_.survey.findings.prefetch_related("action_items"))
    with translation.override("nb"):
        return render_to_string(
            "questionnaires/report_pdf.html",
            {
                "round": round_,
                "results": results,
                "conversations": list(round_.conversations.all()),
                "findings": findings,
                "min_answers": min_answers(),
            },
        )


def render_report_pdf(round_: Round, results: RoundResults) -> bytes:
    # Imported here, not at the top: WeasyPrint and its Pango bindings take seconds to load,
    # and every process that loads the URLs would pay for it (as in certificates/pdf.py).
    import weasyprint

    html = weasyprint.HTML(
        string=render_report_html(round_, results),
        base_url=str(settings.BASE_DIR),
        url_fetcher=weasyprint.URLFetcher(allowed_protocols={"data"}),
    )
    return html.write_pdf(font_config=font_configuration())
