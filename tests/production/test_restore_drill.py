"""The restore drill: back up, lose everything, restore exactly as the docs say.

The shell blocks are read from docs/production.md ("Backups."), so the documented procedure
is the tested one; only the example paths (/backup, /srv/hms/media) are pointed at temporary
folders.
PostgreSQL only: ``pg_dump``/``pg_restore`` are the procedure (CI runs it on PostgreSQL).
"""

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from documents import services as document_services
from documents.models import Category, Document
from tests.certificates.scenarios import class_b_case
from tests.documents import files
from tests.factories import TODAY, ClientUserFactory, MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the drill is pg_dump/pg_restore (PostgreSQL)"
    ),
]


def documented_blocks() -> tuple[str, str]:
    """The backup and the restore block of docs/production.md's "Backups." paragraph."""
    section = (ROOT / "docs" / "production.md").read_text().split("**Backups.**", 1)[1]
    section = section.split("**Scheduled jobs**", 1)[0]
    backup, restore = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return backup, restore


def run_block(block: str, *, backup_dir: Path, media: Path) -> None:
    script = block.replace("/backup", str(backup_dir)).replace("/srv/hms/media", str(media))
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}"
            f"/{settings_dict['NAME']}"
        ),
        "MEDIA_ROOT": str(media),
        "PATH": f"{pg_bin()}:{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=ROOT, env=env, check=True)


def pg_bin() -> str:
    """The server's own client programs, as .ci/pg uses (pg_dump must not be older)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
    return str(versions[-1]) if versions else "/usr/bin"


def snapshot(client) -> dict:
    """What the public and the files say: verification pages, both PDFs of each
    certificate (bokmål and English originals), uploads."""
    pages = {}
    for certificate in Certificate.objects.order_by("number"):
        page = client.get(reverse("certificates:verify", args=[certificate.verification_code]))
        api = client.get(reverse("certificates:verify_json", args=[certificate.verification_code]))
        html = re.sub(r'value="[A-Za-z0-9]{64}"', "", page.content.decode())  # CSRF token
        pdf_ok = all(
            _digest(stored) == digest
            for stored, digest in (
                (certificate.pdf, certificate.pdf_sha256),
                (certificate.pdf_en, certificate.pdf_en_sha256),
            )
        )
        pages[certificate.number] = (page.status_code, html, api.json(), pdf_ok)
    uploads = {
        document.pk: _digest(document.file) == document.sha256
        for document in Document.objects.order_by("pk")
    }
    return {"pages": pages, "uploads": uploads}


def _digest(stored) -> str:
    """The SHA-256 of a stored file (both originals of a certificate, an upload)."""
    with stored.open("rb") as file:
        return hashlib.sha256(file.read()).hexdigest()


def test_the_documented_restore_brings_everything_back(issuer, settings, tmp_path):
    media = settings.MEDIA_ROOT
    today = timezone.localdate()
    first = services.certificate_issue(case=class_b_case(today=today), klass="B", actor=issuer)
    services.certificate_issue(case=class_b_case(today=today), klass="B", actor=issuer)
    services.certificate_revoke(certificate=first, reason="Feil virksomhet", actor=issuer)
    user = ClientUserFactory()
    MembershipFactory(company=first.company, user=user)
    for name, content in (("kontroll.pdf", files.PDF), ("bilde.png", files.png_1x1())):
        document_services.document_upload(
            company=first.company,
            actor=user,
            file=files.upload(name, content),
            category=Category.OTHER,
            effective_from=TODAY,
        )
    client = Client()
    before = snapshot(client)
    assert len(before["pages"]) == 2 and len(before["uploads"]) == 2
    assert all(ok for *_, ok in before["pages"].values()) and all(before["uploads"].values())
    backup_block, restore_block = documented_blocks()
    backup_dir = tmp_path / "backup"

    run_block(backup_block, backup_dir=backup_dir, media=media)
    connections.close_all()
    with connection.cursor() as cursor:  # the disaster: every table and every file gone
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    connections.close_all()
    shutil.rmtree(media)
    run_block(restore_block, backup_dir=backup_dir, media=media)
    connections.close_all()

    assert snapshot(client) == before
