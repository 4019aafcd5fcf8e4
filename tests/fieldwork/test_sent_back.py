"""A company's own survey that the advisor sent back: reopened, corrected, sent again.

The person who walked it sees why on Min side and on the walk, reopens it, changes
answers and measures, and finishes again; the new report waits for the advisor, who can
then accept it. The audit trail tells each step. Nobody else may reopen it.
"""

import pytest
from django.core.exceptions import PermissionDenied

from certificates.facts import build_facts
from documents.models import Document
from documents.services import document_accept, document_reject
from fieldwork import services
from fieldwork.models import Answer, Inspection
from hms_rules import decide
from staff.history import history_for_company
from surveys.models import ActionItem, RiskAssessment, Survey
from tests.factories import TODAY, ClientUserFactory, MembershipFactory
from tests.fieldwork.helpers import finished, items_of, jpeg

pytestmark = pytest.mark.django_db

COMMENT = "Verneombudet må delta, og avviket i gangen mangler tiltak."


def met(company) -> dict:
    decision = decide(build_facts(company=company, case=None, on=TODAY))
    return {c.code: c.met for klass in decision.classes for c in klass.criteria}


def sent_back(company, client_user, advisor) -> Inspection:
    inspection = finished(company, client_user, deviations=1, photos=[jpeg()])
    document = Document.objects.get(survey=inspection.survey)
    document_reject(document=document, actor=advisor, comment=COMMENT)
    return Inspection.objects.get(pk=inspection.pk)


def test_the_company_sees_why_and_reopens_it(client, company, client_user, advisor):
    inspection = sent_back(company, client_user, advisor)
    client.force_login(client_user)
    min_side = client.get("/min-side/").content.decode()
    assert COMMENT in min_side
    assert "Rett opp og send på nytt" in min_side
    walk = client.get(f"/befaring/{inspection.pk}/").content.decode()
    assert "Sendt tilbake av" in walk and COMMENT in walk
    assert "Åpne kartleggingen og rett opp" in walk

    response = client.post(f"/befaring/{inspection.pk}/apne-igjen/")
    assert response["Location"] == f"/befaring/{inspection.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Kartleggingen er åpnet igjen." in page
    assert "Rådgiveren sendte kartleggingen tilbake:" in page and COMMENT in page
    assert 'class="fw-answer"' in page  # the items can be answered again
    inspection.refresh_from_db()
    assert inspection.is_open and inspection.sent_back_comment == COMMENT
    assert inspection.survey is None and not inspection.report
    # The withdrawn records are gone; the rejected report stays with its comment.
    assert not Survey.objects.filter(company=company).exists()
    assert not ActionItem.objects.filter(company=company).exists()
    assert not RiskAssessment.objects.filter(company=company).exists()
    rejected = Document.objects.get(company=company)
    assert rejected.status == Document.Status.REJECTED and rejected.review_comment == COMMENT
    # What was answered, photographed and confirmed is all still there.
    answer = Answer.objects.get(inspection=inspection, value=Answer.Value.DEVIATION)
    assert answer.plan_confirmed and answer.photos.count() == 1
    assert answer.finding is None and answer.action_item is None
    assert "Verneombudet må delta" in client.get("/min-side/").content.decode()


def test_corrected_and_resubmitted_it_goes_to_the_advisor_again(
    client, company, client_user, advisor
):
    inspection = sent_back(company, client_user, advisor)
    services.inspection_reopen(
        inspection=inspection, actor=client_user, participants="Kari Kunde, Ola Verneombud"
    )
    second = items_of(inspection)[1]
    client.force_login(client_user)
    client.post(
        f"/befaring/{inspection.pk}/punkt/{second.pk}/",
        {f"i{second.pk}-value": "DEVIATION", f"i{second.pk}-note": "Mangler brannteppe"},
    )
    new = Answer.objects.get(inspection=inspection, item=second)
    plan = {
        f"d{new.pk}-measure": "Kjøp brannteppe",
        f"d{new.pk}-responsible": "Daglig leder",
        f"d{new.pk}-due_date": "2026-12-20",
        f"d{new.pk}-severity": "MEDIUM",
        f"d{new.pk}-probability": "2",
        f"d{new.pk}-consequence": "4",
    }
    client.post(f"/befaring/{inspection.pk}/tiltak/{new.pk}/", plan)
    response = client.post(f"/befaring/{inspection.pk}/fullfor/", follow=True)
    assert "rapporten er laget" in response.content.decode()

    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.FINISHED
    assert inspection.participants == "Kari Kunde, Ola Verneombud"
    survey = inspection.survey
    assert survey.provider == Survey.Provider.EXTERNAL and survey.verified_on is None
    assert survey.findings.count() == 2
    assert ActionItem.objects.filter(company=company).count() == 2
    pending = Document.objects.get(survey=survey)
    assert pending.status == Document.Status.PENDING
    assert Document.objects.filter(company=company).count() == 2  # the rejected one stays
    assert not met(company)["B1"]

    document_accept(document=pending, actor=advisor)
    result = met(company)
    assert result["B1"] and result["B2"] and result["B3"]


