"""Limits on e-mails sent on request: per address and per client, across every worker.

``/passord/glemt/`` sent as many e-mails as it was asked for (12 in a row for one address
sent 12): a way to flood someone's inbox from our domain, or to hurt our mail reputation.
Now each e-mail is recorded (``MailThrottleHit``) and a request over a limit is refused with
a message. The limits are the same whether the address belongs to a user or not, so the
answer still tells nobody which addresses are registered.

The client address is django-axes' (``get_client_ip_address``), so login throttling and this
agree on who the client is behind the reverse proxy.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.db import transaction
from django.utils import timezone

from accounts.models import MailThrottleHit


@dataclass(frozen=True)
class Limit:
    scope: str
    per_address: int
    per_client: int
    window: timedelta


PASSWORD_RESET = Limit("password_reset", per_address=5, per_client=20, window=timedelta(hours=1))
INVITATION = Limit("invitation", per_address=5, per_client=50, window=timedelta(hours=1))


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value.strip().lower()}".encode()).hexdigest()


def client_address(request) -> str:
    return get_client_ip_address(request) or "unknown"


def mail_throttle_hit(*, limit: Limit, address: str, client: str) -> bool:
    """Record one e-mail to ``address`` asked for by ``client``; False if over a limit.

    A refused request is not recorded, so a flood does not extend its own wait.
    """
    now = timezone.now()
    since = now - limit.window
    keys = {_hash("address", address): limit.per_address, _hash("client", client): limit.per_client}
    with transaction.atomic():
        hits = MailThrottleHit.objects.filter(scope=limit.scope, key_hash__in=keys)
        hits.filter(at__lt=since).delete()
        for key, allowed in keys.items():
            if hits.filter(key_hash=key, at__gte=since).count() >= allowed:
                return False
        MailThrottleHit.objects.bulk_create(
            MailThrottleHit(scope=limit.scope, key_hash=key, at=now) for key in keys
        )
    return True
