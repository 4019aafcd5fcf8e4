"""Cases built from factories in the states the issuing tests need."""

import datetime as dt

from certificates.models import CertificationCase, Confirmation
from tests.factories import (
    ActionItemFactory,
    CaseFactory,
    CertificateFactory,
    CompanyFactory,
    ConfirmationFactory,
    PsychosocialSurveyFactory,
    RiskAssessmentFactory,
    SurveyFactory,
)


def class_b_case(*, today: dt.date, status=CertificationCase.Status.READY, **company_fields):
    """A case meeting B1–B5 on ``today`` and nothing of class A."""
    company = CompanyFactory(**company_fields)
    survey = SurveyFactory(company=company, performed_on=today - dt.timedelta(days=60))
    ActionItemFactory(company=company, survey=survey, due_date=today + dt.timedelta(days=30))
    RiskAssessmentFactory(company=company, performed_on=today - dt.timedelta(days=50))
    return CaseFactory(company=company, year=today.year, status=status)


def class_a_case(*, today: dt.date, **kwargs):
    case = class_b_case(today=today, **kwargs)
    PsychosocialSurveyFactory(company=case.company, performed_on=today - dt.timedelta(days=40))
    ConfirmationFactory(
        case=case,
        kind=Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT,
        confirmed_on=today - dt.timedelta(days=5),
    )
    return case


def class_a_plus_case(*, today: dt.date, issuer, **kwargs):
    """Class A plus last year's A certificate, the issuer's note and a psychosocial plan."""
    case = class_a_case(today=today, **kwargs)
    psychosocial = case.company.surveys.get(kind="psychosocial")
    ActionItemFactory(
        company=case.company,
        survey=psychosocial,
        area="psychosocial",
        due_date=today + dt.timedelta(days=60),
    )
    ConfirmationFactory(
        case=case,
        kind=Confirmation.Kind.MANAGEMENT_FOCUS,
        text="Ledelsen har månedlige HMS-møter.",
        confirmed_by=issuer,
        confirmed_on=today - dt.timedelta(days=2),
    )
    last_year = CaseFactory(
        company=case.company, year=today.year - 1, status=CertificationCase.Status.ISSUED
    )
    CertificateFactory(
        case=last_year,
        klass="A",
        valid_from=today - dt.timedelta(days=360),
        valid_until=today + dt.timedelta(days=4),
    )
    return case
