"""The framed A4 certificate: read back as a reader, a scanner and a printer would see it.

pypdf reads the text; poppler's pdftotext and pdftoppm read the page the way other PDF software
does, and zbarimg scans the QR code from the rasterised page, as a phone would from paper.
"""

import re
import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
import segno
from pypdf import PdfReader

from certificates.pdf import (
    CLASS_MEANINGS,
    STYLESHEET,
    CertificateDocument,
    render_certificate_html,
    render_certificate_pdf,
)

URL = "https://hms.bedriftstjenesten.no/verifiser/3k9QzP7xLm2VbT8wRn4YhA/"
A4_PT = (595.28, 841.89)
MM_PER_INCH = 25.4


def make_document(**changes) -> CertificateDocument:
    fields = {
        "number": "HMS-2026-00042",
        "klass": "A",
        "company_name": "Fjordkraft Rørleggerservice AS",
        "organisation_number": "923609016",
        "valid_from": date(2026, 11, 25),
        "valid_until": date(2027, 11, 24),
        "issued_on": date(2026, 11, 25),
        "issuer_name": "Kari Nordmann",
        "verification_url": URL,
    }
    fields.update(changes)
    return CertificateDocument(**fields)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_certificate_pdf(make_document())


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is needed to read the certificate back: apt-get install poppler-utils "
            "zbar-tools"
        )
    return path


def run(args: list[str], data: bytes | None = None) -> bytes:
    result = subprocess.run(args, input=data, capture_output=True, check=False, timeout=60)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr.decode(errors='replace')}"
    return result.stdout


def pypdf_text(pdf: bytes) -> str:
    return PdfReader(BytesIO(pdf)).pages[0].extract_text()


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --- the page -----------------------------------------------------------------------------


def test_one_a4_page(pdf):
    reader = PdfReader(BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_PT[0], abs=1)
    assert float(box.height) == pytest.approx(A4_PT[1], abs=1)


def test_text_read_back_with_pypdf(pdf):
    text = pypdf_text(pdf)
    for expected in [
        "HMS-SERTIFIKAT",
        "Fjordkraft Rørleggerservice AS",
        "Org.nr. 923 609 016",
        "Klasse «A» er en høy sertifiseringsklasse",
        "Gyldig fra 25.11.2026 til 24.11.2027",
        "HMS-2026-00042",
        "Kari Nordmann",
        URL,
    ]:
        assert expected in text, f"{expected!r} not on the page:\n{text}"
    assert re.search(r"^A$", text, re.MULTILINE), "the class is not printed on its own"


def test_text_read_back_with_pdftotext(pdf):
    text = run([tool("pdftotext"), "-enc", "UTF-8", "-", "-"], pdf).decode()
    for expected in ["Fjordkraft Rørleggerservice AS", "923 609 016", "25.11.2026", URL]:
        assert expected in text, f"{expected!r} not found by pdftotext:\n{text}"


