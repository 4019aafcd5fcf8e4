"""Reads of cases and certificates, on behalf of a user and limited to what they may see."""

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from certificates import rules
from certificates.facts import build_facts
from certificates.models import CertificationCase
from companies.selectors import companies_for_staff, companies_visible_to


def cases_for_staff(user) -> QuerySet[CertificationCase]:
    return CertificationCase.objects.filter(company__in=companies_for_staff(user))


def cases_visible_to(user) -> QuerySet[CertificationCase]:
    return CertificationCase.objects.filter(company__in=companies_visible_to(user))


def get_case_for(user, pk) -> CertificationCase:
    """The case with this pk if the user may work on it as staff, else 404."""
    try:
        return cases_for_staff(user).select_related("company", "company__advisor").get(pk=pk)
    except (CertificationCase.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def case_decision(*, case: CertificationCase, on: date) -> rules.Decision:
    """The rules engine's decision for the case as its facts stand on ``on``."""
    return rules.decide(build_facts(company=case.company, case=case, on=on))
