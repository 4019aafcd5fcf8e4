import datetime as dt

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


def answer(round_, count, *, group=None, start=0, score=4, low_themes=(), free_text=""):
    """``count`` respondents answer with unused codes of ``group`` (None: any group)."""
    codes = [
        code
        for _n, name, code in services.round_code_list(round_)
        if group is None or name == group
    ]
    for code in codes[start : start + count]:
        services.answer_submit(
            code=code, values=values_scoring(score, low_themes), free_text=free_text
        )
    return codes[start : start + count]


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
    def make(company=None, groups=(("Lager", 3),), employee_count=12, actor=None):
        company = company or world["company"]
        return services.round_start(
            company=company,
            actor=actor or company.advisor,
            employee_count=employee_count,
            closes_on=timezone.localdate() + dt.timedelta(days=14),
            groups=list(groups),
        )

    return make
