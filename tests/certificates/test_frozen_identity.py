"""A certificate vouches for the company as it was certified: name, number and address frozen.

Renaming or re-addressing a certified company changes none of the public answers (the
verification page, its JSON, the badge, the register): they keep showing what the PDF
says, and the page says what the company is called now.
"""

import importlib
import re
import shutil
import subprocess

import pytest
from django.apps import apps
from django.urls import reverse
from pypdf import PdfReader

from certificates import selectors, services
from companies import services as company_services
from tests.certificates.scenarios import class_b_case

pytestmark = pytest.mark.django_db

OLD_NAME, OLD_ADDRESS = "Rørlegger Hansen AS", "Storgata 1, 0155 Oslo"
NEW_NAME, NEW_ADDRESS = "Hansen Rør og Varme AS", "Lilletorget 3, 0184 Oslo"


@pytest.fixture
def certificate(issuer, today):
    case = class_b_case(today=today, name=OLD_NAME, address=OLD_ADDRESS)
    return services.certificate_issue(case=case, klass="B", actor=issuer)


@pytest.fixture
def renamed(certificate, issuer):
    company_services.company_update(
        company=certificate.company, actor=issuer, name=NEW_NAME, address=NEW_ADDRESS
    )
    certificate.refresh_from_db()
    return certificate


def _pdf_text(certificate) -> str:
    data = certificate.pdf.open("rb").read()
    pypdf_text = PdfReader(certificate.pdf.open("rb")).pages[0].extract_text()
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext (poppler-utils) is needed; .ci/run installs it"
    poppler_text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(pypdf_text.split()) + "\n" + " ".join(poppler_text.split())


def test_the_certificate_freezes_name_number_and_address_at_issuing(certificate):
    company = certificate.company
    assert (certificate.company_name, certificate.organisation_number) == (
        OLD_NAME,
        company.organisation_number,
    )
    assert certificate.company_address == OLD_ADDRESS


def test_the_verification_page_shows_the_certified_identity_after_a_rename(client, renamed):
    html = client.get(reverse("certificates:verify", args=[renamed.verification_code])).content
    html = html.decode()
    certified = re.search(r"data-certified-name>(.*?)</dd>", html, re.S).group(1)
    assert certified.startswith(OLD_NAME)
    assert OLD_ADDRESS in html
    assert f"Virksomheten heter nå {NEW_NAME}." in html
    assert NEW_ADDRESS not in html
    assert 'data-status="valid"' in html


def test_the_json_shows_the_certified_identity(client, renamed):
    answer = client.get(reverse("certificates:verify_json", args=[renamed.verification_code]))
    company = answer.json()["company"]
    assert company == {
        "name": OLD_NAME,
        "organisation_number": renamed.organisation_number_display,
        "address": OLD_ADDRESS,
    }


def test_the_badge_names_the_certified_company(client, renamed):
    svg = client.get(reverse("certificates:badge", args=[renamed.verification_code])).content
    assert OLD_NAME in svg.decode()
    assert NEW_NAME not in svg.decode()


def test_the_register_lists_and_finds_the_certified_name(client, renamed):
    page = client.get(reverse("certificates:register")).content.decode()
    assert OLD_NAME in page and NEW_NAME not in page
    found = client.get(reverse("certificates:register"), {"q": "Rørlegger"}).content.decode()
    assert OLD_NAME in found
    missed = client.get(reverse("certificates:register"), {"q": "Varme"}).content.decode()
    assert OLD_NAME not in missed


@pytest.mark.real_pdf
def test_the_pdf_says_what_the_verification_page_says(client, renamed):
    answer = client.get(
        reverse("certificates:verify_json", args=[renamed.verification_code])
    ).json()
    text = _pdf_text(renamed)
    for part in (
        answer["company"]["name"],
        f"Org.nr. {answer['company']['organisation_number']}",
        answer["company"]["address"],
        answer["number"],
    ):
        assert text.count(part) >= 2, f"{part!r} not read back by both pypdf and pdftotext"
    assert NEW_NAME not in text


def test_staff_see_the_rename_and_the_issuer_is_offered_a_reissue(client, renamed, issuer):
    client.force_login(issuer)
    html = client.get(reverse("certificates:detail", args=[renamed.pk])).content.decode()
    assert "data-identity-changed" in html
    assert f"Virksomheten heter nå {NEW_NAME}" in html
    assert reverse("certificates:reissue", args=[renamed.pk]) in html


def test_saving_a_new_name_offers_the_reissue(client, certificate, issuer):
    client.force_login(issuer)
    company = certificate.company
    data = {
        "name": NEW_NAME,
        "organisation_number": company.organisation_number,
        "address": company.address,
        "employee_count": company.employee_count,
        "industry": company.industry,
        "follow_up_agreement": "on",
        "advisor": company.advisor_id,
    }
    response = client.post(reverse("companies:update", args=[company.pk]), data, follow=True)
    html = response.content.decode()
    assert f"Sertifikat {certificate.number} viser fortsatt «{OLD_NAME}»" in html
    assert reverse("certificates:reissue", args=[certificate.pk]) in html


@pytest.mark.real_pdf
def test_a_reissue_carries_the_new_identity_and_keeps_the_period(renamed, issuer):
    new = services.certificate_reissue(certificate=renamed, reason="Navnebytte", actor=issuer)
    assert (new.company_name, new.company_address) == (NEW_NAME, NEW_ADDRESS)
    assert new.valid_until == renamed.valid_until
    assert new.fee == 0
    assert selectors.certificates_to_reissue(new.company) == []
    assert NEW_NAME in _pdf_text(new)


def test_the_data_migration_takes_the_identity_from_the_time_of_issuing(certificate, issuer):
    from certificates.models import Certificate

    company_services.company_update(company=certificate.company, actor=issuer, name=NEW_NAME)
    Certificate.objects.filter(pk=certificate.pk).update(
        company_name="", organisation_number="", company_address=""
    )
    migration = importlib.import_module(
        "certificates.migrations.0004_certified_identity_status_and_events"
    )
    migration.freeze_identity(apps, None)
    certificate.refresh_from_db()
    assert (certificate.company_name, certificate.company_address) == (OLD_NAME, OLD_ADDRESS)
    assert certificate.organisation_number == certificate.company.organisation_number


def test_the_backfill_migration_gives_earlier_certificates_their_events(certificate, issuer):
    from certificates.models import CertificationEvent

    new = services.certificate_reissue(certificate=certificate, reason="Navnebytte", actor=issuer)
    recorded = sorted(
        CertificationEvent.objects.values_list("kind", "certificate_id", "actor_id", "reason")
    )
    CertificationEvent.objects.all().delete()
    migration = importlib.import_module(
        "certificates.migrations.0005_backfill_certification_events"
    )
    migration.backfill(apps, None)
    backfilled = sorted(
        CertificationEvent.objects.values_list("kind", "certificate_id", "actor_id", "reason")
    )
    assert ("REISSUED", new.pk, issuer.pk, "Navnebytte") in backfilled
    assert ("ISSUED", certificate.pk, issuer.pk, "") in backfilled
    assert [row for row in recorded if row[0] != "SENT_TO_ISSUING"] == [
        row for row in backfilled if row[0] != "SENT_TO_ISSUING"
    ]
