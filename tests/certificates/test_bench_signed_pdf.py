"""The signed-PDF benchmark runs and prints its figures (``make bench``); kept short here."""

import re

from bench import __main__ as bench_main
from bench import signed_pdf


def test_the_section_prints_seconds_per_signed_certificate(monkeypatch, capsys, settings):
    monkeypatch.setattr(signed_pdf, "CERTIFICATES", 2)
    configured = settings.CERTIFICATE_SIGNING_KEY
    assert "bench.signed_pdf" in bench_main.SECTIONS
    rows = signed_pdf.run()
    [line] = capsys.readouterr().out.splitlines()
    assert re.match(
        r"^signed_pdf: \d\.\d{3} s per signed certificate \(median of 2: "
        r"render \d\.\d{3} s, sign \d\.\d{3} s; \d\.\d{3} s of CPU\)$",
        line,
    )
    assert [row.what for row in rows] == [
        "Signed PDF per certificate",
        "  of which rendering",
        "  of which signing",
        "  CPU time per signed certificate",
    ]
    assert rows[0].goal == "<= 0.25 s"
    assert configured == settings.CERTIFICATE_SIGNING_KEY  # its own key, only while it ran
