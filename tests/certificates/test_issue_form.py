"""The issue form shows what issuing will do before the issuer confirms it."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from certificates import services
from certificates.validity import validity_end
from tests.certificates.scenarios import class_b_case
from tests.factories import CaseFactory, CertificateFactory

pytestmark = pytest.mark.django_db


def _section(html: str, marker: str) -> str:
    return re.search(rf"<dd [^>]*{marker}>(.*?)</dd>", html, re.S).group(1)


def test_the_form_lists_the_certificate_it_supersedes_and_the_fee(client, issuer, today):
    case = class_b_case(today=today, name="Betaler AS", follow_up_agreement=False)
    old = CertificateFactory(
        case=CaseFactory(company=case.company, year=today.year - 1),
        klass="A",
        valid_from=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=64),
    )
    client.force_login(issuer)
    html = client.get(reverse("certificates:issue", args=[case.pk])).content.decode()

    supersedes = _section(html, "data-supersedes")
    assert old.number in supersedes
    assert 'data-class="A"' in supersedes
    assert old.valid_from.strftime("%d.%m.%Y") in supersedes
    assert old.valid_until.strftime("%d.%m.%Y") in supersedes
    fee = _section(html, "data-fee")
    assert "Egne kartlegginger verifisert av oss (gebyr)" in fee
    assert "2500,00 kr" in fee  # CERTIFICATE_FEE_NOK, shown the Norwegian way
    validity = _section(html, "data-validity")
    assert today.strftime("%d.%m.%Y") in validity
    assert validity_end(today).strftime("%d.%m.%Y") in validity
    assert 'data-class="B"' in _section(html, "data-eligible")
    decision = _section(html, "data-decision")
    assert "Regelsett 2004-09-27" in decision and "kriterier oppfylt" in decision
    assert "Betaler AS" in _section(html, "data-identity")


def test_what_the_form_announced_is_what_issuing_does(client, issuer, today, settings):
    case = class_b_case(today=today, follow_up_agreement=False)
    old = CertificateFactory(
        case=CaseFactory(company=case.company, year=today.year - 1),
        valid_from=today - dt.timedelta(days=300),
        valid_until=today + dt.timedelta(days=64),
    )
    client.force_login(issuer)
    response = client.post(reverse("certificates:issue", args=[case.pk]), {"klass": "B"})
    new = case.certificates.get()
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.superseded_by == new
    assert (new.route, new.fee) == ("VERIFIED", settings.CERTIFICATE_FEE_NOK)
    assert (new.valid_from, new.valid_until) == (today, validity_end(today))


def test_a_company_with_a_follow_up_agreement_pays_nothing_and_nothing_is_superseded(
    client, issuer, today
):
    case = class_b_case(today=today, follow_up_agreement=True)
    client.force_login(issuer)
    html = client.get(reverse("certificates:issue", args=[case.pk])).content.decode()
    assert "Ingen gyldig sertifikat erstattes." in _section(html, "data-supersedes")
    assert "Oppfølgingsavtale (ingen ekstra kostnad)" in _section(html, "data-fee")


def test_a_second_submit_answers_already_issued_with_a_link(client, issuer, today):
    case = class_b_case(today=today)
    client.force_login(issuer)
    url = reverse("certificates:issue", args=[case.pk])
    client.post(url, {"klass": "B"})
    again = client.post(url, {"klass": "B"})
    certificate = case.certificates.get()
    html = again.content.decode()
    assert again.status_code == 200
    assert "data-already-done" in html and "Saken er allerede utstedt." in html
    assert certificate.get_absolute_url() in html
    assert case.certificates.count() == 1


def test_revoking_or_reissuing_twice_answers_already_done(client, issuer, today):
    certificate = services.certificate_issue(
        case=class_b_case(today=today), klass="B", actor=issuer
    )
    client.force_login(issuer)
    reissue = reverse("certificates:reissue", args=[certificate.pk])
    client.post(reissue, {"reason": "Navnebytte"})
    again = client.post(reissue, {"reason": "Navnebytte"})
    new = certificate.case.certificates.exclude(pk=certificate.pk).get()
    assert "data-already-done" in again.content.decode()
    assert new.get_absolute_url() in again.content.decode()
    revoke = reverse("certificates:revoke", args=[new.pk])
    client.post(revoke, {"reason": "Feil"})
    twice = client.post(revoke, {"reason": "Feil"})
    assert "Sertifikatet er allerede tilbakekalt." in twice.content.decode()