def test_the_audit_trail_tells_each_step(company, client_user, advisor):
    inspection = sent_back(company, client_user, advisor)
    services.inspection_reopen(inspection=inspection, actor=client_user)
    entries = history_for_company(advisor, company)
    walk = [e for e in entries if e.kind == "Kartlegging på stedet"]
    reopened = walk[0]
    assert reopened.who == client_user.display_name
    assert "status: Fullført → Pågår" in reopened.changes
    assert f"sendt tilbake av rådgiver: tom → {COMMENT}" in reopened.changes
    assert any("status: Pågår → Fullført" in e.changes for e in walk[1:])
    told = {(e.kind, e.action) for e in entries}
    assert ("Kartlegging", "slettet") in told and ("Tiltak", "slettet") in told
    rejected = next(e for e in entries if e.kind == "Dokument" and e.action == "endret")
    assert rejected.who == advisor.display_name
    assert any("Avvist" in line for line in rejected.changes)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("own client", True),
        ("advisor", True),
        ("issuer", True),
        ("other client", False),
        ("other advisor", False),
    ],
)
def test_who_may_reopen_it(
    client, company, other_company, client_user, advisor, other_advisor, issuer, role, allowed
):
    inspection = sent_back(company, client_user, advisor)
    users = {
        "own client": client_user,
        "advisor": advisor,
        "issuer": issuer,
        "other client": MembershipFactory(company=other_company, user=ClientUserFactory()).user,
        "other advisor": other_advisor,
    }
    client.force_login(users[role])
    response = client.post(f"/befaring/{inspection.pk}/apne-igjen/")
    inspection.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert inspection.is_open
    else:
        assert response.status_code == 404
        assert not inspection.is_open and inspection.survey is not None
        assert client.get(f"/befaring/{inspection.pk}/").status_code == 404


def test_anonymous_is_sent_to_the_login(client, company, client_user, advisor):
    inspection = sent_back(company, client_user, advisor)
    response = client.post(f"/befaring/{inspection.pk}/apne-igjen/")
    assert response["Location"].startswith("/logg-inn/")
    inspection.refresh_from_db()
    assert not inspection.is_open


def test_only_a_survey_sent_back_can_be_reopened(client, company, client_user, advisor):
    pending = finished(company, client_user)
    accepted = finished(company, client_user)
    document_accept(document=Document.objects.get(survey=accepted.survey), actor=advisor)
    ours = finished(company, advisor)
    walking = services.inspection_start(company=company, kind="physical", actor=client_user)
    client.force_login(client_user)
    for inspection in (pending, accepted, ours, walking):
        response = client.post(f"/befaring/{inspection.pk}/apne-igjen/", follow=True)
        assert "Kartleggingen er ikke sendt tilbake og kan ikke åpnes." in response.content.decode()
        before = inspection.status
        inspection.refresh_from_db()
        assert inspection.status == before
        walk = client.get(f"/befaring/{inspection.pk}/").content.decode()
        assert "Åpne kartleggingen og rett opp" not in walk
    assert Survey.objects.filter(company=company).count() == 3


def test_reopening_twice_takes_effect_once(company, client_user, advisor):
    inspection = sent_back(company, client_user, advisor)
    services.inspection_reopen(inspection=inspection, actor=client_user)
    with pytest.raises(PermissionDenied):
        services.inspection_reopen(inspection=inspection, actor=client_user)
    # started, finished, reopened: the refused second attempt changed nothing
    assert Inspection.objects.get(pk=inspection.pk).history.count() == 3
