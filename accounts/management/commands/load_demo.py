from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User

DEMO_PASSWORD = "hms-demo-2026"  # noqa: S105 - documented demo login, development only


class Command(BaseCommand):
    help = "Laster demonstrasjonsdata (brukere, virksomheter og saker)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Gjør ingenting hvis databasen allerede har brukere.",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and User.objects.exists():
            self.stdout.write("Databasen har allerede data; demonstrasjonsdata lastes ikke.")
            return
        with transaction.atomic():
            self._load_users()
        self.stdout.write(self.style.SUCCESS("Demonstrasjonsdata lastet."))

    def _load_users(self):
        people = [
            ("admin", "Ada", "Administrator", User.Role.ISSUER, True),
            ("radgiver", "Rita", "Rådgiver", User.Role.ADVISOR, False),
            ("utsteder", "Ulf", "Utsteder", User.Role.ISSUER, False),
        ]
        for username, first, last, role, superuser in people:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.no",
                    "role": role,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
