import datetime as dt

from tests.factories import TODAY, CertificateFactory


def expiring(owner, *, days_left: int, on=TODAY, **extra):
    """A certificate of company ``owner`` whose last valid day is ``days_left`` after ``on``."""
    valid_until = on + dt.timedelta(days=days_left)
    valid_from = valid_until - dt.timedelta(days=364)
    return CertificateFactory(
        case__company=owner,
        case__year=valid_from.year,
        valid_from=valid_from,
        valid_until=valid_until,
        **extra,
    )
