"""A certificate's validity period and its status on a date: pure, no database, no clock."""

from datetime import date, timedelta

VALID = "valid"
EXPIRED = "expired"
REVOKED = "revoked"
SUPERSEDED = "superseded"
NOT_YET_VALID = "not_yet_valid"


def validity_end(valid_from: date) -> date:
    """The last valid day: the day before the same date a year later.

    A certificate from 29 February runs to 28 February (the day before 1 March, the
    "same date" a year later in a year without 29 February).
    """
    try:
        same_date_next_year = valid_from.replace(year=valid_from.year + 1)
    except ValueError:
        same_date_next_year = date(valid_from.year + 1, 3, 1)
    return same_date_next_year - timedelta(days=1)


def certificate_status(
    *, valid_from: date, valid_until: date, revoked: bool, superseded: bool, on: date
) -> str:
    """Revoked is final; a certificate replaced by a newer one reads as superseded."""
    if superseded:
        return SUPERSEDED
    if revoked:
        return REVOKED
    if on < valid_from:
        return NOT_YET_VALID
    if on > valid_until:
        return EXPIRED
    return VALID
