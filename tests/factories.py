"""factory_boy factories for every model; tests build their data with these."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum.no import orgnr

from accounts.models import User
from certificates.models import Certificate, CertificationCase, Confirmation
from companies.models import Company, Membership
from surveys.models import (
    ActionItem,
    Area,
    Finding,
    Hazard,
    RiskAssessment,
    SafetyRound,
    Survey,
)

TODAY = dt.date(2026, 11, 25)


def valid_organisation_number(n: int) -> str:
    """A valid nine-digit organisation number (MOD11), a different one for every n.

    The base 91000000 + 2n is even, so base + 1 changes the weighted sum by 2 and one
    of the two always has a check digit (MOD11 has none when the remainder gives 10).
    """
    base = 91000000 + 2 * n
    for candidate in (base, base + 1):
        for check in "0123456789":
            if orgnr.is_valid(f"{candidate}{check}"):
                return f"{candidate}{check}"
    raise AssertionError(f"no valid organisation number near {base}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.no")
    role = User.Role.CLIENT
    password = factory.django.Password("hemmelig-passord-1")


class AdvisorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"radgiver{n}")
    role = User.Role.ADVISOR


class IssuerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"utsteder{n}")
    role = User.Role.ISSUER


class ClientUserFactory(UserFactory):
    username = factory.Sequence(lambda n: f"kunde{n}")
    role = User.Role.CLIENT


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Bedrift {n} AS")
    organisation_number = factory.Sequence(valid_organisation_number)
    address = "Storgata 1, 0155 Oslo"
    employee_count = 12
    industry = "Kontor"
    advisor = factory.SubFactory(AdvisorFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(ClientUserFactory)
    company = factory.SubFactory(CompanyFactory)


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    company = factory.SubFactory(CompanyFactory)
    kind = Survey.Kind.PHYSICAL
    performed_on = TODAY - dt.timedelta(days=100)
    provider = Survey.Provider.BEDRIFTSTJENESTEN
    has_written_report = True


class PsychosocialSurveyFactory(SurveyFactory):
    kind = Survey.Kind.PSYCHOSOCIAL
    report_reviewed = True
    formal_conversations = True


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    survey = factory.SubFactory(SurveyFactory)
    description = "Dårlig belysning ved arbeidsbenk"
    location = "Verksted"


class RiskAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RiskAssessment

    company = factory.SubFactory(CompanyFactory)
    performed_on = TODAY - dt.timedelta(days=90)
    title = "Arbeid i høyden"


class HazardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hazard

    risk_assessment = factory.SubFactory(RiskAssessmentFactory)
    description = "Fall fra stige"
    probability = 2
    consequence = 4


class SafetyRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafetyRound

    company = factory.SubFactory(CompanyFactory)
    performed_on = TODAY - dt.timedelta(days=60)
    location = "Byggeplass Bjørvika"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    company = factory.SubFactory(CompanyFactory)
    area = Area.PHYSICAL
    measure = "Skifte lysarmatur over arbeidsbenk"
    responsible = "Kari Nordmann"
    due_date = TODAY + dt.timedelta(days=30)
    status = ActionItem.Status.IN_PROGRESS


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificationCase

    company = factory.SubFactory(CompanyFactory)
    year = TODAY.year


class ConfirmationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Confirmation

    case = factory.SubFactory(CaseFactory)
    kind = Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT
    text = "Bekreftet i møte med ledelsen"
    confirmed_on = TODAY - dt.timedelta(days=10)
    confirmed_by = factory.SubFactory(AdvisorFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    case = factory.SubFactory(CaseFactory)
    company = factory.SelfAttribute("case.company")
    company_name = factory.SelfAttribute("company.name")
    organisation_number = factory.SelfAttribute("company.organisation_number")
    company_address = factory.SelfAttribute("company.address")
    number = factory.Sequence(lambda n: f"HMS-2025-{n + 1:05d}")
    klass = "A"
    valid_from = dt.date(2025, 11, 20)
    valid_until = dt.date(2026, 11, 19)
    issued_at = factory.LazyFunction(timezone.now)
    issued_by = factory.SubFactory(IssuerFactory)
    rule_set = "2004-09-27"
    assessment_date = dt.date(2025, 11, 20)
    decision = factory.LazyFunction(dict)
    facts = factory.LazyFunction(dict)
    route = Certificate.Route.FOLLOW_UP
    fee = Decimal("0.00")
