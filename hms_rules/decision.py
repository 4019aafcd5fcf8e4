"""A decision: each class with its criteria met or not, the eligible class, and the texts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from hms_rules.facts import _RANK, CLASS_ORDER
from hms_rules.texts import Text

if TYPE_CHECKING:
    from hms_rules.assessment import Assessment


# --------------------------------------------------------------------------- decision


class CriterionResult:
    """One criterion: its code, met or not, its text and - where not met - what is missing.

    ``message``/``missing_message`` are unrendered ``Text``s; ``text``/``missing`` give them
    in bokmål, ``text_in(language)``/``missing_in(language)`` in "nb" or "en".

    Immutable by contract (nothing assigns to a result after it is made) and compared by
    value. A criterion that is not met may leave working out what is missing until it is
    asked for (``CriterionResult.later``): most decisions are made to know the class, and a
    portfolio row shows one criterion's ``missing``. The text is the same either way.
    """

    __slots__ = ("_missing", "_pending", "code", "message", "met")

    def __init__(
        self, code: str, met: bool, message: Text, missing_message: Text | None = None
    ) -> None:
        self.code = code
        self.met = met
        self.message = message
        self._missing = missing_message
        self._pending = None

    @classmethod
    def later(
        cls, code: str, message: Text, why: Callable[[Assessment], list[Text]], a: Assessment
    ) -> CriterionResult:
        """Not met; ``why(a)`` gives the parts of what is missing, the first time it is asked."""
        result = cls(code, False, message)
        result._pending = (why, a)  # one tuple, read in one step: safe to share between threads
        return result

    @property
    def missing_message(self) -> Text | None:
        pending = self._pending
        if pending is not None:
            self._missing = _joined(pending[0](pending[1]))
            self._pending = None
        return self._missing

    @property
    def text(self) -> str:
        return self.message.render("nb")

    @property
    def missing(self) -> str | None:
        missing = self.missing_message
        return None if missing is None else missing.render("nb")

    def text_in(self, language: str) -> str:
        return self.message.render(language)

    def missing_in(self, language: str) -> str | None:
        missing = self.missing_message
        return None if missing is None else missing.render(language)

    def _fields(self) -> tuple:
        return (self.code, self.met, self.message, self.missing_message)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CriterionResult):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        code, met, message, missing = self._fields()
        return (
            f"CriterionResult(code={code!r}, met={met!r}, message={message!r}, "
            f"missing_message={missing!r})"
        )


def _joined(parts: list[Text]) -> Text:
    return parts[0] if len(parts) == 1 else Text("_join", tuple(parts))


_new_tuple = tuple.__new__  # builds a named tuple from all its fields without a Python call


class ClassResult(NamedTuple):
    """One class: met or not, and every one of its criteria."""

    klass: str
    met: bool
    criteria: tuple[CriterionResult, ...]


class Decision:
    """The decision on one case (RULES.md, "The decision"), compared by value.

    ``classes`` are B, A, A+ in that order. ``stable_until`` is the first day after
    ``assessment_date`` on which the same facts could decide otherwise (None: never);
    conservative, it may come earlier than needed, never later. A rule set's decision
    works it out the first time it is read (most decisions are made for the class only);
    the date is the same either way. Immutable by contract, like ``CriterionResult``.
    """

    __slots__ = (
        "_pending",
        "_stable_until",
        "assessment_date",
        "classes",
        "discretionary",
        "eligible_class",
        "rule_set",
        "waiver_used",
    )

    def __init__(
        self,
        rule_set: str,
        assessment_date: date,
        eligible_class: str | None,
        discretionary: bool,
        waiver_used: bool,
        classes: tuple[ClassResult, ...],
        stable_until: date | None = None,
    ) -> None:
        self.rule_set = rule_set
        self.assessment_date = assessment_date
        self.eligible_class = eligible_class
        self.discretionary = discretionary
        self.waiver_used = waiver_used
        self.classes = classes
        self._stable_until = stable_until
        self._pending = None

    @property
    def stable_until(self) -> date | None:
        pending = self._pending  # (rule set, assessment, newest?): read in one step
        if pending is not None:
            self._stable_until = pending[0].stable_until(pending[1], pending[2])
            self._pending = None
        return self._stable_until

    def _fields(self) -> tuple:
        return (
            self.rule_set,
            self.assessment_date,
            self.eligible_class,
            self.discretionary,
            self.waiver_used,
            self.classes,
            self.stable_until,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Decision):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("rule_set", "assessment_date", "eligible_class", "discretionary")
        names += ("waiver_used", "classes", "stable_until")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True))
        return f"Decision({shown})"

    def class_result(self, klass: str) -> ClassResult:
        for result in self.classes:
            if result.klass == klass:
                return result
        raise KeyError(klass)

    def first_missing(self) -> CriterionResult | None:
        """The first unmet criterion of the lowest class not met: "the next thing missing".

        None when every class is met.
        """
        for result in self.classes:
            if not result.met:
                for c in result.criteria:
                    if not c.met:
                        return c
                return None  # a class not met always has an unmet criterion of its own
        return None


def class_rank(klass: str | None) -> int:
    """None -> 0, B -> 1, A -> 2, A+ -> 3."""
    try:
        return _RANK[klass]
    except KeyError:
        raise ValueError(f"unknown class {klass!r}") from None


def available_classes(eligible: str | None) -> tuple[str, ...]:
    """The classes an issuer may choose: the eligible class and those below it, lowest first."""
    return CLASS_ORDER[: class_rank(eligible)]
