"""The API's reads, on behalf of the key's staff member, through the project's selectors."""

from datetime import date

from django.db.models import QuerySet

from certificates.decisions import decisions_on
from certificates.models import Certificate, CertificationCase
from certificates.selectors import cases_for_staff
from companies.selectors import companies_for_staff
from hms_rules import json_form as rules_json

LOOKUP_FIELDS = ("organisation_number", "number", "klass", "valid_from", "valid_until")


def certificates_in_force_by_orgnr(numbers: list[str], *, on: date) -> dict[str, Certificate]:
    """Organisation number -> the certificate in force on ``on``; one query for any count.

    The number is the certified one, as printed on the certificate (frozen at issuing).
    Should two be in force at once, the newest counts.
    """
    found = (
        Certificate.objects.in_force(on)
        .filter(organisation_number__in=set(numbers))
        .only(*LOOKUP_FIELDS)
        .order_by("organisation_number", "valid_from", "pk")
    )
    return {certificate.organisation_number: certificate for certificate in found}


def api_companies(user):
    return companies_for_staff(user).select_related("advisor").order_by("name", "pk")


def api_cases(user) -> QuerySet[CertificationCase]:
    return cases_for_staff(user).select_related("company").order_by("-year", "company__name", "pk")


def api_certificates(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(company__in=companies_for_staff(user)).order_by(
        "-issued_at", "pk"
    )


def case_decisions(cases: list[CertificationCase], *, on: date, language: str) -> dict[int, dict]:
    """Case pk -> the stored decision of this year's cases on ``on``, as RULES.md's JSON.

    Read through ``decisions_on`` (stored decisions, recomputed only where outdated), in
    bulk for the page. Cases of other years have no current decision (their certificate
    keeps the one it was issued on).
    """
    this_year = {case.company_id: case for case in cases if case.year == on.year}
    decisions = decisions_on(
        companies=[case.company for case in this_year.values()], on=on, cases=this_year
    )
    return {
        case.pk: rules_json.decision_to_json(decisions[company_id], language)
        for company_id, case in this_year.items()
    }
