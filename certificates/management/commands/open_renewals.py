from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.services import RENEWAL_WINDOW_DAYS, renewals_open_due


class Command(BaseCommand):
    help = (
        f"Åpner neste års sak for sertifikater som utløper innen {RENEWAL_WINDOW_DAYS} dager. "
        "Trygt å kjøre hver time."
    )

    def handle(self, *args, **options):
        opened = renewals_open_due(on=timezone.localdate())
        for case in opened:
            self.stdout.write(f"{case.company.name}: sak {case.year}")
        self.stdout.write(f"{len(opened)} ny(e) sak(er) åpnet.")
