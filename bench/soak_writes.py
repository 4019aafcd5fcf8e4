"""``python -m bench.soak_writes prepare|check FILE.json``: the soak's writes, Django side.

Run by ``bench.soak`` in a process of its own, with the environment of the served site,
after ``bench.site`` has built the data set.

``prepare`` adds what the writes need and writes it to FILE.json: ``SOAK_ISSUABLE``
companies (default 400) whose case is ready for issuing in class B (a recent physical
survey of ours with its report and nothing to plan, a recent risk assessment, no action
items, no off-site work), owned by an advisor whose portfolio is not measured; a session
for the issuer and one for a client user of each of ``SOAK_CLIENTS`` companies (the
uploaders); and the highest certificate and document keys so far.

``check`` reads FILE.json back and prints, for what was written after ``prepare``: every
certificate has its PDF and the PDF's SHA-256 is the stored one; every uploaded document's
file exists. Exit status 1 when one does not.
"""

import hashlib
import json
import os
import sys
from datetime import timedelta

ISSUABLE = int(os.environ.get("SOAK_ISSUABLE", "400"))
CLIENTS = int(os.environ.get("SOAK_CLIENTS", "8"))


def _session(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _issuable_cases(today, count: int) -> list[int]:
    """``count`` companies of their own with a case ready for issuing in class B."""
    from accounts.models import User
    from bench.dataset import organisation_numbers
    from certificates.models import CertificationCase
    from companies.models import Company
    from surveys.models import RiskAssessment, Survey

    owner = User.objects.get(username="bench-radgiver-0")
    taken = set(Company.objects.values_list("organisation_number", flat=True))
    numbers = (n for n in organisation_numbers() if n not in taken)
    companies = Company.objects.bulk_create(
        [
            Company(
                name=f"Soak Utstedelse {i:04d} AS",
                organisation_number=next(numbers),
                address="Storgata 1, 0155 Oslo",
                employee_count=12,
                industry="Bygg",
                advisor=owner,
            )
            for i in range(count)
        ]
    )
    Survey.objects.bulk_create(
        Survey(
            company=company,
            kind=Survey.Kind.PHYSICAL,
            performed_on=today - timedelta(days=60),
            provider=Survey.Provider.BEDRIFTSTJENESTEN,
            summary="Gjennomgang av arbeidsplassene.",
            has_written_report=True,
            no_significant_deviations=True,
        )
        for company in companies
    )
    RiskAssessment.objects.bulk_create(
        RiskAssessment(company=company, performed_on=today - timedelta(days=50), title="Høyde")
        for company in companies
    )
    cases = CertificationCase.objects.bulk_create(
        CertificationCase(company=c, year=today.year, status=CertificationCase.Status.READY)
        for c in companies
    )
    return [case.pk for case in cases]


def _uploaders(count: int) -> list[dict]:
    """A client user of each of ``count`` companies: a session and the upload form's path."""
    from django.urls import reverse

    from companies.models import Membership

    memberships = Membership.objects.select_related("user").order_by("pk")[:count]
    return [
        {
            "cookie": _session(m.user),
            "upload": reverse("documents:upload", args=[m.company_id]),
        }
        for m in memberships
    ]


def prepare() -> dict:
    from django.db.models import Max
    from django.utils import timezone

    from accounts.models import User
    from certificates.models import Certificate
    from documents.models import Document

    today = timezone.localdate()
    return {
        "today": today.isoformat(),
        "issue_cases": _issuable_cases(today, ISSUABLE),
        "issuer_cookie": _session(User.objects.get(username="bench-utsteder")),
        "uploaders": _uploaders(CLIENTS),
        "certificates_after": Certificate.objects.aggregate(m=Max("pk"))["m"] or 0,
        "documents_after": Document.objects.aggregate(m=Max("pk"))["m"] or 0,
    }


def _pdf_matches(certificate) -> bool:
    if not certificate.pdf or not certificate.pdf_sha256:
        return False
    try:
        with certificate.pdf.open("rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return False
    return digest == certificate.pdf_sha256


def check(marks: dict) -> dict:
    """What was written after ``prepare``, and how much of it is sound."""
    from certificates.models import Certificate
    from documents.models import Document

    certificates = Certificate.objects.filter(pk__gt=marks["certificates_after"])
    documents = Document.objects.filter(pk__gt=marks["documents_after"])
    return {
        "certificates": certificates.count(),
        "certificates_sound": sum(_pdf_matches(c) for c in certificates.iterator()),
        "documents": documents.count(),
        "documents_sound": sum(
            bool(d.file) and d.file.storage.exists(d.file.name) for d in documents.iterator()
        ),
    }


def main(command: str, path: str) -> int:
    import django

    django.setup()
    if command == "prepare":
        with open(path, "w", encoding="utf-8") as out:
            json.dump(prepare(), out)
        return 0
    with open(path, encoding="utf-8") as handle:
        result = check(json.load(handle))
    print(json.dumps(result))
    sound = (result["certificates_sound"], result["documents_sound"])
    return 0 if sound == (result["certificates"], result["documents"]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
