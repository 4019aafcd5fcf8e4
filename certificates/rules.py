"""The certification criteria of RULES.md as a pure function: facts in, decision out.

This module imports no Django, reads no database, no clock and no settings: the same
``Facts`` always give the same ``Decision``. Building the facts from the database is
``certificates.facts``' job; the JSON form is ``certificates.rules_json``.

Rule sets
    The seed says the criteria "can change without notice", so they are versioned.
    ``RULE_SETS`` maps the date a rule set starts to the rule set object; each object has a
    ``name`` ("2004-09-27"), a ``starts_on`` date and a ``decide(facts)`` method. A later rule
    set is a new ``RuleSet`` subclass registered beside this one (``RULE_SETS.register``),
    never an edit of ``RuleSet20040927``. ``decide(facts)`` uses ``facts.rule_set`` when it is
    given, else the newest rule set that had started on ``facts.assessment_date``.

How the classes list their criteria (rule set 2004-09-27)
    Each class lists only its own codes: B lists B1-B5, A lists A1-A4, A+ lists P1-P3, and
    every criterion is always evaluated and listed, met or not. A class's ``met`` means its
    own criteria hold *and* the class below is met: A requires B met on its criteria (a
    discretionary B never counts), A+ requires A met. ``ClassResult(B).met`` is False for a
    discretionary B; the decision then has ``eligible_class == "B"`` and
    ``discretionary=True``.

Interpretations (where RULES.md leaves room; the seed's meaning decides)
    * D = ``facts.assessment_date``. "Recent" is D - 12 calendar months <= d <= D (29 Feb
      minus 12 months is 28 Feb). Anything dated after D is ignored everywhere, so its
      presence never changes a decision, not even a ``missing`` text.
    * A survey is verified when ``provider`` is BEDRIFTSTJENESTEN (ours, so verified by being
      ours) or when ``verified`` is set (an advisor accepted an EXTERNAL survey).
    * The survey counted in B1 is the most recent verified physical survey on or before D,
      provided it is recent. The survey counted in A1 is the most recent recent verified
      psychosocial survey done through formal conversations; failing that, the waiver looks
      at the most recent verified psychosocial survey on or before D: it counts when it is at
      most 24 months old, recorded ``no_new_survey_needed`` and was itself done through
      formal conversations (the waiver spares this year's survey, not the kind of survey).
      Surveys on the same day are ordered by a total key over all their fields, favouring
      the one that meets most criteria, so the choice never depends on input order.
    * B2: the counted survey ``has_report`` and (``has_action_plan`` or
      ``no_significant_deviations``) - the plan may be missing only where the report
      records nothing to act on.
    * Active action item: DONE, or IN_PROGRESS with a due date >= D. OPEN items, overdue
      IN_PROGRESS items and IN_PROGRESS items without a due date are not active;
      NOT_APPLICABLE items are left out. No items of an area means B4/P3's item part holds.
    * A3 holds vacuously when no survey is counted (A then fails on B1/A1 anyway).
    * P1: a certificate of class A or A+, not revoked, with valid_from < D (one issued on D
      or later never counts) and valid_until >= D - 12 months, i.e. [valid_from,
      valid_until] overlaps [D - 12 months, D).
    * Discretionary B: B's criteria do not all hold, ``discretionary_justification`` is not
      blank and some verified survey of either kind is recent. It never lifts to A or A+.
    * ``waiver_used`` is True when A1 is met through the waiver (whatever the eligible class).

Performance: one decision for a realistic case costs some tens of microseconds (see
``python -m bench``); met criteria with a fixed text are shared immutable singletons.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

__all__ = [
    "BEDRIFTSTJENESTEN",
    "CLASS_A",
    "CLASS_A_PLUS",
    "CLASS_B",
    "CLASS_ORDER",
    "DONE",
    "EXTERNAL",
    "IN_PROGRESS",
    "NOT_APPLICABLE",
    "OPEN",
    "PHYSICAL",
    "PROVIDERS",
    "PSYCHOSOCIAL",
    "RULE_SETS",
    "STATUSES",
    "SURVEY_KINDS",
    "ActionItemFact",
    "ClassResult",
    "CriterionResult",
    "Decision",
    "Facts",
    "PreviousCertificateFact",
    "RuleSet",
    "RuleSet20040927",
    "RuleSetRegistry",
    "SurveyFact",
    "UnknownRuleSet",
    "available_classes",
    "class_rank",
    "decide",
    "format_date",
    "months_before",
    "rule_set_for",
]

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


# --------------------------------------------------------------------------- dates


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_before(d: date, months: int) -> date:
    """``d`` minus ``months`` calendar months, the day clamped to the month's last day.

    ``months_before(date(2028, 2, 29), 12) == date(2027, 2, 28)``;
    ``months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)``. A negative ``months``
    counts forward: ``months_before(date(2028, 2, 29), -12) == date(2029, 2, 28)``.
    Past the ends of the calendar it stops at ``date.min``/``date.max``.
    """
    total = d.year * 12 + d.month - 1 - months
    year, month0 = divmod(total, 12)
    if year < date.min.year:  # before year 1: every date there is counts
        return date.min
    if year > date.max.year:
        return date.max
    last = _DAYS_IN_MONTH[month0]
    if month0 == 1 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        last = 29
    day = d.day
    return date(year, month0 + 1, day if day <= last else last)


@lru_cache(maxsize=4096)  # texts repeat the same few dates; a pure function, so cached
def format_date(d: date) -> str:
    """dd.mm.yyyy, the Norwegian form used in every text."""
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


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
    valid_from: date
    valid_until: date  # inclusive last valid day
    revoked: bool = False

    def __post_init__(self) -> None:
        _check_choice(self.klass, CLASS_ORDER, "PreviousCertificateFact.klass")
        _check_date(self.valid_from, "PreviousCertificateFact.valid_from")
        _check_date(self.valid_until, "PreviousCertificateFact.valid_until")


@dataclass(frozen=True, slots=True)
class Facts:
    assessment_date: date
    off_site_work: bool = False
    surveys: tuple[SurveyFact, ...] = ()
    risk_assessments: tuple[date, ...] = ()
    safety_rounds: tuple[date, ...] = ()
    action_items: tuple[ActionItemFact, ...] = ()
    legal_minimum_verified: bool = False
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


# --------------------------------------------------------------------------- decision


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    met: bool
    text: str
    missing: str | None


@dataclass(frozen=True, slots=True)
class ClassResult:
    klass: str
    met: bool
    criteria: tuple[CriterionResult, ...]


@dataclass(frozen=True, slots=True)
class Decision:
    rule_set: str
    assessment_date: date
    eligible_class: str | None
    discretionary: bool
    waiver_used: bool
    classes: tuple[ClassResult, ...]  # B, A, A+ in that order

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
                for criterion in result.criteria:
                    if not criterion.met:
                        return criterion
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


# --------------------------------------------------------------------------- rule sets


class UnknownRuleSet(ValueError):
    """No rule set of that name, or none had started on the assessment date."""


class RuleSet:
    """One version of the criteria. Subclasses set ``name`` and ``starts_on``."""

    name: str
    starts_on: date

    def decide(self, facts: Facts) -> Decision:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


class RuleSetRegistry(dict[date, RuleSet]):
    """Rule sets keyed by the date each starts."""

    def register(self, rule_set: RuleSet) -> RuleSet:
        if rule_set.starts_on in self or rule_set.name in self.names():
            raise ValueError(f"rule set {rule_set.name} is already registered")
        self[rule_set.starts_on] = rule_set
        return rule_set

    def names(self) -> tuple[str, ...]:
        return tuple(self[start].name for start in sorted(self))

    def rule_set_for(self, assessment_date: date, name: str | None = None) -> RuleSet:
        """The rule set called ``name``, or the newest that had started on ``assessment_date``."""
        if name is not None:
            for rule_set in self.values():
                if rule_set.name == name:
                    return rule_set
            known = ", ".join(self.names())
            raise UnknownRuleSet(f"unknown rule set {name!r} (known: {known})")
        best = None
        for start in self:
            if start <= assessment_date and (best is None or start > best):
                best = start
        if best is None:
            raise UnknownRuleSet(f"no rule set had started on {assessment_date.isoformat()}")
        return self[best]


RULE_SETS = RuleSetRegistry()


def rule_set_for(assessment_date: date, name: str | None = None) -> RuleSet:
    return RULE_SETS.rule_set_for(assessment_date, name)


def decide(facts: Facts) -> Decision:
    """The decision for one case under its rule set (see ``Facts.rule_set``)."""
    return RULE_SETS.rule_set_for(facts.assessment_date, facts.rule_set).decide(facts)


# --------------------------------------------------------------------------- 2004-09-27


def _survey_key(s: SurveyFact) -> tuple:
    """Total order among surveys of one kind: newest first, then the one meeting most."""
    return (
        s.performed_on,
        s.has_report,
        s.has_action_plan or s.no_significant_deviations,
        s.report_reviewed,
        s.formal_conversations,
        s.no_new_survey_needed,
        s.provider == BEDRIFTSTJENESTEN,
        s.verified,
        s.has_action_plan,
        s.no_significant_deviations,
    )


def _newer(a: SurveyFact, b: SurveyFact | None) -> bool:
    if b is None:
        return True
    if a.performed_on != b.performed_on:
        return a.performed_on > b.performed_on
    return _survey_key(a) > _survey_key(b)


def _items_missing(
    noun_one: str, noun_many: str, open_: int, overdue: list[date], no_due: int
) -> str:
    count = open_ + len(overdue) + no_due
    noun = noun_one if count == 1 else noun_many
    parts = []
    if open_:
        parts.append(f"{open_} ikke påbegynt")
    if overdue:
        if len(overdue) == 1:
            parts.append(f"1 forfalt {format_date(overdue[0])}")
        else:
            parts.append(f"{len(overdue)} forfalt, eldste frist {format_date(min(overdue))}")
    if no_due:
        parts.append(f"{no_due} i arbeid uten frist")
    return f"{count} {noun} er ikke rettet eller i aktiv utbedring ({', '.join(parts)})"


def _stale(what: str, latest: date, d: date) -> str:
    return (
        f"{what} mangler: siste er fra {format_date(latest)}, "
        f"mer enn 12 måneder før {format_date(d)}"
    )


_TEXT = {
    "B1": "Verifisert fysisk kartlegging siste 12 måneder",
    "B2": "Skriftlig rapport og handlingsplan fra den fysiske kartleggingen",
    "B3": "Dokumentert risikovurdering siste 12 måneder",
    "B4": "Alle fysiske tiltak i handlingsplanen er rettet eller i aktiv utbedring",
    "B5": (
        "Vernerunde eller annen dokumentert HMS-sikring av arbeid utenfor egne lokaler "
        "siste 12 måneder"
    ),
    "B5-": (
        "Vernerunde for arbeid utenfor egne lokaler: ikke aktuelt, virksomheten utfører ikke "
        "en vesentlig del av arbeidet utenfor egne lokaler"
    ),
    "A1": (
        "Verifisert psykososial kartlegging med formaliserte arbeidsmiljø-/medarbeidersamtaler "
        "siste 12 måneder"
    ),
    "A2": "Skriftlig rapport fra den psykososiale kartleggingen er gjennomgått",
    "A3": (
        "Kartleggingene er utført med bistand fra Bedriftstjenesten AS, eller lovens "
        "minstekrav er dokumentert eller verifisert"
    ),
    "A4": "Det arbeides kontinuerlig med forbedring av psykososiale forhold",
    "P1": "Sertifisert i klasse A eller høyere foregående år",
    "P2": (
        "Ledelsen har kontinuerlig fokus på HMS, ikke minst psykososiale forhold, utover det "
        "som er vanlig i bransjen"
    ),
    "P3": (
        "Konkret handlingsplan etter den psykososiale kartleggingen, og alle psykososiale "
        "tiltak er rettet eller i aktiv utbedring"
    ),
}
_WAIVER_TEXT = (
    "Psykososial kartlegging: unntak brukt – kartleggingen fra {} (siste 24 måneder) ga ikke "
    "grunn til å anta behov for ny kartlegging etter 12 måneder"
)
_LEGAL_MINIMUM = (
    "lovens minstekrav (arbeidsavtaler, kontroll av arbeidsutstyr, verneombud/AMU, "
    "forskrifter og veiledninger, internkontrollsystem) er ikke dokumentert eller verifisert"
)

# Met criteria whose text never varies: immutable, so one shared instance each.
_MET = {code: CriterionResult(code, True, text, None) for code, text in _TEXT.items()}
_MET_B5 = _MET["B5"]
_MET_B5_NA = CriterionResult("B5", True, _TEXT["B5-"], None)


def _unmet(code: str, missing: str) -> CriterionResult:
    return CriterionResult(code, False, _TEXT[code], missing)


class RuleSet20040927(RuleSet):
    """RULES.md rule set 2004-09-27: classes B (B1-B5), A (A1-A4), A+ (P1-P3)."""

    name = "2004-09-27"
    starts_on = date(2004, 9, 27)
    codes = {
        CLASS_B: ("B1", "B2", "B3", "B4", "B5"),
        CLASS_A: ("A1", "A2", "A3", "A4"),
        CLASS_A_PLUS: ("P1", "P2", "P3"),
    }

    def decide(self, facts: Facts) -> Decision:
        d = facts.assessment_date
        recent_from = months_before(d, 12)
        waiver_from = months_before(d, 24)
        d_text = format_date(d)

        # ---- surveys: one pass; anything after D is ignored
        phys = None  # most recent verified physical survey on or before D
        phys_unverified = None  # most recent recent unverified physical survey
        psy_formal = None  # most recent recent verified psychosocial survey, formal conversations
        psy = None  # most recent verified psychosocial survey on or before D
        psy_unverified = None
        any_recent_verified = False
        for s in facts.surveys:
            on = s.performed_on
            if on > d:
                continue
            verified = s.verified or s.provider == BEDRIFTSTJENESTEN
            recent = on >= recent_from
            if s.kind == PHYSICAL:
                if verified:
                    if _newer(s, phys):
                        phys = s
                elif recent and _newer(s, phys_unverified):
                    phys_unverified = s
            elif verified:
                if _newer(s, psy):
                    psy = s
                if recent and s.formal_conversations and _newer(s, psy_formal):
                    psy_formal = s
            elif recent and _newer(s, psy_unverified):
                psy_unverified = s
            if verified and recent:
                any_recent_verified = True

        # ---- action items
        phys_open = psy_open = phys_no_due = psy_no_due = 0
        phys_overdue: list[date] = []
        psy_overdue: list[date] = []
        for item in facts.action_items:
            status = item.status
            if status in (DONE, NOT_APPLICABLE):
                continue
            physical = item.area == PHYSICAL
            if status == IN_PROGRESS:
                due = item.due_date
                if due is None:
                    if physical:
                        phys_no_due += 1
                    else:
                        psy_no_due += 1
                elif due < d:
                    (phys_overdue if physical else psy_overdue).append(due)
            elif physical:
                phys_open += 1
            else:
                psy_open += 1

        # ---- B1: verified physical survey, recent
        b1_survey = phys if phys is not None and phys.performed_on >= recent_from else None
        if b1_survey is not None:
            b1 = _MET["B1"]
        else:
            parts = []
            if phys_unverified is not None:
                parts.append(
                    f"Fysisk kartlegging fra {format_date(phys_unverified.performed_on)} er "
                    "utført av andre og ikke verifisert av Bedriftstjenesten AS"
                )
            if phys is not None:
                what = "Fysisk kartlegging" if not parts else "Verifisert fysisk kartlegging"
                parts.append(_stale(what, phys.performed_on, d))
            elif phys_unverified is None:
                parts.append("Ingen verifisert fysisk kartlegging er registrert")
            b1 = _unmet("B1", "; ".join(parts))

        # ---- B2: report and action plan (plan may be missing only with nothing to act on)
        if b1_survey is None:
            b2 = _unmet("B2", "Forutsetter en verifisert fysisk kartlegging siste 12 måneder (B1)")
        else:
            report = b1_survey.has_report
            plan = b1_survey.has_action_plan or b1_survey.no_significant_deviations
            if report and plan:
                b2 = _MET["B2"]
            else:
                what = (
                    "Skriftlig rapport og handlingsplan"
                    if not report and not plan
                    else ("Skriftlig rapport" if not report else "Handlingsplan")
                )
                b2 = _unmet(
                    "B2",
                    f"{what} mangler for fysisk kartlegging fra "
                    f"{format_date(b1_survey.performed_on)}",
                )

        # ---- B3: risk assessment, recent
        latest = None
        for on in facts.risk_assessments:
            if on <= d and (latest is None or on > latest):
                latest = on
        if latest is not None and latest >= recent_from:
            b3 = _MET["B3"]
        elif latest is None:
            b3 = _unmet("B3", "Ingen risikovurdering er registrert")
        else:
            b3 = _unmet("B3", _stale("Risikovurdering", latest, d))

        # ---- B4: every physical action item active
        if phys_open or phys_overdue or phys_no_due:
            b4 = _unmet(
                "B4",
                _items_missing(
                    "fysisk tiltak", "fysiske tiltak", phys_open, phys_overdue, phys_no_due
                ),
            )
        else:
            b4 = _MET["B4"]

        # ---- B5: safety round, recent, where much work is done off site
        if not facts.off_site_work:
            b5 = _MET_B5_NA
        else:
            latest = None
            for on in facts.safety_rounds:
                if on <= d and (latest is None or on > latest):
                    latest = on
            if latest is not None and latest >= recent_from:
                b5 = _MET_B5
            elif latest is None:
                b5 = _unmet(
                    "B5",
                    "Virksomheten utfører en vesentlig del av arbeidet utenfor egne lokaler, "
                    "men ingen vernerunde eller annen HMS-sikring av det arbeidet er registrert",
                )
            else:
                b5 = _unmet("B5", _stale("Vernerunde", latest, d))

        b_criteria = (b1, b2, b3, b4, b5)
        b_met = b1.met and b2.met and b3.met and b4.met and b5.met

        # ---- A1: psychosocial survey, recent, formal conversations; or the waiver
        waiver_used = False
        a1_survey = psy_formal
        if a1_survey is not None:
            a1 = _MET["A1"]
        elif (
            psy is not None
            and psy.performed_on >= waiver_from
            and psy.no_new_survey_needed
            and psy.formal_conversations
        ):
            a1_survey = psy
            waiver_used = True
            a1 = CriterionResult(
                "A1", True, _WAIVER_TEXT.format(format_date(psy.performed_on)), None
            )
        else:
            parts = []
            if psy_unverified is not None and (
                psy is None or psy_unverified.performed_on > psy.performed_on
            ):
                parts.append(
                    f"Psykososial kartlegging fra {format_date(psy_unverified.performed_on)} er "
                    "utført av andre og ikke verifisert av Bedriftstjenesten AS"
                )
            if psy is None:
                if not parts:
                    parts.append("Ingen verifisert psykososial kartlegging er registrert")
            elif psy.performed_on >= recent_from:
                parts.append(
                    f"Psykososial kartlegging fra {format_date(psy.performed_on)} er ikke "
                    "gjennomført med formaliserte arbeidsmiljø-/medarbeidersamtaler"
                )
            else:
                what = (
                    "Psykososial kartlegging" if not parts else "Verifisert psykososial kartlegging"
                )
                text = _stale(what, psy.performed_on, d)
                if psy.performed_on < waiver_from:
                    text += " (unntaket gjelder bare en kartlegging fra siste 24 måneder)"
                elif not psy.no_new_survey_needed:
                    text += (
                        " (unntaket krever at den ikke ga grunn til å anta behov for ny "
                        "kartlegging etter 12 måneder)"
                    )
                else:
                    text += (
                        " (unntaket krever at den var gjennomført med formaliserte "
                        "arbeidsmiljø-/medarbeidersamtaler)"
                    )
                parts.append(text)
            a1 = _unmet("A1", "; ".join(parts))

        # ---- A2: the A1 survey's report, reviewed
        if a1_survey is None:
            a2 = _unmet("A2", "Forutsetter en psykososial kartlegging som oppfyller A1")
        elif a1_survey.has_report and a1_survey.report_reviewed:
            a2 = _MET["A2"]
        elif not a1_survey.has_report:
            a2 = _unmet(
                "A2",
                "Skriftlig rapport mangler for psykososial kartlegging fra "
                f"{format_date(a1_survey.performed_on)}",
            )
        else:
            a2 = _unmet(
                "A2",
                "Rapporten fra psykososial kartlegging fra "
                f"{format_date(a1_survey.performed_on)} er ikke gjennomgått",
            )

        # ---- A3: legal minimum where a counted survey is external
        external = []
        if b1_survey is not None and b1_survey.provider != BEDRIFTSTJENESTEN:
            external.append(f"fysisk kartlegging fra {format_date(b1_survey.performed_on)}")
        if a1_survey is not None and a1_survey.provider != BEDRIFTSTJENESTEN:
            external.append(f"psykososial kartlegging fra {format_date(a1_survey.performed_on)}")
        if not external or facts.legal_minimum_verified:
            a3 = _MET["A3"]
        else:
            what = " og ".join(external)
            a3 = _unmet(
                "A3",
                f"{what[0].upper()}{what[1:]} er utført av andre enn Bedriftstjenesten AS, "
                f"og {_LEGAL_MINIMUM}",
            )

        # ---- A4: ongoing work on psychosocial conditions
        if facts.psychosocial_improvement_ongoing:
            a4 = _MET["A4"]
        else:
            a4 = _unmet(
                "A4",
                "Rådgiver har ikke registrert at det arbeides med forbedring av psykososiale "
                "forhold",
            )

        a_criteria = (a1, a2, a3, a4)
        a_met = b_met and a1.met and a2.met and a3.met and a4.met

        # ---- P1: class A or A+ in the year before D
        p1 = None
        for cert in facts.previous_certificates:
            if (
                not cert.revoked
                and cert.klass != CLASS_B
                and cert.valid_from < d
                and cert.valid_until >= recent_from
                and cert.valid_until >= cert.valid_from
            ):
                p1 = _MET["P1"]
                break
        if p1 is None:
            p1 = _unmet(
                "P1",
                f"Ingen gyldig sertifikat i klasse A eller A+ de siste 12 månedene før {d_text}",
            )

        # ---- P2: the issuer's note on management focus
        if facts.management_focus_note.strip():
            p2 = _MET["P2"]
        else:
            p2 = _unmet(
                "P2", "Utsteder har ikke bekreftet ledelsens HMS-fokus med et skriftlig notat"
            )

        # ---- P3: psychosocial action plan, and every psychosocial item active
        parts = []
        if a1_survey is None:
            parts.append("Forutsetter en psykososial kartlegging som oppfyller A1")
        elif not (a1_survey.has_action_plan or a1_survey.no_significant_deviations):
            parts.append(
                "Handlingsplan mangler for psykososial kartlegging fra "
                f"{format_date(a1_survey.performed_on)}"
            )
        if psy_open or psy_overdue or psy_no_due:
            parts.append(
                _items_missing(
                    "psykososialt tiltak", "psykososiale tiltak", psy_open, psy_overdue, psy_no_due
                )
            )
        p3 = _unmet("P3", "; ".join(parts)) if parts else _MET["P3"]

        p_criteria = (p1, p2, p3)
        a_plus_met = a_met and p1.met and p2.met and p3.met

        # ---- the decision
        discretionary = False
        if a_plus_met:
            eligible = CLASS_A_PLUS
        elif a_met:
            eligible = CLASS_A
        elif b_met:
            eligible = CLASS_B
        elif facts.discretionary_justification.strip() and any_recent_verified:
            eligible = CLASS_B
            discretionary = True
        else:
            eligible = None

        return Decision(
            self.name,
            d,
            eligible,
            discretionary,
            waiver_used,
            (
                ClassResult(CLASS_B, b_met, b_criteria),
                ClassResult(CLASS_A, a_met, a_criteria),
                ClassResult(CLASS_A_PLUS, a_plus_met, p_criteria),
            ),
        )


RULE_SETS.register(RuleSet20040927())
