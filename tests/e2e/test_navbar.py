"""The main menu is folded behind its button, or on one line on the screen, at every width.

An issuer with the admin has the longest menu (eight links, the name and "Logg ut").
Between 768 and about 1,400 px it used to unfold anyway: its links broke onto two lines
and "Logg ut" ran off the right edge of the window, out of reach.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import log_in
from tests.factories import IssuerFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 700, 800, 1000, 1100, 1280, 1440)


def _menu_fits(page) -> bool:
    """Whether every entry of the unfolded menu is on the screen and on one line: no wider
    than the window reaches, no taller than the one-line brand beside it."""
    return page.locator("#mainnav").evaluate(
        """menu => {
            const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
            return [...menu.querySelectorAll('.nav-item')].every(item => {
                const box = item.getBoundingClientRect();
                return box.right <= window.innerWidth && box.height <= 1.3 * brand.height;
            });
        }"""
    )


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_menu_is_folded_or_on_one_line(new_page, language):
    page = new_page()
    log_in(page, IssuerFactory(first_name="Kari", last_name="Nordmann-Johannessen", is_staff=True))
    if language == "en":
        page.locator("#language-select").select_option("en")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    folded_at = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        toggler = page.locator(".navbar-toggler")
        if toggler.is_visible():
            folded_at.append(width)
            continue
        assert _menu_fits(page), f"the menu does not fit at {width} px"
    assert 390 in folded_at  # a phone gets the button
    assert 1440 not in folded_at  # a wide screen shows the menu, and who is logged in
    expect(page.locator(".hms-navbar-name")).to_have_text("Kari Nordmann-Johannessen")
    expect(page.locator(".hms-navbar-name")).to_be_visible()
