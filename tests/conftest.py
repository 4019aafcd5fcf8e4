import hashlib
import io

import pytest
from django.core.cache import caches
from django.utils import translation
from pypdf import PdfWriter


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and rendered PDFs go to a throwaway folder in every test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_pages_from_another_test():
    """The page cache is keyed by content, not by the settings a test changes."""
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _bokmal_in_the_test_thread():
    """Every test starts in bokmål, as the users do.

    A request in English through the test client leaves English active in this thread
    (LocaleMiddleware activates it and nothing puts it back), so a later test calling a
    service in the same worker got English messages: it showed only in some test orders.
    """
    translation.activate("nb")
    yield
    translation.activate("nb")


def fake_certificate_pdf(document, language="nb", *, original=False) -> bytes:
    """A stand-in for WeasyPrint's render: a blank one-page PDF, different for each certificate.

    Rendering a real certificate costs a tenth of a second and more; the tests of issuing,
    the register, reminders and pages need a stored file with a digest, not its looks. It is
    a real PDF all the same (pypdf writes it in a millisecond), so that issuing signs it as
    it signs the real one: every stored certificate is signed, in the tests too.
    """
    digest = hashlib.sha256(repr(document).encode()).hexdigest()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    suffix = f" ({language})" if language != "nb" else ""
    suffix += " original" if original and language != "nb" else ""
    writer.add_metadata({"/Title": f"test stand-in for {document.number}{suffix} {digest}"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


@pytest.fixture(autouse=True)
def _fake_certificate_pdf(request, monkeypatch):
    """Issuing stores the stand-in PDF, unless the test is marked ``real_pdf``.

    Tests that read the certificate back (text, QR code, one A4 page) carry the mark;
    tests/certificates/test_pdf.py renders through certificates.pdf directly anyway.
    """
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr("certificates.services.render_certificate_pdf", fake_certificate_pdf)


# The modules that take longest start first: with the suite on two workers (pyproject's
# addopts, which keep this order), neither worker should be left running one of them alone
# at the end. Longest first, by their durations in a whole run.
SLOW_FIRST = (
    "tests/e2e/",
    "tests/test_readme.py",
    "tests/production/test_serve.py",
    "tests/production/test_sqlite_concurrency.py",
    "tests/certificates/test_rules_properties.py",
    "tests/production/test_observatory.py",
    "tests/certificates/test_hms_decide.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        starts = [n for n, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)]
        return starts[0] if starts else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within each module stays as written
