"""Reads of questionnaire rounds on behalf of a user, and their anonymous results.

Results exist only as aggregates, only once the round is closed (so that no result
moves by one person), and only where at least ``min_answers()`` answered: below that
nothing is computed at all, not even a group's count, so no page, export or report can
show it. While the round is open, only a coarse progress is known (ANONYMITY.md).
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import mean

from django.conf import settings
from django.http import Http404

from companies.selectors import companies_visible_to
from questionnaires import template_data
from questionnaires.models import (
    Answer,
    AnswerCode,
    Question,
    QuestionnaireTemplate,
    Round,
    Theme,
)

ABSOLUTE_MIN_ANSWERS = 5
PROGRESS_STEP = 5


def min_answers() -> int:
    """The anonymity threshold: the setting, but never below 5."""
    return max(ABSOLUTE_MIN_ANSWERS, int(settings.QUESTIONNAIRE_MIN_ANSWERS))


@dataclass(frozen=True)
class Progress:
    """How far an open round has come, coarse enough that one answer is not seen.

    Below the threshold it says only that; above it, the count rounded down to a step
    of 5. The exact count is known only once the round is closed (``RoundResults``).
    """

    at_least: int
    invited: int
    threshold: int

    @property
    def below_threshold(self) -> bool:
        return self.at_least < self.threshold


def round_progress(round_: Round) -> Progress:
    answered = Answer.objects.filter(round=round_).count()
    return Progress(
        at_least=answered - answered % PROGRESS_STEP,
        invited=round_.employee_count,
        threshold=min_answers(),
    )


def codes_left(round_: Round, group) -> int:
    """How many more codes ``group`` (None: those in no group) may get: one per person."""
    if group is not None:
        size = group.size
    else:
        size = round_.employee_count - sum(g.size for g in round_.groups.all())
    issued = AnswerCode.objects.filter(round=round_, group=group).count()
    return max(0, size - issued)


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


def current_template() -> QuestionnaireTemplate | None:
    """The version new rounds use; None if there is none.

    Only reads: the shipped questionnaire is installed by the data migration
    ``0002_template_v1``, and a revision (``hms_cert.versioned``) makes the next current.
    """
    return (
        QuestionnaireTemplate.objects.filter(key=template_data.KEY, is_current=True)
        .order_by("-version")
        .first()
    )


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
    """A group's results; ``answered`` is None unless they are shown (not even a count)."""

    name: str
    size: int
    answered: int | None = None
    themes: list[ThemeResult] = field(default_factory=list)

    @property
    def visible(self) -> bool:
        return bool(self.themes)


@dataclass
class RoundResults:
    """What may be shown of a round. ``closed`` False: nothing but that it is open."""

    closed: bool
    answered: int | None
    invited: int
    visible: bool
    themes: list[ThemeResult]
    groups: list[GroupResult]
    free_texts: list[str]

    @property
    def response_rate(self) -> int | None:
        if self.answered is None or not self.invited:
            return None
        return round(self.answered / self.invited * 100)

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
        .exclude(closed_on=None)
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


def _differences_reveal_a_small_group(answered: int, shown: list[int]) -> bool:
    """Would the company's results minus the shown groups' give away fewer than the limit?

    With groups of 6 and 5 answering and one more person, the company's mean and the
    groups' means give that person's by subtraction. Then no group is shown at all.
    """
    rest = answered - sum(shown)
    return 0 < rest < min_answers() and bool(shown)


def round_results(round_: Round) -> RoundResults:
    """Everything any page may show of a round's answers, already made anonymous."""
    stored_groups = list(round_.groups.all())
    groups = [GroupResult(name=g.name, size=g.size) for g in stored_groups]
    closed = round_.closed_on is not None
    answers = (
        list(Answer.objects.filter(round=round_).only("group_id", "values", "free_text"))
        if closed
        else []
    )
    visible = len(answers) >= min_answers()
    results = RoundResults(
        closed=closed,
        answered=len(answers) if visible else None,
        invited=round_.employee_count,
        visible=visible,
        themes=[],
        groups=groups,
        # Sorted, so that the order says nothing about who answered when.
        free_texts=sorted(a.free_text for a in answers if a.free_text) if visible else [],
    )
    if visible:
        themes = themes_of(round_.template)
        results.themes = _theme_results(themes, answers, _previous_means(round_))
        _fill_groups(results, stored_groups, themes, answers)
    return results


def _fill_groups(results: RoundResults, stored_groups, themes, answers) -> None:
    """Themes and counts for the groups large enough, unless subtraction would betray one."""
    by_group = {g.pk: [a for a in answers if a.group_id == g.pk] for g in stored_groups}
    large = [mine for mine in by_group.values() if len(mine) >= min_answers()]
    if _differences_reveal_a_small_group(len(answers), [len(m) for m in large]):
        return
    for result, mine in zip(results.groups, by_group.values(), strict=True):
        if len(mine) >= min_answers():
            result.answered = len(mine)
            result.themes = _theme_results(themes, mine, {})
