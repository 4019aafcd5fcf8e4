"""``manage.py create_dev_signing_key``: the self-signed signing key of ``make run``.

Writes a new key and certificate for "Bedriftstjenesten AS (utvikling)" to
CERTIFICATE_SIGNING_KEY, encrypted with CERTIFICATE_SIGNING_PASSPHRASE, when the file does
not exist yet. Development only: with DEBUG off it refuses, since production signs with the
key Bedriftstjenesten AS was issued, and an existing file is never overwritten.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certificates.signing import create_self_signed_key


class Command(BaseCommand):
    help = "Lager en selvsignert signeringsnøkkel for utvikling (make run), om den mangler."
    requires_system_checks = []  # the check it would run warns of the very key it creates

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "A development key is for DEBUG only: production signs with Bedriftstjenesten "
                "AS' own key (CERTIFICATE_SIGNING_KEY)."
            )
        if not settings.CERTIFICATE_SIGNING_KEY:
            raise CommandError("CERTIFICATE_SIGNING_KEY is empty: no place to write the key.")
        path = Path(settings.CERTIFICATE_SIGNING_KEY)
        if path.exists():
            self.stdout.write(f"{path.name} finnes allerede; ingen ny nøkkel.")
            return
        create_self_signed_key(
            path,
            settings.CERTIFICATE_SIGNING_PASSPHRASE,
            common_name="Bedriftstjenesten AS (utvikling)",
        )
        self.stdout.write(f"Skrev {path}: selvsignert signeringsnøkkel, bare for utvikling.")
