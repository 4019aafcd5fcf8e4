"""Reads of questionnaire rounds on behalf of a user, and their anonymous results.

Results exist only as aggregates, and only where at least ``min_answers()`` answered:
below that nothing is computed at all, so no page, export or report can show it.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.conf import settings
from django.http import Http404

from companies.selectors import companies_visible_to
from questionnaires.loading import load_template
from questionnaires.models import Answer, Question, QuestionnaireTemplate, Round, Theme

ABSOLUTE_MIN_ANSWERS = 3


def min_answers() -> int:
    """The anonymity threshold: the setting, but never below 3."""
    return max(ABSOLUTE_MIN_ANSWERS, int(settings.QUESTIONNAIRE_MIN_ANSWERS))


def get_round_for(user, pk) -> Round:
    """The round if the user works on (staff) or belongs to (client) its company, else 404."""
    try:
        return (
            Round.objects.filter(company__in=companies_visible_to(user))
            .select_related("company", "template", "survey")
            .get(pk=pk)
        )
    except (Round.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_template() -> QuestionnaireTemplate:
    """The version new rounds use; the shipped one if none is marked current."""
    current = QuestionnaireTemplate.objects.filter(is_current=True).order_by("-version").first()
    return current or load_template(QuestionnaireTemplate, Theme, Question)


def themes_of(template: QuestionnaireTemplate) -> list[Theme]:
    return list(template.themes.prefetch_related("questions"))


@dataclass
class ThemeResult:
    theme: Theme
    mean: float
    distribution: list[int]  # answers given 1..5 (as scored), index 0 is 1
    change: float | None
    flagged: bool

    @property
    def percent(self) -> int:
        """The mean on a 0-100 bar (1 is 0, 5 is 100)."""
        return round((self.mean - 1) / 4 * 100)

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(value, count, percent of this theme's answers) for the distribution chart."""
        total = sum(self.distribution) or 1
        return [(v + 1, n, round(n / total * 100)) for v, n in enumerate(self.distribution)]


@dataclass
class GroupResult:
    name: str
    size: int
    answered: int
    themes: list[ThemeResult] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return self.answered >= min_answers()


@dataclass
class RoundResults:
    answered: int
    invited: int
    visible: bool
    themes: list[ThemeResult]
    groups: list[GroupResult]
    free_texts: list[str]

    @property
    def response_rate(self) -> int:
        return round(self.answered / self.invited * 100) if self.invited else 0

    @property
    def flagged(self) -> list[ThemeResult]:
        return [t for t in self.themes if t.flagged]


def _theme_results(themes, answers, previous: dict[str, float]) -> list[ThemeResult]:
    results = []
    for theme in themes:
        questions: list[Question] = list(theme.questions.all())
        per_person, counts = [], Counter()
        for answer in answers:
            scores = [q.score(answer.values[q.key]) for q in questions if q.key in answer.values]
            counts.update(scores)
            if scores:
                per_person.append(mean(scores))
        if not per_person:
            continue
        value = round(mean(per_person), 2)
        before = previous.get(theme.key)
        results.append(
            ThemeResult(
                theme=theme,
                mean=value,
                distribution=[counts.get(v, 0) for v in range(1, 6)],
                change=None if before is None else round(value - before, 2),
                flagged=value < settings.QUESTIONNAIRE_FLAG_BELOW,
            )
        )
    return results


def _previous_means(round_: Round) -> dict[str, float]:
    """Theme means of the company's previous round, if it had results to show."""
    earlier = (
        Round.objects.filter(company_id=round_.company_id, opened_on__lte=round_.opened_on)
        .exclude(pk=round_.pk)
        .filter(pk__lt=round_.pk)
        .select_related("template")
        .order_by("-opened_on", "-id")
        .first()
    )
    if earlier is None:
        return {}
    answers = list(earlier.answers.all())
    if len(answers) < min_answers():
        return {}
    return {r.theme.key: r.mean for r in _theme_results(themes_of(earlier.template), answers, {})}


def _differences_reveal_a_small_group(answered: int, groups: list[GroupResult]) -> bool:
    """Would the company's results minus the shown groups' give away fewer than the limit?

    With groups of 6 and 3 and nobody else, the company's mean and the 6's mean give
    the 3's mean by subtraction. Then no group is shown at all.
    """
    rest = answered - sum(g.answered for g in groups if g.visible)
    return 0 < rest < min_answers() and any(g.visible for g in groups)


def round_results(round_: Round) -> RoundResults:
    """Everything any page may show of a round's answers, already made anonymous."""
    answers = list(Answer.objects.filter(round=round_).only("group_id", "values", "free_text"))
    groups = list(round_.groups.all())
    visible = len(answers) >= min_answers()
    themes = themes_of(round_.template) if visible else []
    group_results = [
        GroupResult(
            name=g.name, size=g.size, answered=sum(1 for a in answers if a.group_id == g.pk)
        )
        for g in groups
    ]
    if visible and not _differences_reveal_a_small_group(len(answers), group_results):
        for group, result in zip(groups, group_results, strict=True):
            if result.visible:
                mine = [a for a in answers if a.group_id == group.pk]
                result.themes = _theme_results(themes, mine, {})
    return RoundResults(
        answered=len(answers),
        invited=round_.employee_count,
        visible=visible,
        themes=_theme_results(themes, answers, _previous_means(round_)) if visible else [],
        groups=group_results,
        # Sorted, so that the order says nothing about who answered when.
        free_texts=sorted(a.free_text for a in answers if a.free_text) if visible else [],
    )
