"""Three quick clicks on "Lagre" in a real browser make one action item, not three."""

import pytest
from playwright.sync_api import expect

from surveys.models import ActionItem
from tests.e2e.helpers import log_in
from tests.factories import AdvisorFactory, CompanyFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_three_quick_clicks_on_save_make_one_action_item(new_page):
    advisor = AdvisorFactory()
    company = CompanyFactory(advisor=advisor)
    page = new_page()
    log_in(page, advisor)
    page.goto(f"/virksomheter/{company.pk}/tiltak/nytt/")

    page.get_by_label("Område").select_option(label="Fysisk")
    page.get_by_label("Tiltak").fill("Montere rekkverk på mesaninen")
    page.get_by_label("Ansvarlig").fill("Kari Nordmann")
    page.get_by_label("Frist").fill("2027-03-01")
    save = page.get_by_role("button", name="Lagre")
    save.click(click_count=3)

    expect(page.get_by_text("Tiltaket er registrert.")).to_be_visible()
    assert ActionItem.objects.filter(company=company).count() == 1
