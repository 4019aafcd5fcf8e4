"""On the survey form with a choice of kind, the psychosocial-only fields follow the choice."""

import pytest
from playwright.sync_api import expect

from surveys.models import Survey
from tests.e2e.helpers import log_in
from tests.factories import AdvisorFactory, CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_fields_show_only_for_a_psychosocial_survey(new_page):
    advisor = AdvisorFactory()
    company = CompanyFactory(advisor=advisor)
    page = new_page()
    log_in(page, advisor)
    page.goto(f"/virksomheter/{company.pk}/kartlegginger/ny/")
    formal = page.get_by_label("Gjennomført med formaliserte arbeidsmiljø-/medarbeidersamtaler")
    written = page.get_by_label("Skriftlig rapport foreligger")

    page.get_by_label("Type").select_option(label="Psykososial kartlegging")
    expect(formal).to_be_visible()
    formal.check()
    page.get_by_label("Type").select_option(label="Fysisk kartlegging")
    expect(formal).to_be_hidden()
    expect(written).to_be_visible()

    page.get_by_role("textbox", name="Gjennomført").fill("2026-11-02")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kartleggingen er registrert.")).to_be_visible()
    survey = Survey.objects.get()
    assert survey.kind == Survey.Kind.PHYSICAL
    assert not survey.formal_conversations  # cleared when hidden, so not refused either