def test_qr_code_scans_to_the_verification_url(pdf, tmp_path):
    (tmp_path / "c.pdf").write_bytes(pdf)
    run([tool("pdftoppm"), "-r", "150", "-png", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"])
    scanned = run([tool("zbarimg"), "--raw", "-q", tmp_path / "c.png"]).decode()
    assert scanned.strip("\n") == URL


@pytest.mark.parametrize("klass", ["B", "A", "A+"])
def test_every_class_prints_its_meaning(klass):
    pdf = render_certificate_pdf(make_document(klass=klass))
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    text = pypdf_text(pdf)
    assert CLASS_MEANINGS[klass] in text
    assert re.search(rf"^{re.escape(klass)}$", text, re.MULTILINE)


def test_class_meanings_come_from_the_seed():
    assert CLASS_MEANINGS == {
        "A+": "Klasse «A+» er den høyeste sertifiseringsklasse",
        "A": "Klasse «A» er en høy sertifiseringsklasse",
        "B": "Klasse «B» dokumenterer fokus på arbeidsmiljø",
    }


def test_unknown_class_is_refused():
    with pytest.raises(ValueError, match="class"):
        render_certificate_html(make_document(klass="C"))


# --- escaping and safety --------------------------------------------------------------------


def test_company_name_is_escaped_and_printed_literally():
    name = "Smith & Sønner <AS>"
    document = make_document(company_name=name, issuer_name="Ola <b>Nordmann</b>")
    html = render_certificate_html(document)
    assert "Smith &amp; Sønner &lt;AS&gt;" in html
    assert "<AS>" not in html
    assert "<b>" not in html
    pdf = render_certificate_pdf(document)
    text = pypdf_text(pdf)
    assert name in text
    assert "Ola <b>Nordmann</b>" in text


def test_template_fetches_nothing():
    """Every resource is inline: the machines that render may have no network."""
    html = render_certificate_html(make_document())
    # A link (<a href>) is followed by a reader who clicks it, never fetched by the renderer:
    # the one link is the verification URL.
    links = re.findall(r"""<a\s[^>]*\bhref\s*=\s*["']?([^"' >]+)""", html)
    assert links == [URL]
    without_links = re.sub(r"<a\s[^>]*>", "<a>", html)
    sources = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"' >]+)""", without_links)
    assert sources, "the QR code should be an <img src=data:…>"
    assert all(source.startswith("data:") for source in sources), sources
    for text in (html, STYLESHEET.read_text(encoding="utf-8")):
        assert "url(" not in text
        assert "@import" not in text


def test_long_company_name_stays_on_one_page():
    name = (
        "Nordre Follo Bygg- og Anleggsentreprenør, Rørlegger & Elektroinstallasjon "
        "Aksjeselskap avdeling Ski og Oppegård"
    )
    pdf = render_certificate_pdf(make_document(company_name=name))
    assert len(PdfReader(BytesIO(pdf)).pages) == 1
    text = squeeze(pypdf_text(pdf))
    assert name in text
    assert URL in text


# --- the frame, the QR code's size: what a printer puts on paper ---------------------------


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and 8-bit grey pixels of a binary PGM (P5), as pdftoppm -gray writes."""
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert match, "pdftoppm did not write a binary PGM"
    width, height, maxval = (int(group) for group in match.groups())
    assert maxval == 255
    pixels = data[match.end() : match.end() + width * height]
    assert len(pixels) == width * height
    return width, height, pixels


class Page:
    """The page rasterised in grey, addressed in millimetres from its top-left corner."""

    def __init__(self, pdf: bytes, dpi: int):
        pgm = run([tool("pdftoppm"), "-r", str(dpi), "-gray", "-singlefile", "-"], pdf)
        self.width, self.height, self.pixels = read_pgm(pgm)
        self.px_per_mm = dpi / MM_PER_INCH
        self.width_mm = self.width / self.px_per_mm
        self.height_mm = self.height / self.px_per_mm

    def grey(self, x_mm: float, y_mm: float) -> int:
        x = min(int(x_mm * self.px_per_mm), self.width - 1)
        y = min(int(y_mm * self.px_per_mm), self.height - 1)
        return self.pixels[y * self.width + x]

    def inward(self, edge: str, along_mm: float, depth_mm: float) -> int:
        """The grey depth_mm in from the edge, along_mm along it."""
        if edge == "left":
            return self.grey(depth_mm, along_mm)
        if edge == "right":
            return self.grey(self.width_mm - depth_mm, along_mm)
        if edge == "top":
            return self.grey(along_mm, depth_mm)
        return self.grey(along_mm, self.height_mm - depth_mm)

    def darkest(self, edge: str, along_mm: float, from_mm: float, to_mm: float) -> int:
        step = 1 / self.px_per_mm
        depths = [from_mm + i * step for i in range(int((to_mm - from_mm) / step) + 1)]
        return min(self.inward(edge, along_mm, depth) for depth in depths)


def test_double_frame_runs_round_the_page_a_few_mm_in(pdf):
    """Along every edge: white margin, a heavy rule about 8 mm in, a gap, a fine rule inside."""
    page = Page(pdf, dpi=100)
    for edge, length in [
        ("left", page.height_mm),
        ("right", page.height_mm),
        ("top", page.width_mm),
        ("bottom", page.width_mm),
    ]:
        # Not the last 20 mm at each end, where the corner ornaments sit.
        for along in range(20, int(length) - 20):
            where = f"{edge} edge, {along} mm along"
            assert page.darkest(edge, along, 0, 6) >= 245, f"margin not white at {where}"
            assert page.darkest(edge, along, 7.5, 9.5) < 100, f"no outer rule at {where}"
            assert page.darkest(edge, along, 9.4, 9.9) > 200, f"rules run together at {where}"
            assert page.darkest(edge, along, 10.1, 11.2) < 180, f"no inner rule at {where}"
            assert page.darkest(edge, along, 11.6, 14) >= 245, f"clutter by the frame at {where}"


def test_qr_code_is_at_least_35_mm_with_a_quiet_zone(pdf):
    """The symbol itself (the only pure black on the page) and four white modules around it."""
    page = Page(pdf, dpi=100)
    black = [(i % page.width, i // page.width) for i, value in enumerate(page.pixels) if value <= 8]
    assert black, "no QR code on the page"
    xs = [x for x, _ in black]
    ys = [y for _, y in black]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    width_mm = (right - left + 1) / page.px_per_mm
    height_mm = (bottom - top + 1) / page.px_per_mm
    assert width_mm >= 35, f"QR symbol only {width_mm:.1f} mm wide"
    assert height_mm == pytest.approx(width_mm, abs=0.5)

    modules = segno.make(URL, error="m", micro=False).symbol_size(border=0)[0]
    module_px = (right - left + 1) / modules
    quiet = int(4 * module_px) - 1
    ring = [
        page.pixels[y * page.width + x]
        for y in range(top - quiet, bottom + quiet + 1)
        for x in range(left - quiet, right + quiet + 1)
        if not (left - 1 <= x <= right + 1 and top - 1 <= y <= bottom + 1)
    ]
    assert min(ring) >= 230, "something is printed in the QR code's quiet zone"


def test_certificates_share_the_threads_font_configuration_and_parsed_stylesheet():
    """A font configuration per render leaks native memory (hms_cert/pdf_fonts.py) and
    loads the fonts again; the certificate renders with the thread's shared one."""
    from certificates.pdf import _renderer
    from hms_cert.pdf_fonts import font_configuration

    stylesheet, font_config = _renderer()
    assert font_config is font_configuration()
    render_certificate_pdf(make_document())
    assert _renderer() == (stylesheet, font_config)
