"""Journey 2 in a real browser: A+ is refused to a case without last year's class A.

The case meets class A today, but the company's certificate of the year before was of
class B, not A, so P1 is unmet: the case page says so in its own words, and when the issuer asks
for A+ anyway the issuing page refuses it and nothing is issued.
"""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate, CertificationCase
from tests.certificates.scenarios import class_a_case
from tests.e2e.helpers import log_in, screenshot
from tests.factories import CaseFactory, CertificateFactory, IssuerFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMPANY = "Solbakken Barnehage AS"


def test_a_plus_without_last_years_a_is_refused(new_page):
    today = timezone.localdate()
    case = class_a_case(today=today, name=COMPANY)
    issuer = IssuerFactory()
    last_year = CaseFactory(
        company=case.company, year=today.year - 1, status=CertificationCase.Status.ISSUED
    )
    CertificateFactory(
        case=last_year,
        klass="B",
        valid_from=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=64),
    )

    page = new_page()
    log_in(page, issuer)
    page.goto(f"/saker/{case.pk}/")
    expect(page.get_by_role("heading", name="Klasse A ✓ oppfylt")).to_be_visible()
    expect(page.get_by_role("heading", name="Klasse A+ ✗ ikke oppfylt")).to_be_visible()
    p1 = page.locator(".criteria li").filter(has_text="P1")
    expect(p1).to_contain_text("Mangler: P1 Sertifisert i klasse A eller høyere foregående år")
    began = today - dt.timedelta(days=300)
    ended = today + dt.timedelta(days=64)
    expect(p1).to_contain_text(
        f"Siste sertifikat (gyldig {began:%d.%m.%Y}–{ended:%d.%m.%Y}) var i klasse B; "
        "A+ forutsetter sertifikat i klasse A eller A+ fra en tidligere periode"
    )

    page.get_by_role("link", name="Utsted sertifikat").click()
    expect(page.get_by_text("Saken oppfyller i dag klasse A.")).to_be_visible()
    page.get_by_label("Klasse").select_option(label="A+ (ikke oppfylt)")
    page.get_by_role("button", name="Utsted sertifikat").click()

    expect(
        page.get_by_text("Klasse A+ kan ikke utstedes: saken oppfyller klasse A.")
    ).to_be_visible()
    screenshot(page, "07-a-pluss-avslag")
    assert not Certificate.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.status == CertificationCase.Status.READY
