"""The benchmark's data set: 2,000 companies, 20,000 surveys, 50,000 action items and the rest.

Built with ``bulk_create`` (and ``bulk_create_with_history`` where the pages read the audit
trail, so the history tables are as full as the real ones), seeded, so every run measures
the same data. Dates are relative to ``today``; the certificates are in realistic states:
valid, expired, revoked, and superseded by a newer one.

Who owns what, so the measured pages have a known size:
- ``bench-radgiver`` advises exactly 200 companies (the portfolio measured),
- ``bench-liten`` advises 20 (the same page with a tenth of the data: its query count must
  not differ), the rest are spread over nine more advisors.
"""

import os
import random
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history
from stdnum.no import orgnr

import hms_rules as rules
from accounts.models import User
from bench.rules import realistic_facts
from certificates.models import (
    Certificate,
    CertificateNumberSequence,
    CertificationCase,
    Confirmation,
)
from certificates.validity import validity_end
from companies.models import Company, Membership
from hms_rules import json_form as rules_json
from surveys.models import (
    ActionItem,
    Finding,
    Hazard,
    RiskAssessment,
    SafetyRound,
    Survey,
)

# BENCH_SCALE companies (2,000 unless given), and the rest in proportion.
COMPANIES = int(os.environ.get("BENCH_SCALE", "2000"))
SURVEYS = 10 * COMPANIES
ACTION_ITEMS = 25 * COMPANIES
CERTIFICATES = COMPANIES * 3 // 4  # of which some expired, revoked or superseded
BIG_PORTFOLIO = 200
SMALL_PORTFOLIO = 20
OTHER_ADVISORS = 9
BATCH = 2_000

PREFIXES = ["Nordic", "Fjord", "Vest", "Øst", "Nord", "Sør", "Berg", "Dal", "Elve", "Lys"]
TRADES = ["Bygg", "Rør", "Elektro", "Transport", "Regnskap", "Maskin", "Mat", "Helse", "Data"]
SUFFIXES = ["AS", "Service AS", "& Sønn AS", "Gruppen AS", "Partner AS"]


@dataclass(frozen=True)
class Built:
    """What the benchmark needs to find its pages again."""

    advisor_id: int
    small_advisor_id: int
    issuer_id: int
    # Cases of the advisor's companies: about the average number of records, the fewest
    # and the most.
    typical_case_id: int
    small_case_id: int
    large_case_id: int
    valid_codes: list[str]
    register_query: str
    counts: dict[str, int]


def organisation_numbers() -> Iterator[str]:
    """Valid, distinct organisation numbers (MOD11), in a range of their own."""
    for base in range(95_000_000, 99_999_999):
        for check in "0123456789":
            if orgnr.is_valid(f"{base}{check}"):
                yield f"{base}{check}"
                break


