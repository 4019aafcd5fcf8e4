"""The public answer to "is this certificate valid?", shared by the page, JSON and badge.

The company is named as it was certified (the identity frozen on the certificate and
printed on its PDF), never as the live company row has it since.

Where the status cannot be decided (the database is unreachable) the answer says so
and is never "valid".
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone
from stdnum.no import orgnr

from certificates import selectors, signing
from certificates.validity import VALID, certificate_status

logger = logging.getLogger("hms.verification")

UNKNOWN = "unknown"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class VerificationAnswer:
    code: str
    status: str  # valid | expired | revoked | superseded | not_yet_valid | unknown | unavailable
    checked_on: date | None = None
    number: str = ""
    klass: str | None = None
    company_name: str = ""
    organisation_number: str = ""
    company_address: str = ""
    current_company_name: str = ""  # set only when the company has been renamed since
    valid_from: date | None = None
    valid_until: date | None = None
    revoked_at: datetime | None = None
    revocation_reason: str = ""
    superseded_by_code: str = ""
    pdf_sha256: str = ""
    pdf_en_sha256: str = ""  # blank for a certificate issued before the English was stored

    @property
    def found(self) -> bool:
        return self.status not in (UNKNOWN, UNAVAILABLE)

    @property
    def is_valid(self) -> bool:
        return self.status == VALID

    @property
    def http_status(self) -> int:
        return {UNKNOWN: 404, UNAVAILABLE: 503}.get(self.status, 200)

    @property
    def superseded_by_url(self) -> str:
        if not self.superseded_by_code:
            return ""
        return reverse("certificates:verify", args=[self.superseded_by_code])

    def as_json(self) -> dict:
        if not self.found:
            return {"code": self.code, "status": self.status, "valid": False}
        return {
            "code": self.code,
            "status": self.status,
            "valid": self.is_valid,
            "checked_on": self.checked_on.isoformat(),
            "number": self.number,
            "class": self.klass,
            "company": {
                "name": self.company_name,
                "organisation_number": self.organisation_number,
                "address": self.company_address,
            },
            "valid_from": self.valid_from.isoformat(),
            "valid_until": self.valid_until.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "revocation_reason": self.revocation_reason or None,
            "superseded_by": self.superseded_by_url or None,
            "pdf_sha256": self.pdf_sha256,
            "pdf_en_sha256": self.pdf_en_sha256,
        }


def verification_answer(code: str) -> VerificationAnswer:
    try:
        found = selectors.certificate_by_code(code)
    except DatabaseError:
        logger.exception("verification: database unavailable")
        return VerificationAnswer(code=code, status=UNAVAILABLE)
    if found is None:
        return VerificationAnswer(code=code, status=UNKNOWN)
    today = timezone.localdate()
    status = certificate_status(
        valid_from=found.valid_from,
        valid_until=found.valid_until,
        revoked=found.revoked_at is not None,
        superseded=found.superseded_by_id is not None,
        on=today,
    )
    renamed = found.current_company_name != found.company_name
    return VerificationAnswer(
        code=code,
        status=status,
        checked_on=today,
        number=found.number,
        klass=found.klass,
        company_name=found.company_name,
        organisation_number=orgnr.format(found.organisation_number),
        company_address=found.company_address,
        current_company_name=found.current_company_name if renamed else "",
        valid_from=found.valid_from,
        valid_until=found.valid_until,
        revoked_at=found.revoked_at,
        revocation_reason=found.revocation_reason,
        superseded_by_code=found.successor_code or "",
        pdf_sha256=found.pdf_sha256,
        pdf_en_sha256=found.pdf_en_sha256,
    )


@dataclass(frozen=True)
class CopyCheck:
    """What an uploaded copy is: its signature, and which of our certificates it is.

    ``identical`` when it is byte for byte one of the PDFs this code's certificate was stored
    as, ``language`` saying which ("nb" or "en"); ``other_number`` when it is, byte for byte
    and signed by us, another certificate of ours (in either language).
    """

    signature: signing.SignatureCheck
    identical: bool
    language: str = ""
    other_number: str = ""
    other_code: str = ""
    other_status: str = ""

    @property
    def signed_on(self) -> date | None:
        when = self.signature.signed_at
        return timezone.localdate(when) if when is not None else None

    @property
    def other_url(self) -> str:
        return reverse("certificates:verify", args=[self.other_code]) if self.other_code else ""


def copy_check(data: bytes, answer: VerificationAnswer) -> CopyCheck:
    """Check an uploaded file (untrusted, size-limited by the form) against ``answer``.

    The database is asked once more only for a file that is signed by us and unchanged
    but is not this certificate: it may be another genuine one.
    """
    signature = signing.check_pdf_signature(data)
    digest = hashlib.sha256(data).hexdigest()
    originals = {answer.pdf_sha256: "nb", answer.pdf_en_sha256: "en"}
    originals.pop("", None)
    language = originals.get(digest, "")
    identical = bool(language)
    logger.info("copy check signature=%s identical=%s", signature.outcome, identical)
    if identical or signature.outcome != signing.INTACT:
        return CopyCheck(signature=signature, identical=identical, language=language)
    other = selectors.certificate_by_pdf_sha256(digest)
    if other is None:
        return CopyCheck(signature=signature, identical=False)
    return CopyCheck(
        signature=signature,
        identical=False,
        other_number=other.number,
        other_code=other.verification_code,
        other_status=other.status_on(timezone.localdate()),
    )
