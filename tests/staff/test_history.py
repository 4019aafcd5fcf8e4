"""The audit trail: who changed what, for every kind of change that matters to a certificate."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from certificates import services as certificate_services
from certificates.models import CertificationCase, Confirmation
from companies import services as company_services
from documents import services as document_services
from documents.models import Category
from staff.history import history_for_company
from surveys import services as survey_services
from surveys.models import Survey
from tests.documents import files
from tests.factories import (
    TODAY,
    ActionItemFactory,
    CaseFactory,
    CertificateFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)

pytestmark = pytest.mark.django_db


def _entries(user, company, kind):
    return [entry for entry in history_for_company(user, company) if entry.kind == kind]


def test_a_survey_change(advisor, company):
    survey = SurveyFactory(company=company, summary="")
    survey_services.survey_update(survey=survey, actor=advisor, has_written_report=False)

    entry = _entries(advisor, company, "Kartlegging")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.action == "endret"
    assert entry.changes == ("skriftlig rapport foreligger: ja → nei",)
    assert entry.subject == f"Fysisk kartlegging {survey.performed_on:%d.%m.%Y}"


def test_an_action_item_status_change_by_a_client(client, advisor, client_user, company):
    item = ActionItemFactory(company=company, status="OPEN", measure="Skifte lysrør")
    client.force_login(client_user)
    client.post(reverse("portal:action_item_update", args=[item.pk]), {"status": "DONE"})

    entry = _entries(advisor, company, "Tiltak")[0]

    assert entry.who == "Kari Kunde"
    assert entry.subject == "Skifte lysrør"
    assert entry.changes == ("status: Ikke startet → Utført",)


def test_a_confirmation(advisor, company):
    case = CaseFactory(company=company, year=TODAY.year)
    certificate_services.confirmation_record(
        case=case,
        kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT,
        text="Bekreftet i møte",
        confirmed_on=TODAY,
        actor=advisor,
    )

    entry = _entries(advisor, company, "Bekreftelse")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.action == "opprettet"
    assert "psykososiale forhold" in entry.subject


def test_an_upload_review(advisor, client_user, company):
    survey = SurveyFactory(company=company, provider=Survey.Provider.EXTERNAL)
    document = document_services.document_upload(
        company=company,
        actor=client_user,
        file=files.upload("egen-kartlegging.pdf", files.PDF),
        category=Category.OWN_PHYSICAL_SURVEY,
        effective_from=TODAY,
        survey=survey,
    )
    document_services.document_accept(document=document, actor=advisor, comment="OK")

    uploaded, reviewed = reversed(_entries(advisor, company, "Dokument"))
    assert uploaded.who == "Kari Kunde"
    assert uploaded.action == "opprettet"
    assert reviewed.who == "Rita Rådgiver"
    assert "status: Venter på gjennomgang → Godkjent" in reviewed.changes
    assert "gjennomgått av: tom → Rita Rådgiver" in reviewed.changes
    verified = _entries(advisor, company, "Kartlegging")[0]
    assert verified.who == "Rita Rådgiver"
    assert "verifisert dato: tom → 25.11.2026" in verified.changes


def test_a_case_reopened_is_an_event_with_its_reason(advisor, company):
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)
    certificate_services.case_reopen(case=case, actor=advisor, reason="Mangler vernerunde")

    entry = _entries(advisor, company, "Sertifiseringssak")[0]

    assert entry.who == "Rita Rådgiver"
    assert entry.subject == "Sak 2026"
    assert entry.action == "tatt tilbake fra utstedelse"
    assert entry.changes == ("begrunnelse: Mangler vernerunde",)


def test_a_certificate_issue(advisor, issuer, company):
    survey = SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company, performed_on=TODAY - dt.timedelta(days=50))
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)

    certificate = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)

    entry = _entries(advisor, company, "Sertifikat")[0]
    assert entry.who == "Ulf Utsteder"
    assert entry.action == "utstedt"
    assert entry.subject == f"{certificate.number}, klasse B"
    assert "oppnåelig klasse: B" in entry.changes
    assert "gebyr til fakturering: 0,00 kr" in entry.changes
    # The case's status change is told by the event, not by a diff of the case row.
    assert not any(
        "status" in line for e in history_for_company(advisor, company) for line in e.changes
    )


def test_newest_first_and_limited(advisor, company):
    for number in range(5):
        survey = SurveyFactory(company=company)
        survey_services.survey_update(survey=survey, actor=advisor, summary=f"Runde {number}")
    entries = history_for_company(advisor, company, limit=3)
    assert len(entries) == 3
    assert [entry.when for entry in entries] == sorted((e.when for e in entries), reverse=True)
    assert entries[0].changes == ("sammendrag: tom → Runde 4",)


def test_other_companies_are_not_in_it(advisor, issuer, company, other_company):
    SurveyFactory(company=other_company)
    entries = history_for_company(issuer, company)
    assert [(e.kind, e.action, e.subject) for e in entries] == [
        ("Virksomhet", "opprettet", company.name)
    ]


def test_a_bounded_number_of_queries(advisor, company, django_assert_max_num_queries):
    case = CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.READY)
    for number in range(20):
        survey = SurveyFactory(company=company)
        survey_services.survey_update(survey=survey, actor=advisor, summary=f"Runde {number}")
        item = ActionItemFactory(company=company)
        survey_services.action_item_set_status(item=item, status="DONE", reason="", actor=advisor)
    certificate_services.case_reopen(case=case, actor=advisor)

    with django_assert_max_num_queries(20):
        entries = history_for_company(advisor, company, limit=50)
    assert len(entries) == 50


@pytest.mark.parametrize("who", ["client_user", "other_advisor"])
def test_only_the_companys_staff_may_read_it(request, company, who):
    with pytest.raises(PermissionDenied):
        history_for_company(request.getfixturevalue(who), company)


def test_the_staff_page(client, advisor, issuer, company):
    survey = SurveyFactory(company=company)
    survey_services.survey_update(survey=survey, actor=advisor, summary="Oppdatert")
    url = reverse("staff:history", args=[company.pk])
    for user in (advisor, issuer):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert "Historikk" in html
        assert "sammendrag: tom → Oppdatert" in html
        assert "Rita Rådgiver" in html


@pytest.mark.parametrize("who", ["client_user", "other_advisor"])
def test_the_staff_page_is_404_for_others(client, request, company, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("staff:history", args=[company.pk])).status_code == 404


def test_the_staff_page_sends_anonymous_users_to_login(client, company):
    response = client.get(reverse("staff:history", args=[company.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_empty_history(client, advisor, company):
    company.history.all().delete()
    client.force_login(advisor)
    html = client.get(reverse("staff:history", args=[company.pk])).content.decode()
    assert "Ingen endringer er registrert ennå" in html


# --- Company changes and issuing events, told with labels, not field names -----------


@pytest.mark.parametrize(
    ("changes", "told"),
    [
        ({"name": "Nytt Navn AS"}, "navn: Egen Bedrift AS → Nytt Navn AS"),
        ({"organisation_number": "974760673"}, "organisasjonsnummer: "),
        ({"address": "Ny vei 2"}, "adresse: Storgata 1, 0155 Oslo → Ny vei 2"),
        ({"follow_up_agreement": False}, "oppfølgingsavtale: ja → nei"),
        ({"off_site_work": True}, "vesentlig arbeid utenfor eget bygg: nei → ja"),
        ({"advisor": "other_advisor"}, "ansvarlig rådgiver: Rita Rådgiver → Otto Annen"),
    ],
    ids=["name", "orgnr", "address", "follow-up", "off-site", "advisor"],
)
def test_each_company_field_change(request, issuer, advisor, company, changes, told):
    changes = {
        field: request.getfixturevalue(value) if value == "other_advisor" else value
        for field, value in changes.items()
    }
    company_services.company_update(company=company, actor=issuer, **changes)

    entry = _entries(advisor if "advisor" not in changes else issuer, company, "Virksomhet")[0]
    assert entry.who == "Ulf Utsteder"
    assert entry.action == "endret"
    assert len(entry.changes) == 1 and entry.changes[0].startswith(told)


def _issuable(company):
    survey = SurveyFactory(company=company, performed_on=TODAY - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey)
    RiskAssessmentFactory(company=company, performed_on=TODAY - dt.timedelta(days=50))
    return CaseFactory(company=company, year=TODAY.year, status=CertificationCase.Status.OPEN)


def test_every_issuing_step_is_an_event_with_actor_and_reason(advisor, issuer, company):
    case = _issuable(company)
    certificate_services.case_send_to_issuing(case=case, actor=advisor)
    certificate_services.case_reopen(case=case, actor=advisor, reason="Sjekker tiltak")
    certificate_services.case_send_to_issuing(case=case, actor=advisor)
    first = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)
    second = certificate_services.certificate_reissue(
        certificate=first, reason="Navnebytte", actor=issuer
    )
    certificate_services.certificate_revoke(certificate=second, reason="Avviklet", actor=issuer)

    told = [
        (e.kind, e.action, e.who, e.subject, e.changes)
        for e in history_for_company(advisor, company)
        if e.kind in ("Sertifikat", "Sertifiseringssak") and e.action != "opprettet"
    ]
    b_first, b_second = f"{first.number}, klasse B", f"{second.number}, klasse B"
    period = f"gyldig: {first.valid_from:%d.%m.%Y}–{first.valid_until:%d.%m.%Y}"
    assert told == [
        ("Sertifikat", "tilbakekalt", "Ulf Utsteder", b_second, ("begrunnelse: Avviklet",)),
        (
            "Sertifikat",
            "utstedt på nytt",
            "Ulf Utsteder",
            b_second,
            (
                f"erstatter: {first.number}",
                period.replace(f"{first.valid_from:%d.%m.%Y}", f"{second.valid_from:%d.%m.%Y}"),
                "gebyr til fakturering: 0,00 kr",
                "begrunnelse: Navnebytte",
            ),
        ),
        (
            "Sertifikat",
            "utstedt",
            "Ulf Utsteder",
            b_first,
            (period, "oppnåelig klasse: B", "gebyr til fakturering: 0,00 kr"),
        ),
        (
            "Sertifiseringssak",
            "sendt til utstedelse",
            "Rita Rådgiver",
            "Sak 2026",
            ("oppnåelig klasse: B",),
        ),
        (
            "Sertifiseringssak",
            "tatt tilbake fra utstedelse",
            "Rita Rådgiver",
            "Sak 2026",
            ("begrunnelse: Sjekker tiltak",),
        ),
        (
            "Sertifiseringssak",
            "sendt til utstedelse",
            "Rita Rådgiver",
            "Sak 2026",
            ("oppnåelig klasse: B",),
        ),
    ]


def test_superseding_and_closing_last_year_are_events(advisor, issuer, company):
    last_year = CaseFactory(
        company=company, year=TODAY.year - 1, status=CertificationCase.Status.ISSUED
    )
    old = CertificateFactory(
        case=last_year,
        klass="B",
        valid_from=TODAY - dt.timedelta(days=300),
        valid_until=TODAY + dt.timedelta(days=64),
    )
    case = _issuable(company)
    case.previous = last_year
    case.status = CertificationCase.Status.READY
    case.save()
    new = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)

    entries = {(e.action, e.subject): e for e in history_for_company(advisor, company)}
    superseded = entries[("erstattet", f"{old.number}, klasse B")]
    assert superseded.changes == (f"erstattet av: {new.number}",)
    assert ("avsluttet", f"Sak {TODAY.year - 1}") in entries


def test_no_label_is_a_field_name(advisor, issuer, company):
    case = _issuable(company)
    certificate_services.case_send_to_issuing(case=case, actor=advisor)
    certificate = certificate_services.certificate_issue(case=case, klass="B", actor=issuer)
    certificate_services.certificate_reissue(
        certificate=certificate, reason="Ny adresse", actor=issuer
    )
    company_services.company_update(company=company, actor=issuer, name="Annet Navn AS")
    renewal = CaseFactory(company=company, year=TODAY.year + 1)
    renewal.previous = case
    renewal.save()
    text = " ".join(
        f"{e.kind} {e.action} {e.subject} {' '.join(e.changes)}"
        for e in history_for_company(advisor, company)
    )
    for code_name in ("superseded", "revoked", "_by", "_at", "klass:", "#", "previous"):
        assert code_name not in text, code_name
    assert "fjorårets sak: tom → Sak 2026" in text


def test_the_history_page_is_in_english_too(client, advisor, issuer, company):
    case = _issuable(company)
    certificate_services.case_send_to_issuing(case=case, actor=advisor)
    certificate_services.certificate_issue(case=case, klass="B", actor=issuer)
    company_services.company_update(company=company, actor=issuer, follow_up_agreement=False)
    client.force_login(advisor)
    client.cookies["django_language"] = "en"
    try:
        html = client.get(reverse("staff:history", args=[company.pk])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active
    assert "sent for issuing" in html
    assert "follow-up agreement: yes → no" in html


def _changes(advisor, company, n):
    """n surveys, each created and changed once: 2n records (after the company's own)."""
    for number in range(n):
        survey = SurveyFactory(company=company)
        survey_services.survey_update(survey=survey, actor=advisor, summary=f"Runde {number}")


def test_the_staff_page_pages_through_the_whole_history(client, advisor, company, monkeypatch):
    monkeypatch.setattr("staff.views.HISTORY_PAGE_SIZE", 4)
    _changes(advisor, company, 3)  # 6 records + the company's: 7, two pages of 4
    client.force_login(advisor)
    url = reverse("staff:history", args=[company.pk])
    first = client.get(url)
    html = first.content.decode()
    assert len(first.context["history"]) == 4
    assert "Runde 2" in html and "Runde 0" not in html
    assert "?side=2" in html and "Side 1" in html
    second = client.get(url, {"side": 2})
    html = second.content.decode()
    assert [e.subject for e in second.context["history"]][-1] == company.name  # the oldest
    assert "Runde 2" not in html and "?side=1" in html and "?side=3" not in html
    assert client.get(url, {"side": "x"}).context["page"].number == 1


def test_the_case_page_reads_the_newest_history_from_one_key_query(
    advisor, company, django_assert_max_num_queries
):
    """Record kinds never changed cost nothing: the newest are found first, in one query."""
    _changes(advisor, company, 20)
    # the keys, then the surveys with their previous records; users are joined in
    with django_assert_max_num_queries(3):
        entries = history_for_company(advisor, company, limit=15)
    assert len(entries) == 15
    assert entries[0].changes == ("sammendrag: tom → Runde 19",)


def test_changes_that_tell_nothing_do_not_shorten_the_newest(advisor, company):
    _changes(advisor, company, 2)
    for _ in range(30):  # saves that change only bookkeeping fields: dropped, not shown
        company.save()
    entries = history_for_company(advisor, company, limit=4)
    assert [e.kind for e in entries] == ["Kartlegging"] * 4
