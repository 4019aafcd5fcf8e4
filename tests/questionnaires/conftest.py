import datetime as dt
import re

import pytest
from django.utils import timezone

from questionnaires import services
from questionnaires.models import Question
from questionnaires.selectors import current_template
from tests.factories import (
    AdvisorFactory,
    ClientUserFactory,
    CompanyFactory,
    IssuerFactory,
    MembershipFactory,
)

# A code as shown: four groups of four of Crockford's base32 (questionnaires/codes.py).
CODE_SHAPE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}\b")


def all_questions():
    """The current template's questions in order, each with its theme (one query)."""
    return list(
        Question.objects.filter(theme__template=current_template())
        .select_related("theme")
        .order_by("theme__position", "position")
    )


def values_scoring(score: int, low_themes=()) -> dict[str, int]:
    """Answers that give every theme ``score`` (after reversing), ``low_themes`` 1."""
    values = {}
    for question in all_questions():
        wanted = 1 if question.theme.key in low_themes else score
        values[question.key] = 6 - wanted if question.reverse else wanted
    return values


def issue(round_, count, *, group=None, actor=None) -> list[str]:
    """``count`` printed codes for ``group`` (a name; None: no group), made by the advisor."""
    found = round_.groups.get(name=group) if group else None
    return services.slips_print(
        round_=round_, actor=actor or round_.company.advisor, count=count, group=found
    )


def answer(round_, count, *, group=None, score=4, low_themes=(), free_text=""):
    """``count`` respondents of ``group`` (None: no group) answer with fresh codes."""
    codes = issue(round_, count, group=group) if count else []
    for code in codes:
        services.answer_submit(
            code=code, values=values_scoring(score, low_themes), free_text=free_text
        )
    return codes


def close(round_, actor=None):
    """Close the round (as its advisor unless ``actor``) and bring ``round_`` up to date."""
    services.round_close(round_=round_, actor=actor or round_.company.advisor)
    round_.refresh_from_db()
    return round_


@pytest.fixture
def world():
    advisor = AdvisorFactory()
    company = CompanyFactory(advisor=advisor, employee_count=12, name="Fjordlys Verksted AS")
    other = CompanyFactory(advisor=AdvisorFactory())
    member = ClientUserFactory()
    MembershipFactory(user=member, company=company)
    MembershipFactory(user=ClientUserFactory(), company=other)
    return {
        "advisor": advisor,
        "company": company,
        "other": other,
        "member": member,
        "issuer": IssuerFactory(),
    }


@pytest.fixture
def make_round(world):
    def make(company=None, groups=(("Lager", 5),), employee_count=12, actor=None):
        company = company or world["company"]
        return services.round_start(
            company=company,
            actor=actor or company.advisor,
            employee_count=employee_count,
            closes_on=timezone.localdate() + dt.timedelta(days=14),
            groups=list(groups),
        )

    return make
