"""What a certificate costs and what invoicing exports: route, fee, status and flags.

The fee follows the route (RULES.md, "Issuing"): a company with a follow-up agreement pays
nothing extra; one whose own surveys we verified pays ``CERTIFICATE_FEE_NOK``. A reissued
certificate is never invoiced again (fee 0, flagged as a replacement).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate
from companies.models import Company
from hms_cert.spreadsheets import Table


def route_and_fee(company: Company) -> tuple[str, Decimal]:
    """The route and the fee a certificate issued to ``company`` now is invoiced with."""
    if company.follow_up_agreement:
        return Certificate.Route.FOLLOW_UP, Decimal("0.00")
    return Certificate.Route.VERIFIED, Decimal(settings.CERTIFICATE_FEE_NOK).quantize(
        Decimal("0.01")
    )


def last_month(today: date) -> tuple[date, date]:
    """The first and last day of the month before ``today``'s: the default period."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def issued_between(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in Europe/Oslo, for filtering on ``issued_at``.

    The first and last days Python has are moved a day or two inwards (no certificate was
    issued then): their midnights in Oslo are outside what a UTC datetime can hold.
    """
    start = max(start, date.min + timedelta(days=1))
    end = min(end, date.max - timedelta(days=2))
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


@dataclass(frozen=True)
class InvoiceRow:
    certificate: Certificate
    replaces: Certificate | None  # set for a reissue: the certificate it replaced

    @property
    def flag(self) -> str:
        """Why a row needs a second look: replaced, revoked, or itself a replacement."""
        certificate = self.certificate
        notes = []
        if self.replaces is not None:
            notes.append(
                _("Erstatter %(number)s – faktureres ikke på nytt")
                % {"number": self.replaces.number}
            )
        status = certificate.status
        if status == Certificate.Status.SUPERSEDED:
            notes.append(
                _("Erstattet av %(number)s") % {"number": certificate.superseded_by.number}
            )
        elif status == Certificate.Status.REVOKED:
            notes.append(_("Tilbakekalt"))
        return "; ".join(notes)


def invoicing_table(rows: list[InvoiceRow]) -> Table:
    return Table(
        title=_("Fakturering"),
        columns=[
            _("Sertifikatnummer"),
            _("Utstedt"),
            _("Virksomhet"),
            _("Organisasjonsnummer"),
            _("Klasse"),
            _("Ordning"),
            _("Gebyr (kr)"),
            _("Status"),
            _("Erstattet/tilbakekalt"),
            _("Utstedt av"),
        ],
        rows=[
            (
                row.certificate.number,
                timezone.localdate(row.certificate.issued_at),
                row.certificate.company_name,
                row.certificate.organisation_number,
                row.certificate.klass,
                row.certificate.get_route_display(),
                row.certificate.fee,
                row.certificate.status_label,
                row.flag,
                row.certificate.issued_by.display_name,
            )
            for row in rows
        ],
    )
