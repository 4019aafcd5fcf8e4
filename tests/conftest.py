import hashlib
import io

import pytest
from django.core.cache import caches
from django.db.models.signals import post_migrate
from django.utils import translation
from pypdf import PdfWriter

from tests.db_template import in_memory_from_template


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite's in-memory test database is a copy of a template migrated once (db_template)."""
    with in_memory_from_template():
        yield


def _shipped_templates_back(sender, **kwargs):
    """The shipped checklists and questionnaire, put back where a flush took them.

    Their data migrations install them, and the application only reads them. But a
    transactional test (``django_db(transaction=True)``: the browser tests and a few more)
    ends by flushing every table, and every test its worker runs later would find them
    gone. After a flush Django sends ``post_migrate``, which puts back the content types and
    permissions; this receiver puts back the shipped templates the same way, when missing.
    """
    if sender.label == "fieldwork":
        from fieldwork.checklist_data import PHYSICAL, SAFETY_ROUND, install
        from fieldwork.models import ChecklistItem, ChecklistSection, ChecklistTemplate

        for data in (PHYSICAL, SAFETY_ROUND):
            if not ChecklistTemplate.objects.filter(key=data["key"]).exists():
                install(data, ChecklistTemplate, ChecklistSection, ChecklistItem)
    elif sender.label == "questionnaires":
        from questionnaires.loading import load_template
        from questionnaires.models import Question, QuestionnaireTemplate, Theme

        load_template(QuestionnaireTemplate, Theme, Question)


post_migrate.connect(_shipped_templates_back, dispatch_uid="tests.shipped_templates_back")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads and rendered PDFs go to a throwaway folder in every test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_pages_from_another_test():
    """The page caches are keyed by content, not by the settings a test changes."""
    caches["pages"].clear()
    caches["case_pages"].clear()


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


def blank_pdf(title: str) -> bytes:
    """A real one-page A4 PDF with nothing on it but ``title`` in its metadata."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def fake_certificate_pdf(document, language="nb", *, original=False) -> bytes:
    """A stand-in for WeasyPrint's render: a blank one-page PDF, different for each certificate.

    Rendering a real certificate costs a tenth of a second and more; the tests of issuing,
    the register, reminders and pages need a stored file with a digest, not its looks. It is
    a real PDF all the same (pypdf writes it in a millisecond), so that issuing signs it as
    it signs the real one: every stored certificate is signed, in the tests too.
    """
    digest = hashlib.sha256(repr(document).encode()).hexdigest()
    suffix = f" ({language})" if language != "nb" else ""
    suffix += " original" if original and language != "nb" else ""
    return blank_pdf(f"test stand-in for {document.number}{suffix} {digest}")


def fake_fieldwork_report_pdf(walk, photos_of=None) -> bytes:
    """The report's page as HTML (template, photos' thumbnails), then a blank PDF for it.

    WeasyPrint's layout of a report costs half a second and more of CPU, and most tests
    that finish an inspection want the records, not the report's looks. The HTML is still
    rendered, so a broken template or photo fails them; the PDF differs with the HTML.
    """
    from fieldwork import report

    html = report.render_report_html(walk, photos_of or report.stored_photos)
    return blank_pdf(f"test stand-in report {hashlib.sha256(html.encode()).hexdigest()}")


def fake_questionnaire_report_pdf(round_, results) -> bytes:
    """As ``fake_fieldwork_report_pdf``, for a questionnaire round's report."""
    from questionnaires import report

    html = report.render_report_html(round_, results)
    return blank_pdf(f"test stand-in report {hashlib.sha256(html.encode()).hexdigest()}")


@pytest.fixture(autouse=True)
def _fake_certificate_pdf(request, monkeypatch):
    """Issuing and reports store stand-in PDFs, unless the test is marked ``real_pdf``.

    Tests that read a certificate or report back (text, QR code, images, one A4 page)
    carry the mark; tests/certificates/test_pdf.py renders through certificates.pdf
    directly anyway.
    """
    if request.node.get_closest_marker("real_pdf") is None:
        monkeypatch.setattr("certificates.services.render_certificate_pdf", fake_certificate_pdf)
        monkeypatch.setattr("fieldwork.services.render_report_pdf", fake_fieldwork_report_pdf)
        monkeypatch.setattr(
            "questionnaires.report.render_report_pdf", fake_questionnaire_report_pdf
        )


# The modules that take longest start first: with the suite on two workers (pyproject's
# addopts, which keep this order), neither worker should be left running one of them alone
# at the end. Longest first, by their durations in a whole run.
SLOW_FIRST = (
    "tests/e2e/",
    "tests/test_readme.py",
    "tests/production/test_serve.py",
    "tests/production/test_sqlite_concurrency.py",
    "tests/hms_rules/test_properties.py",
    "tests/production/test_observatory.py",
    "tests/hms_rules/test_hms_decide.py",
)


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        starts = [n for n, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)]
        return starts[0] if starts else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: the order within each module stays as written