def _spread(total: int, parts: int, rng: random.Random, low: float, high: float) -> list[int]:
    """``parts`` numbers between ``low`` and ``high`` times the mean, summing to ``total``."""
    weights = [rng.uniform(low, high) for _ in range(parts)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in range(total - sum(counts)):
        counts[i % parts] += 1
    return counts


def _when(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _history(objs, model, actor):
    """Insert with one "created" audit record each, as the services would have left."""
    return bulk_create_with_history(objs, model, batch_size=BATCH, default_user=actor)


def build(*, today: date, seed: int = 8) -> Built:
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    with transaction.atomic():
        built = _build(today, rng)
    _settle()
    return built


def _settle() -> None:
    """The database as autovacuum keeps one that grew over time, before anything is measured.

    Right after a bulk load the planner's statistics describe empty tables (the plans are
    wrong), and on PostgreSQL autovacuum would soon vacuum the new rows and the checkpointer
    write them out, on the cores the bench measures, in the middle of its first pages. So
    the load is vacuumed, analysed and checkpointed here; inside a transaction (a test)
    PostgreSQL can only analyse.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
            cursor.execute("CHECKPOINT")
        else:
            cursor.execute("ANALYZE")


def _build(today: date, rng: random.Random) -> Built:
    day = timedelta(days=1)
    password = make_password(None)  # unusable: the benchmark logs in through sessions
    advisor = User(username="bench-radgiver", role=User.Role.ADVISOR, password=password)
    small = User(username="bench-liten", role=User.Role.ADVISOR, password=password)
    issuer = User(username="bench-utsteder", role=User.Role.ISSUER, password=password)
    others = [
        User(username=f"bench-radgiver-{i}", role=User.Role.ADVISOR, password=password)
        for i in range(OTHER_ADVISORS)
    ]
    User.objects.bulk_create([advisor, small, issuer, *others])  # both databases return pks

    owners = [advisor] * BIG_PORTFOLIO + [small] * SMALL_PORTFOLIO
    owners += [others[i % len(others)] for i in range(COMPANIES - len(owners))]
    numbers = organisation_numbers()
    companies = Company.objects.bulk_create(
        [
            Company(
                name=f"{rng.choice(PREFIXES)} {rng.choice(TRADES)} {i:04d} {rng.choice(SUFFIXES)}",
                organisation_number=next(numbers),
                address=f"Storgata {i % 200 + 1}, 0155 Oslo",
                employee_count=rng.randint(2, 250),
                industry=rng.choice(TRADES),
                off_site_work=rng.random() < 0.3,
                follow_up_agreement=rng.random() < 0.8,
                advisor=owner,
            )
            for i, owner in enumerate(owners)
        ],
        batch_size=BATCH,
    )

    clients = User.objects.bulk_create(
        [
            User(username=f"bench-kunde-{i}", role=User.Role.CLIENT, password=password)
            for i in range(COMPANIES // 4)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [Membership(user=user, company=companies[i * 4]) for i, user in enumerate(clients)],
        batch_size=BATCH,
    )

    # Surveys: about ten a company over three years, most by us, some verified external ones.
    survey_counts = _spread(SURVEYS, COMPANIES, rng, 0.4, 1.6)
    surveys = []
    for company, count in zip(companies, survey_counts, strict=True):
        for _ in range(count):
            kind = Survey.Kind.PHYSICAL if rng.random() < 0.6 else Survey.Kind.PSYCHOSOCIAL
            ours = rng.random() < 0.85
            performed = today - rng.randint(5, 1100) * day
            surveys.append(
                Survey(
                    company=company,
                    kind=kind,
                    performed_on=performed,
                    provider=Survey.Provider.BEDRIFTSTJENESTEN
                    if ours
                    else Survey.Provider.EXTERNAL,
                    summary="Gjennomgang av arbeidsplassene.",
                    has_written_report=rng.random() < 0.9,
                    report_reviewed=rng.random() < 0.7,
                    formal_conversations=kind == Survey.Kind.PSYCHOSOCIAL and rng.random() < 0.6,
                    verified_on=None if ours or rng.random() < 0.3 else performed + 10 * day,
                    verified_by=None if ours else company.advisor,
                )
            )
    surveys = _history(surveys, Survey, advisor)
    by_company: dict[int, list[Survey]] = {}
    for survey in surveys:
        by_company.setdefault(survey.company_id, []).append(survey)

    findings = Finding.objects.bulk_create(
        [
            Finding(survey=survey, description="Mangelfull belysning", location="Lager")
            for survey in surveys
            if rng.random() < 0.5
        ],
        batch_size=BATCH,
    )
    findings_of = {finding.survey_id: finding for finding in findings}

    # Action items: about 25 a company, most from a survey, in every state.
    statuses = [
        (ActionItem.Status.DONE, 0.5),
        (ActionItem.Status.IN_PROGRESS, 0.25),
        (ActionItem.Status.OPEN, 0.15),
        (ActionItem.Status.NOT_APPLICABLE, 0.10),
    ]
    items = []
    for company, count in zip(
        companies, _spread(ACTION_ITEMS, COMPANIES, rng, 0.4, 1.6), strict=True
    ):
        own = by_company.get(company.pk, [])
        for _ in range(count):
            survey = rng.choice(own) if own and rng.random() < 0.9 else None
            status = rng.choices([s for s, _ in statuses], [w for _, w in statuses])[0]
            items.append(
                ActionItem(
                    company=company,
                    survey=survey,
                    finding=findings_of.get(survey.pk) if survey else None,
                    area=survey.kind if survey else "physical",
                    measure="Utbedre forholdet som ble påpekt i kartleggingen.",
                    responsible="Daglig leder",
                    due_date=today + rng.randint(-400, 200) * day,
                    status=status,
                    status_reason="Ikke relevant etter ombygging"
                    if status == ActionItem.Status.NOT_APPLICABLE
                    else "",
                )
            )
    _history(items, ActionItem, advisor)

    assessments = _history(
        [
            RiskAssessment(
                company=company,
                performed_on=today - (60 + 365 * year + rng.randint(0, 30)) * day,
                title="Risikovurdering av arbeid i høyden",
            )
            for company in companies
            for year in range(3)
        ],
        RiskAssessment,
        advisor,
    )
    Hazard.objects.bulk_create(
        [
            Hazard(
                risk_assessment=assessment,
                description=f"Fare {n}",
                probability=rng.randint(1, 5),
                consequence=rng.randint(1, 5),
            )
            for assessment in assessments
            for n in range(3)
        ],
        batch_size=BATCH,
    )
    _history(
        [
            SafetyRound(
                company=company,
                performed_on=today - rng.randint(10, 700) * day,
                location="Byggeplass",
            )
            for company in companies
            if company.off_site_work
            for _ in range(4)
        ],
        SafetyRound,
        advisor,
    )

    # This year's case for every company, last year's where a certificate was issued.
    case_states = [CertificationCase.Status.OPEN] * 17 + [CertificationCase.Status.READY] * 3
    cases = _history(
        [
            CertificationCase(company=company, year=today.year, status=rng.choice(case_states))
            for company in companies
        ],
        CertificationCase,
        advisor,
    )
    confirmations = []
    for case in cases:
        if rng.random() < 0.7:
            kinds = list(Confirmation.LEGAL_KINDS)
            if rng.random() < 0.5:
                kinds.append(Confirmation.Kind.PSYCHOSOCIAL_IMPROVEMENT)
            confirmations += [
                Confirmation(
                    case=case,
                    kind=kind,
                    text="Bekreftet i møte med ledelsen",
                    confirmed_on=today - rng.randint(1, 200) * day,
                    confirmed_by=advisor,
                )
                for kind in kinds
            ]
    _history(confirmations, Confirmation, advisor)

    certificates = _certificates(companies, today, rng, issuer)
    valid = [c.verification_code for c in certificates if c.status_on(today) == "valid"]

    records = {c.pk: n for c, n in zip(companies, survey_counts, strict=True)}
    mean = SURVEYS / COMPANIES
    own_ids = [c.pk for c in companies if c.advisor_id == advisor.pk]
    typical = min(own_ids, key=lambda pk: abs(records[pk] - mean))
    case_of = {case.company_id: case.pk for case in cases}
    return Built(
        advisor_id=advisor.pk,
        small_advisor_id=small.pk,
        issuer_id=issuer.pk,
        typical_case_id=case_of[typical],
        small_case_id=case_of[min(own_ids, key=records.get)],
        large_case_id=case_of[max(own_ids, key=records.get)],
        valid_codes=valid,
        register_query=TRADES[0],
        counts={
            "companies": Company.objects.count(),
            "surveys": Survey.objects.count(),
            "findings": Finding.objects.count(),
            "action items": ActionItem.objects.count(),
            "risk assessments": RiskAssessment.objects.count(),
            "safety rounds": SafetyRound.objects.count(),
            "confirmations": Confirmation.objects.count(),
            "certificates": Certificate.objects.count(),
            "valid certificates": len(valid),
        },
    )


def _certificates(companies, today, rng, issuer) -> list[Certificate]:
    """About 1,500 certificates: mostly valid, some expired, revoked or superseded."""
    day = timedelta(days=1)
    facts = realistic_facts()  # what a certificate freezes: a real decision, real size
    decision = rules_json.frozen_decision_to_json(rules.decide(facts))
    frozen_facts = rules_json.facts_to_json(facts)
    holders = rng.sample(companies, CERTIFICATES - CERTIFICATES // 15)
    last_year = _history(
        [CertificationCase(company=c, year=today.year - 1, status="ISSUED") for c in holders],
        CertificationCase,
        issuer,
    )
    sequence: dict[int, int] = {}
    rows = []

    def certificate(case, valid_from, **fields):
        sequence[valid_from.year] = sequence.get(valid_from.year, 0) + 1
        return Certificate(
            case=case,
            company_id=case.company_id,
            number=f"HMS-{valid_from.year}-{sequence[valid_from.year]:05d}",
            klass=rng.choice(["B", "B", "A", "A", "A+"]),
            valid_from=valid_from,
            valid_until=validity_end(valid_from),
            issued_at=_when(valid_from),
            issued_by=issuer,
            rule_set=decision["rule_set"],
            assessment_date=valid_from,
            decision=decision,
            facts=frozen_facts,
            route=Certificate.Route.FOLLOW_UP,
            pdf_sha256=secrets.token_hex(32),
            # The certified identity, as issuing freezes it: the register searches these.
            company_name=case.company.name,
            organisation_number=case.company.organisation_number,
            company_address=case.company.address,
            **fields,
        )

    superseded = []
    for n, case in enumerate(last_year):
        share = n / len(last_year)
        if share < 0.10:  # expired a while ago
            rows.append(certificate(case, today - rng.randint(380, 700) * day))
        elif share < 0.14:  # revoked
            start = today - rng.randint(30, 300) * day
            rows.append(
                certificate(
                    case,
                    start,
                    revoked_at=_when(start + 20 * day),
                    revoked_by=issuer,
                    revocation_reason="Grunnlaget var feil",
                )
            )
        elif share < 0.14 + 1 / 15:  # superseded by a reissue: two certificates
            start = today - rng.randint(60, 300) * day
            old = certificate(case, start, revoked_at=_when(start + 30 * day), revoked_by=issuer)
            old.revocation_reason = "Nytt firmanavn"
            superseded.append((old, certificate(case, start + 30 * day)))
        else:  # valid
            rows.append(certificate(case, today - rng.randint(0, 350) * day))
    rows += [new for _, new in superseded]
    saved = _history(rows, Certificate, issuer)
    olds = _history([old for old, _ in superseded], Certificate, issuer)
    for old, (_, new) in zip(olds, superseded, strict=True):
        old.superseded_by_id = new.pk
    Certificate.objects.bulk_update(olds, ["superseded_by"], batch_size=BATCH)
    CertificateNumberSequence.objects.bulk_create(
        [CertificateNumberSequence(year=y, last_number=n) for y, n in sequence.items()]
    )
    return saved + olds
