"""A document upload shows its progress (script) and still works as a plain POST (no script)."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from documents.models import Document
from tests.documents import files
from tests.e2e.helpers import log_in
from tests.factories import ClientUserFactory, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "arbeidsavtaler.pdf"


@pytest.fixture
def member():
    company = CompanyFactory(name="Fjordlys Verksted AS")
    user = ClientUserFactory()
    MembershipFactory(user=user, company=company)
    return user, company


def _context(browser, site, *, javascript: bool):
    context = browser.new_context(
        base_url=site,
        locale="nb-NO",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context


def _fill(page, company, content: bytes):
    page.goto(f"/virksomheter/{company.pk}/dokumenter/last-opp/")
    page.get_by_label("Fil").set_input_files(
        {"name": NAME, "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_label("Kategori").select_option(label="Arbeidsavtaler")
    page.get_by_label("Gjelder fra").fill(dt.date(2026, 11, 1).isoformat())


def test_the_upload_reports_progress_and_lands_on_the_documents(browser, site, member):
    user, company = member
    context = _context(browser, site, javascript=True)
    page = context.new_page()
    log_in(page, user)
    content = files.PDF + b"%" + b"0" * 3_000_000 + b"\n"  # big enough for progress events
    _fill(page, company, content)
    page.evaluate(
        """() => new MutationObserver(() => {
          const bar = document.querySelector("progress");
          if (bar) { sessionStorage.setItem("progress", String(bar.value)); }
        }).observe(document.body, {subtree: true, attributes: true, childList: true})"""
    )
    with page.expect_request(lambda r: r.method == "POST") as sent:
        page.get_by_role("button", name="Last opp").click()
    assert sent.value.resource_type == "xhr"
    expect(page.get_by_text(f"«{NAME}» er lastet opp")).to_be_visible()
    assert page.url.endswith(f"/virksomheter/{company.pk}/dokumenter/")
    assert Document.objects.filter(company=company).count() == 1
    assert page.evaluate("sessionStorage.getItem('progress')") == "100"
    context.close()


def test_errors_come_back_on_the_form_and_a_second_try_works(browser, site, member):
    user, company = member
    context = _context(browser, site, javascript=True)
    page = context.new_page()
    log_in(page, user)
    _fill(page, company, b"not a pdf at all")
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_role("heading", name="Last opp dokument")).to_be_visible()
    expect(page.locator(".invalid-feedback, .alert-danger, .alert-block").first).to_be_visible()
    assert not Document.objects.exists()
    _fill(page, company, files.PDF)
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_text(f"«{NAME}» er lastet opp")).to_be_visible()
    assert Document.objects.count() == 1
    context.close()


def test_without_script_it_is_an_ordinary_post(browser, site, member):
    user, company = member
    context = _context(browser, site, javascript=False)
    page = context.new_page()
    log_in(page, user)
    _fill(page, company, files.PDF)
    with page.expect_request(lambda r: r.method == "POST") as sent:
        page.get_by_role("button", name="Last opp").click()
    assert sent.value.resource_type == "document"
    expect(page.get_by_text(f"«{NAME}» er lastet opp")).to_be_visible()
    assert Document.objects.count() == 1
    context.close()
