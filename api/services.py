"""Issuing and using API keys."""

from django.db import transaction
from django.utils import timezone

from api.models import ApiKey


def api_key_issue(*, api_key: ApiKey, actor) -> str:
    """Give the new (unsaved) ``api_key`` its secret and store its hash; returns the secret.

    The secret is shown once (the admin's message) and never stored.
    """
    if not actor.is_issuer:
        raise PermissionError("only issuers create API keys")
    api_key.full_clean(exclude=["id", "prefix", "hashed_key"])
    with transaction.atomic():
        secret = ApiKey.objects.assign_key(api_key)
        api_key.save()
    return secret


def api_key_used(*, api_key: ApiKey) -> None:
    """Record that the key authenticated a request now (one UPDATE, no history row)."""
    now = timezone.now()
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now
