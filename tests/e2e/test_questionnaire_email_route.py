"""The questionnaire's links by real e-mail, and what a respondent's device keeps afterwards.

A person at the company starts a round for its 5 employees and enters their addresses; a
real SMTP server on loopback (aiosmtpd) receives one e-mail per address, each with its
own link, and the company's browser never shows a code. Each employee answers from the
link in their own browser; then no table of the database holds a code or an address, the
company sees only that at least 5 answered, and once it closes the round, the results.
An address the mail server refuses comes back to be corrected, and costs no link.

On a shared device, Back after answering shows nobody's answers, and the next person's
link opens an empty form.
"""

import datetime as dt
import email
import io
import re
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from questionnaires import codes as answer_codes
from questionnaires import services
from tests.e2e.helpers import (
    ANSWER_CODE,
    REFUSED,
    log_in,
    questionnaire_values,
    respond,
    screenshot,
)
from tests.factories import AdvisorFactory, ClientUserFactory, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESSES = [f"ansatt{n}@fjordlys-verksted.example" for n in range(1, 6)]
LINK = re.compile(r"https?://\S+")


class Inbox:
    """What the SMTP server received: one envelope per message accepted.

    Addresses in ``unknown`` are refused, as a mail server refuses a mistyped address.
    """

    def __init__(self):
        self.envelopes = []
        self.unknown = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    """A real SMTP server on loopback, and Django sending to it through its SMTP backend."""
    received = Inbox()
    controller = Controller(received, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield received
    controller.stop()


def database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def assert_nowhere(text: str, secrets: list[str], where: str) -> None:
    found = [secret for secret in secrets if secret.lower() in text.lower()]
    assert not found, f"{where} holds {found}"


def test_links_by_email_reach_every_employee_and_nothing_is_kept(new_page, site, inbox):
    company = CompanyFactory(name="Fjordlys Verksted AS", employee_count=5)
    member = ClientUserFactory(first_name="Mona", last_name="Daglig")
    MembershipFactory(user=member, company=company)

    office = new_page()
    seen = []  # every page the company's person saw, as the browser had it

    def saw():
        seen.append(office.content())

    log_in(office, member)
    saw()
    office.goto(f"/virksomheter/{company.pk}/sporreundersokelser/ny/")
    expect(office.get_by_label("Antall ansatte")).to_have_value("5")
    saw()
    office.get_by_role("button", name="Start undersøkelsen").click()
    expect(office.get_by_text("Undersøkelsen er startet.")).to_be_visible()
    expect(office.get_by_role("heading", name="Send lenker på e-post")).to_be_visible()
    expect(office.get_by_label("Gruppe")).to_have_count(0)  # a round without groups
    saw()
    office.get_by_label("E-postadresser").fill("\n".join(ADDRESSES))
    office.get_by_role("button", name="Send lenkene").click()
    expect(
        office.get_by_text("5 lenker er sendt. Adressene og lenkene er ikke lagret.")
    ).to_be_visible()
    expect(office.locator("#response-rate")).to_have_text("Færre enn 5 har svart så langt.")
    expect(office.get_by_text("5 lenker sendt")).to_be_visible()
    expect(office.get_by_role("link", name="Lag svarlapper for utskrift")).to_have_count(0)
    round_url = office.url
    saw()
    slips = office.goto(f"{round_url}svarkoder/")  # slips are for the advisor only
    assert slips.status == 403
    saw()
    office.goto(round_url)

    # One e-mail to each address, each with one link of its own, the code in its fragment.
    assert len(inbox.envelopes) == 5
    links = {}
    for envelope in inbox.envelopes:
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        assert len(envelope.rcpt_tos) == 1
        assert message["To"] == envelope.rcpt_tos[0]
        assert "Fjordlys Verksted AS" in message["Subject"]
        body = message.get_body(("plain",)).get_content()
        assert "-- English --" in body
        found = set(LINK.findall(body))
        assert len(found) == 1, found
        link = found.pop()
        assert link.startswith(f"{site}/svar/#")
        assert ANSWER_CODE.fullmatch(link.partition("#")[2]), link
        links[envelope.rcpt_tos[0]] = link
    assert sorted(links) == sorted(ADDRESSES)
    codes = [link.partition("#")[2] for link in links.values()]
    assert len(set(codes)) == 5
    secrets = codes + [answer_codes.normalise(code) for code in codes]
    assert_nowhere("\n".join(seen), secrets, "the company's pages")

    values = questionnaire_values("demands")
    for number, address in enumerate(ADDRESSES):
        employee = new_page()  # everyone on their own device
        if number == 2:
            employee.set_viewport_size({"width": 390, "height": 844})
        respond(
            employee,
            links[address],
            values,
            english=number in (1, 2),
            click=number == 2,
            free_text="Travelt før jul" if number == 0 else "",
        )
        if number == 2:
            screenshot(employee, "questionnaire-email-phone")
        if number == 3:
            office.reload()
            expect(office.locator("#response-rate")).to_have_text("Færre enn 5 har svart så langt.")
            saw()

    # All 5 answered: the database holds their answers, but no code and no address.
    dump = database_dump()
    assert dump.count('"model": "questionnaires.answer"') == 5
    assert_nowhere(dump, secrets + ADDRESSES, "the database")

    office.reload()
    expect(office.locator("#response-rate")).to_have_text("Minst 5 av 5 har svart.")
    expect(office.locator(".results-hidden")).to_have_text(
        "Resultatene vises når undersøkelsen er stengt. Da må minst 5 ha svart."
    )
    expect(office.locator("tr.theme-row")).to_have_count(0)
    saw()

    office.once("dialog", lambda dialog: dialog.accept())  # "Stenge undersøkelsen nå? …"
    office.get_by_role("button", name="Steng undersøkelsen").click()
    expect(office.get_by_text("Undersøkelsen er stengt.").first).to_be_visible()
    expect(office.locator("#response-rate")).to_have_text("5 av 5 har svart (100 %)")
    expect(office.locator("tr.theme-row")).to_have_count(8)
    expect(office.locator("tr.theme-row.flagged")).to_contain_text("Krav i jobben")
    expect(office.get_by_text("Travelt før jul")).to_have_count(0)  # free text: advisor only
    screenshot(office, "questionnaire-email-results")
    saw()

    assert_nowhere("\n".join(seen), secrets, "the company's pages")
    assert_nowhere(database_dump(), secrets + ADDRESSES, "the database after closing")


def test_an_address_the_mail_server_refuses_comes_back_to_be_corrected(new_page, inbox):
    company = CompanyFactory(name="Fjordlys Verksted AS", employee_count=5)
    member = ClientUserFactory()
    MembershipFactory(user=member, company=company)
    mistyped = "ansatt9@fjordlys-verksted.example"
    inbox.unknown.add(mistyped)

    office = new_page()
    log_in(office, member)
    office.goto(f"/virksomheter/{company.pk}/sporreundersokelser/ny/")
    office.get_by_role("button", name="Start undersøkelsen").click()
    office.get_by_label("E-postadresser").fill("\n".join([*ADDRESSES[:2], mistyped]))
    office.get_by_role("button", name="Send lenkene").click()
    expect(office.get_by_text("2 lenker er sendt.")).to_be_visible()
    expect(office.get_by_text("E-posten kunne ikke sendes til disse adressene.")).to_contain_text(
        mistyped
    )
    expect(office.get_by_label("E-postadresser")).to_have_value(mistyped)
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ADDRESSES[:2]

    # The refused address took no link: three are still left for the five employees.
    office.get_by_label("E-postadresser").fill(ADDRESSES[2])
    office.get_by_role("button", name="Send lenkene").click()
    expect(office.get_by_text("1 lenke er sendt.")).to_be_visible()
    expect(office.get_by_text("3 lenker sendt")).to_be_visible()
    office.get_by_role("link", name="Send lenker på e-post").click()
    office.get_by_label("E-postadresser").fill("\n".join(ADDRESSES[3:]))
    office.get_by_role("button", name="Send lenkene").click()
    expect(office.get_by_text("5 lenker sendt")).to_be_visible()
    assert len(inbox.envelopes) == 5


def test_back_on_a_shared_device_shows_nobodys_answers(new_page, site):
    advisor = AdvisorFactory()
    company = CompanyFactory(advisor=advisor, employee_count=12)
    round_ = services.round_start(
        company=company,
        actor=advisor,
        employee_count=12,
        closes_on=timezone.localdate() + dt.timedelta(days=14),
    )
    first, second = (
        services.respond_link(code)
        for code in services.slips_print(round_=round_, actor=advisor, count=2)
    )
    device = new_page()
    respond(device, first, questionnaire_values(), click=True, free_text="Sjefen roper")

    # Back: the browser will not send the form again by itself; whatever it shows, it shows
    # no answers of the one before.
    try:
        device.go_back()
    except PlaywrightError as error:  # Chromium's "Confirm Form Resubmission"
        assert "ERR_CACHE_MISS" in error.message
    device.wait_for_load_state()
    expect(device.locator("input[name^=q_]:checked")).to_have_count(0)
    expect(device.get_by_text("Sjefen roper")).to_have_count(0)
    # Sending it again anyway: the used code opens nothing.
    device.reload()
    expect(device.get_by_text(REFUSED)).to_be_visible()
    expect(device.locator("input[name^=q_]")).to_have_count(0)
    device.go_back()
    expect(device.get_by_label("Svarkode")).to_have_value("")
    expect(device.locator("input[name^=q_]:checked")).to_have_count(0)

    # The next person's own link opens an empty form (respond checks), and answers.
    respond(device, second, questionnaire_values("demands"))
