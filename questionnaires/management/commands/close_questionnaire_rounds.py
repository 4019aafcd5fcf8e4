"""``manage.py close_questionnaire_rounds``: close the rounds whose last day has passed.

Part of the hourly job (README, "Scheduled jobs"). Closing forgets the round's codes and
writes its answers again in random order (questionnaires/ANONYMITY.md); only then are its
results shown. Safe to run any number of times.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from questionnaires.services import rounds_close_due


class Command(BaseCommand):
    help = "Stenger spørreundersøkelser der siste svardag er passert. Trygt å kjøre hver time."

    def handle(self, *args, **options):
        closed = rounds_close_due(on=timezone.localdate())
        self.stdout.write(f"{closed} spørreundersøkelse(r) stengt.")
