"""Benchmark section: a signed certificate PDF, rendered and signed, in seconds per certificate.

Issuing renders the PDF/A-3b certificate (WeasyPrint) and signs it (pyHanko, PAdES) once per
certificate, inside the request (issue 18: goal 0.25 s). This section does the same for
``CERTIFICATES`` different certificates and prints the time per certificate, with the split
between rendering and signing. It signs with a throwaway self-signed key of its own, made in
a temporary folder, so it needs no configured key.

Run alone: ``BENCH_SECTIONS=bench.signed_pdf make bench``.
"""

import logging
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.pdf import _django

CERTIFICATES = 20
GOAL_SECONDS = 0.25


def _document(n: int):
    from certificates.pdf import CertificateDocument

    return CertificateDocument(
        number=f"HMS-2026-{n:05d}",
        klass=("B", "A", "A+")[n % 3],
        company_name=f"Smith & Sønner Rørleggerbedrift {n} AS",
        organisation_number="923609016",
        company_address="Storgata 1, 0155 Oslo",
        valid_from=date(2026, 11, 25),
        valid_until=date(2027, 11, 24),
        issued_on=date(2026, 11, 25),
        issuer_name="Kari Nordmann",
        verification_url=f"https://hms.bedriftstjenesten.no/verifiser/3k9QzP7xLm2VbT8wRn{n:04d}/",
    )


def _measure() -> tuple[list[float], list[float], float]:
    """Wall-clock seconds of each render and each signature, and CPU seconds per certificate.

    The CPU time is this process's own: on a machine shared with other work it says what a
    certificate costs when the wall clock also counts the waiting.
    """
    from certificates.pdf import render_certificate_pdf
    from certificates.signing import sign_pdf, signing_key

    signing_key().signer  # noqa: B018 - loaded once, as a server process does at start
    sign_pdf(render_certificate_pdf(_document(0)), reason="warm-up")  # fonts, imports
    renders, signatures = [], []
    cpu_start = time.process_time()
    for n in range(1, CERTIFICATES + 1):
        start = time.perf_counter()
        pdf = render_certificate_pdf(_document(n))
        rendered = time.perf_counter()
        sign_pdf(pdf, reason=f"HMS-sertifikat HMS-2026-{n:05d}")
        renders.append(rendered - start)
        signatures.append(time.perf_counter() - rendered)
    return renders, signatures, (time.process_time() - cpu_start) / CERTIFICATES


def run() -> list:
    from django.test import override_settings

    from bench.report import Row
    from certificates.signing import create_self_signed_key

    _django()
    for name in ("weasyprint", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="hms-bench-signing-") as folder:
        key = Path(folder) / "bench.p12"
        passphrase = "bench"  # noqa: S105 - a throwaway key, deleted with its folder
        create_self_signed_key(key, passphrase, common_name="Bedriftstjenesten AS (bench)")
        with override_settings(
            CERTIFICATE_SIGNING_KEY=str(key), CERTIFICATE_SIGNING_PASSPHRASE=passphrase
        ):
            renders, signatures, cpu = _measure()
    total = [r + s for r, s in zip(renders, signatures, strict=True)]
    per_certificate = statistics.median(total)
    print(
        f"signed_pdf: {per_certificate:.3f} s per signed certificate "
        f"(median of {CERTIFICATES}: render {statistics.median(renders):.3f} s, "
        f"sign {statistics.median(signatures):.3f} s; {cpu:.3f} s of CPU)"
    )
    return [
        Row(
            "Signed PDF per certificate",
            f"{per_certificate:.3f} s",
            f"<= {GOAL_SECONDS} s",
            per_certificate <= GOAL_SECONDS,
        ),
        Row("  of which rendering", f"{statistics.median(renders):.3f} s"),
        Row("  of which signing", f"{statistics.median(signatures):.3f} s"),
        Row("  CPU time per signed certificate", f"{cpu:.3f} s"),
    ]


if __name__ == "__main__":
    run()
