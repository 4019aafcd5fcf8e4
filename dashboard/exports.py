"""The register and the portfolio as tables, for CSV and XLSX.

The portfolio export is built by ``staff.portfolio.portfolio_rows`` — the rows the
portfolio page shows, with the same filter and the same decisions — so the file and the
page always agree, and an advisor exports only their own companies.
"""

from datetime import date

from django.utils.translation import gettext as _

from certificates.selectors import public_register
from hms_cert.spreadsheets import Table
from staff.portfolio import PortfolioFilter, portfolio_rows


def register_table(*, on: date) -> Table:
    """The public register: certificates valid on ``on``."""
    certificates = public_register("", on)
    return Table(
        title=_("Register"),
        columns=[
            _("Sertifikatnummer"),
            _("Virksomhet"),
            _("Organisasjonsnummer"),
            _("Klasse"),
            _("Gyldig fra"),
            _("Gyldig til"),
        ],
        rows=[
            (
                certificate.number,
                certificate.company_name,
                certificate.organisation_number,
                certificate.klass,
                certificate.valid_from,
                certificate.valid_until,
            )
            for certificate in certificates
        ],
    )


def _advisor_name(advisor) -> str:
    if advisor is None:
        return ""
    return advisor.display_name


def _eligible(decision) -> str:
    if decision.eligible_class is None:
        return _("Ingen")
    if decision.discretionary:
        return _("%(klass)s (skjønn)") % {"klass": decision.eligible_class}
    return decision.eligible_class


def portfolio_table(user, *, on: date, criteria: PortfolioFilter) -> Table:
    """The user's portfolio as the page shows it on ``on``, every page at once."""
    return Table(
        title=_("Portefølje"),
        columns=[
            _("Virksomhet"),
            _("Organisasjonsnummer"),
            _("Rådgiver"),
            _("Oppnåelig klasse i dag"),
            _("Forfalte tiltak"),
            _("Sertifikatklasse"),
            _("Sertifikat gyldig til"),
        ],
        rows=[
            (
                row.company.name,
                row.company.organisation_number,
                _advisor_name(row.company.advisor),
                _eligible(row.decision),
                row.overdue_count,
                row.certificate.klass if row.certificate else "",
                row.certificate.valid_until if row.certificate else None,
            )
            for row in portfolio_rows(user, on=on, criteria=criteria)
        ],
    )
