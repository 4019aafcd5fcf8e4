"""The facts of a case, as the rules engine sees them: plain frozen values, checked on entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

PHYSICAL = "physical"
PSYCHOSOCIAL = "psychosocial"
SURVEY_KINDS = (PHYSICAL, PSYCHOSOCIAL)

BEDRIFTSTJENESTEN = "BEDRIFTSTJENESTEN"
EXTERNAL = "EXTERNAL"
PROVIDERS = (BEDRIFTSTJENESTEN, EXTERNAL)

OPEN = "OPEN"
IN_PROGRESS = "IN_PROGRESS"
DONE = "DONE"
NOT_APPLICABLE = "NOT_APPLICABLE"
STATUSES = (OPEN, IN_PROGRESS, DONE, NOT_APPLICABLE)

CLASS_B = "B"
CLASS_A = "A"
CLASS_A_PLUS = "A+"
CLASS_ORDER = (CLASS_B, CLASS_A, CLASS_A_PLUS)  # lowest first
_RANK = {None: 0, CLASS_B: 1, CLASS_A: 2, CLASS_A_PLUS: 3}

# The legal minimum of A3, parts (a)-(e), in that order.
LEGAL_MINIMUM_PARTS = (
    "employment_contracts",
    "equipment_inspection",
    "safety_representative",
    "regulations",
    "internal_control",
)


def _check_date(value: object, what: str) -> None:
    # datetime is a date subclass, but comparing one with a date raises TypeError.
    if type(value) is not date:
        raise TypeError(f"{what} must be a datetime.date, not {type(value).__name__}")


def _check_choice(value: object, choices: tuple[str, ...], what: str) -> None:
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(choices)}, not {value!r}")


def _as_tuple(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class SurveyFact:
    kind: str  # PHYSICAL | PSYCHOSOCIAL
    performed_on: date
    provider: str  # BEDRIFTSTJENESTEN | EXTERNAL
    verified: bool = False
    has_report: bool = False
    has_action_plan: bool = False
    report_reviewed: bool = False
    formal_conversations: bool = False
    no_new_survey_needed: bool = False
    no_significant_deviations: bool = False

    def __post_init__(self) -> None:
        _check_choice(self.kind, SURVEY_KINDS, "SurveyFact.kind")
        _check_choice(self.provider, PROVIDERS, "SurveyFact.provider")
        _check_date(self.performed_on, "SurveyFact.performed_on")

    @property
    def is_verified(self) -> bool:
        """Ours (BEDRIFTSTJENESTEN) or an EXTERNAL survey an advisor has accepted."""
        return self.verified or self.provider == BEDRIFTSTJENESTEN


@dataclass(frozen=True, slots=True)
class ActionItemFact:
    area: str  # PHYSICAL | PSYCHOSOCIAL
    status: str  # OPEN | IN_PROGRESS | DONE | NOT_APPLICABLE
    due_date: date | None = None

    def __post_init__(self) -> None:
        _check_choice(self.area, SURVEY_KINDS, "ActionItemFact.area")
        _check_choice(self.status, STATUSES, "ActionItemFact.status")
        if self.due_date is not None:
            _check_date(self.due_date, "ActionItemFact.due_date")


@dataclass(frozen=True, slots=True)
class PreviousCertificateFact:
    klass: str  # "B" | "A" | "A+"
    valid_from: date  # where its period began; for a reissue, where the replaced one began
    valid_until: date  # inclusive last valid day
    revoked: bool = False
    revoked_on: date | None = None  # when it was revoked, where known

    def __post_init__(self) -> None:
        _check_choice(self.klass, CLASS_ORDER, "PreviousCertificateFact.klass")
        _check_date(self.valid_from, "PreviousCertificateFact.valid_from")
        _check_date(self.valid_until, "PreviousCertificateFact.valid_until")
        if self.revoked_on is not None:
            _check_date(self.revoked_on, "PreviousCertificateFact.revoked_on")
            if not self.revoked:
                raise ValueError("PreviousCertificateFact.revoked_on given but revoked is False")


@dataclass(frozen=True, slots=True)
class LegalMinimumFact:
    """A3's legal minimum, each part confirmed on its own: (a) to (e)."""

    employment_contracts: bool = False  # (a) written employment contracts with all employees
    equipment_inspection: bool = False  # (b) work equipment inspected, inspection documented
    safety_representative: bool = False  # (c) safety representative (and AMU) elected, trained
    regulations: bool = False  # (d) current regulations and guidance available
    internal_control: bool = False  # (e) an internal control (HMS) system exists

    @classmethod
    def all_confirmed(cls) -> LegalMinimumFact:
        return _LEGAL_MINIMUM_ALL

    @property
    def complete(self) -> bool:
        return (
            self.employment_contracts
            and self.equipment_inspection
            and self.safety_representative
            and self.regulations
            and self.internal_control
        )

    def missing_parts(self) -> tuple[str, ...]:
        """The names of the parts not confirmed, (a) to (e) order."""
        return tuple(name for name in LEGAL_MINIMUM_PARTS if not getattr(self, name))


_LEGAL_MINIMUM_ALL = LegalMinimumFact(True, True, True, True, True)


@dataclass(frozen=True, slots=True)
class Facts:
    assessment_date: date
    off_site_work: bool = False
    surveys: tuple[SurveyFact, ...] = ()
    risk_assessments: tuple[date, ...] = ()
    safety_rounds: tuple[date, ...] = ()
    action_items: tuple[ActionItemFact, ...] = ()
    legal_minimum: LegalMinimumFact = LegalMinimumFact()
    psychosocial_improvement_ongoing: bool = False
    management_focus_note: str = ""
    discretionary_justification: str = ""
    previous_certificates: tuple[PreviousCertificateFact, ...] = ()
    rule_set: str | None = None  # None = newest rule set started on assessment_date

    def __post_init__(self) -> None:
        _check_date(self.assessment_date, "Facts.assessment_date")
        for name in (
            "surveys",
            "risk_assessments",
            "safety_rounds",
            "action_items",
            "previous_certificates",
        ):
            _as_tuple(self, name)  # lists are accepted and stored as tuples
        for d in self.risk_assessments:
            _check_date(d, "Facts.risk_assessments[]")
        for d in self.safety_rounds:
            _check_date(d, "Facts.safety_rounds[]")
        if not isinstance(self.legal_minimum, LegalMinimumFact):
            raise TypeError("Facts.legal_minimum must be a LegalMinimumFact")

    @property
    def legal_minimum_verified(self) -> bool:
        """All five parts of the legal minimum confirmed."""
        return self.legal_minimum.complete
