"""The signed certificate: a PAdES signature any validator accepts, on a PDF/A-3b tagged file.

The real certificate is rendered (WeasyPrint) and signed with the suite's own key
(tests/settings.py); pyHanko's validator then checks it as Adobe Reader or any
other PAdES validator would, trusting our certificate only.
"""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.core import checks
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from certificates import signing
from certificates.checks import signing_key_configured
from certificates.pdf import render_certificate_pdf
from tests.certificates.test_pdf import URL, make_document, run, tool

ROOT = Path(__file__).resolve().parents[2]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


@pytest.fixture(scope="module")
def signed() -> bytes:
    return signing.sign_pdf(render_certificate_pdf(make_document()), reason="HMS-sertifikat")


def our_certificate(settings) -> asn1_x509.Certificate:
    """Our certificate, read from the configured file independently of certificates.signing."""
    data = Path(settings.CERTIFICATE_SIGNING_KEY).read_bytes()
    _, certificate, _ = pkcs12.load_key_and_certificates(
        data, settings.CERTIFICATE_SIGNING_PASSPHRASE.encode()
    )
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def validate(pdf: bytes, settings):
    """pyHanko's validator, trusting our certificate and nothing else."""
    embedded = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    assert len(embedded) == 1
    context = ValidationContext(trust_roots=[our_certificate(settings)])
    return embedded[0], validate_pdf_signature(embedded[0], signer_validation_context=context)


def one_byte_changed(pdf: bytes) -> bytes:
    """One byte flipped half-way into what the signature covers (its first /ByteRange)."""
    start, length = map(int, re.search(rb"/ByteRange \[(\d+) (\d+)", pdf).groups())
    data = bytearray(pdf)
    data[start + length // 2] ^= 0x01
    return bytes(data)


# --- the signature -------------------------------------------------------------------------


def test_the_signed_certificate_validates_with_pyhanko(signed, settings):
    embedded, status = validate(signed, settings)
    assert status.bottom_line
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # PAdES baseline: the CAdES sub-filter, SHA-256, signed by Bedriftstjenesten AS.
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert status.md_algorithm == "sha256"
    assert status.signing_cert.subject.native["organization_name"] == "Bedriftstjenesten AS"
    assert signing.check_pdf_signature(signed).outcome == signing.INTACT


def test_one_byte_changed_after_signing_is_invalid(signed, settings):
    changed = one_byte_changed(signed)
    _, status = validate(changed, settings)
    assert not status.intact
    assert not status.bottom_line
    check = signing.check_pdf_signature(changed)
    assert check.outcome == signing.MODIFIED
    assert check.signer_name == "Bedriftstjenesten AS"


def test_poppler_reads_the_same_signature(signed, tmp_path):
    """Another validator than pyHanko (poppler's pdfsig, as in Linux PDF readers)."""
    (tmp_path / "signed.pdf").write_bytes(signed)
    (tmp_path / "changed.pdf").write_bytes(one_byte_changed(signed))
    report = run([tool("pdfsig"), tmp_path / "signed.pdf"]).decode()
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Total document signed" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "O=Bedriftstjenesten AS" in report
    changed = subprocess.run(
        [tool("pdfsig"), tmp_path / "changed.pdf"], capture_output=True, check=False
    ).stdout.decode()
    assert "Signature is Valid." not in changed


def test_an_update_appended_after_signing_is_a_change(signed):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)
    assert signing.check_pdf_signature(output.getvalue()).outcome == signing.MODIFIED


def test_a_copy_signed_by_someone_else_is_not_ours(settings, tmp_path):
    """Another key, even one whose certificate carries our name."""
    unsigned = render_certificate_pdf(make_document())
    other = tmp_path / "other.p12"
    signing.create_self_signed_key(other, "x", common_name="Bedriftstjenesten AS")
    ours = settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE = str(other), "x"
    theirs = signing.sign_pdf(unsigned, reason="Forfalsket")
    settings.CERTIFICATE_SIGNING_KEY, settings.CERTIFICATE_SIGNING_PASSPHRASE = ours

    assert signing.check_pdf_signature(theirs).outcome == signing.NOT_OURS
    _, status = validate(theirs, settings)
    assert not status.trusted


