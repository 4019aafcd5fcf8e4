"""Benchmark section: how long one framed certificate PDF takes to render.

Issuing renders the PDF once per certificate, inside the request; this keeps an eye on it
(target 0.1–0.3 s). Run with the other sections by ``make bench`` (``python -m bench``).
"""

import logging
import os
import statistics
import time
from datetime import date

RENDERS = 20


def _django() -> None:
    """Set Django up when this section runs on its own (the bench may already have done it)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hms_cert.settings")
    os.environ.setdefault("DEBUG", "true")  # a local measurement, not a deployment
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


GOAL_SECONDS = 1.0  # issue 5: under 1 s per certificate


def run() -> list:
    from bench.report import Row

    _django()
    from certificates.pdf import CertificateDocument, render_certificate_pdf

    # WeasyPrint logs every layout step at INFO: keep the measurement and the output clean.
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)

    document = CertificateDocument(
        number="HMS-2026-00042",
        klass="A+",
        company_name="Smith & Sønner Rørleggerbedrift AS",
        organisation_number="923609016",
        valid_from=date(2026, 11, 25),
        valid_until=date(2027, 11, 24),
        issued_on=date(2026, 11, 25),
        issuer_name="Kari Nordmann",
        verification_url="https://hms.bedriftstjenesten.no/verifiser/3k9QzP7xLm2VbT8wRn4YhA/",
    )
    render_certificate_pdf(document)  # warm up: fonts found and loaded once per process
    timings = []
    for _ in range(RENDERS):
        start = time.perf_counter()
        render_certificate_pdf(document)
        timings.append(time.perf_counter() - start)
    median = statistics.median(timings)
    print(f"pdf: {median:.3f} s per certificate (median of {RENDERS} renders)")
    return [Row("PDF per certificate", f"{median:.3f} s", "< 1 s", median < GOAL_SECONDS)]


if __name__ == "__main__":
    run()
