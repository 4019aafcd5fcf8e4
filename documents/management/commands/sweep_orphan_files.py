from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates.models import Certificate
from documents.models import Document
from hms_cert.storage import orphan_files_sweep


class Command(BaseCommand):
    help = (
        "Sletter PDF-er og opplastinger som ingen rad viser til (en prosess drept midt i en "
        "lagring), når de er eldre enn en time. Trygt å kjøre hver time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=60)

    def handle(self, *args, **options):
        referenced = set(Certificate.objects.exclude(pdf="").values_list("pdf", flat=True))
        referenced |= set(Certificate.objects.exclude(pdf_en="").values_list("pdf_en", flat=True))
        referenced |= set(Document.objects.values_list("file", flat=True))
        removed = orphan_files_sweep(
            storage=default_storage,
            folders=["certificates", "documents"],
            referenced=referenced,
            older_than=timedelta(minutes=options["older_than_minutes"]),
            now=timezone.now(),
        )
        for name in removed:
            self.stdout.write(name)
        self.stdout.write(f"{len(removed)} fil(er) uten rad slettet.")