def test_unsigned_and_unreadable_files(signed):
    assert signing.check_pdf_signature(render_certificate_pdf(make_document())).outcome == (
        signing.UNSIGNED
    )
    for garbage in (b"", b"%PDF-1.7\n garbage", signed[: len(signed) // 2], b"\x00" * 4096):
        assert signing.check_pdf_signature(garbage).outcome == signing.UNREADABLE


# --- PDF/A-3b, tagged, the link ------------------------------------------------------------


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """pdfaid:part and pdfaid:conformance from the XMP metadata, as attributes or elements."""
    xmp = PdfReader(io.BytesIO(pdf)).xmp_metadata
    assert xmp is not None, "no XMP metadata"
    found = {}
    for description in xmp.rdf_root.getElementsByTagNameNS(RDF, "Description"):
        for name in ("part", "conformance"):
            if description.hasAttributeNS(PDFAID, name):
                found[name] = description.getAttributeNS(PDFAID, name)
            for element in description.getElementsByTagNameNS(PDFAID, name):
                found[name] = element.firstChild.data
    return found.get("part", ""), found.get("conformance", "")


@pytest.mark.parametrize("which", ["rendered", "signed"])
def test_pdf_a_3b_and_tagged(which, signed):
    pdf = render_certificate_pdf(make_document()) if which == "rendered" else signed
    assert pdfa_identification(pdf) == ("3", "B")
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/StructTreeRoot"].get_object()["/K"], "the structure tree is empty"


def test_the_verification_url_is_a_link(signed):
    page = PdfReader(io.BytesIO(signed)).pages[0]
    links = [
        annotation.get_object()
        for annotation in page.get("/Annots", [])
        if annotation.get_object()["/Subtype"] == "/Link"
    ]
    assert [link["/A"]["/URI"] for link in links] == [URL]


# --- the key: configured, cached, refused when missing -------------------------------------


def test_the_key_is_read_from_disk_once(monkeypatch):
    signing.signing_key()  # loaded by an earlier test, or now
    reads = []
    original = Path.read_bytes

    def counting(self):
        reads.append(self)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    for _ in range(3):
        signing.sign_pdf(render_certificate_pdf(make_document()), reason="x")
    assert reads == []


def test_production_refuses_to_run_without_a_key(settings):
    settings.DEBUG = False
    settings.CERTIFICATE_SIGNING_KEY = ""
    [error] = signing_key_configured()
    assert error.level == checks.ERROR
    assert error.id == "certificates.E001"
    assert "CERTIFICATE_SIGNING_KEY must be set when DEBUG is off" in error.msg
    with pytest.raises(signing.SigningKeyError):
        signing.sign_pdf(b"%PDF-1.7", reason="x")


def test_a_wrong_passphrase_or_missing_file_is_an_error(settings, tmp_path):
    settings.DEBUG = False
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "not-the-passphrase"
    [error] = signing_key_configured()
    assert error.level == checks.ERROR and "cannot be opened" in error.msg

    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "missing.p12")
    [error] = signing_key_configured()
    assert "cannot be read" in error.msg

    settings.DEBUG = True  # development: a warning, `make run` creates the key
    [warning] = signing_key_configured()
    assert warning.level == checks.WARNING


def test_the_configured_key_passes_the_check():
    assert signing_key_configured() == []


def test_make_run_creates_a_development_key_once(settings, tmp_path):
    settings.DEBUG = True
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "signing-dev.p12")
    settings.CERTIFICATE_SIGNING_PASSPHRASE = "dev"
    call_command("create_dev_signing_key", stdout=io.StringIO())
    first = Path(settings.CERTIFICATE_SIGNING_KEY).read_bytes()
    assert signing_key_configured() == []
    assert signing.signing_key().subject_name == "Bedriftstjenesten AS"

    call_command("create_dev_signing_key", stdout=io.StringIO())
    assert Path(settings.CERTIFICATE_SIGNING_KEY).read_bytes() == first  # never overwritten
    assert Path(settings.CERTIFICATE_SIGNING_KEY).stat().st_mode & 0o077 == 0


def test_no_development_key_in_production(settings, tmp_path):
    settings.DEBUG = False
    settings.CERTIFICATE_SIGNING_KEY = str(tmp_path / "signing-dev.p12")
    with pytest.raises(CommandError, match="DEBUG only"):
        call_command("create_dev_signing_key", stdout=io.StringIO())
    assert not Path(settings.CERTIFICATE_SIGNING_KEY).exists()


def _load_wsgi(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "import hms_cert.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_wsgi_application_refuses_to_load_without_a_key(tmp_path):
    """gunicorn's master imports hms_cert.wsgi: without a key it stops there, naming why."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "hms_cert.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CERTIFICATE_SIGNING_KEY": str(tmp_path / "missing.p12"),
    }
    refused = _load_wsgi(env)
    assert refused.returncode != 0
    assert "certificates.E001: The signing key" in refused.stderr
    env["CERTIFICATE_SIGNING_KEY"] = os.environ["CERTIFICATE_SIGNING_KEY"]
    env["CERTIFICATE_SIGNING_PASSPHRASE"] = os.environ["CERTIFICATE_SIGNING_PASSPHRASE"]
    loaded = _load_wsgi(env)
    assert loaded.returncode == 0, loaded.stderr
