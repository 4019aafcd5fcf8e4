"""Events for what happened before they were recorded, so the history page keeps it.

The history page tells issuing from CertificationEvent rows only; certificates issued,
revoked, reissued or superseded before this branch get the events their rows imply
(actor and time as stored on the certificate), and cases the send to issuing they
record. Nothing is invented: what the rows do not say (a reopen) is not backfilled.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    Certificate = apps.get_model("certificates", "Certificate")
    CertificationCase = apps.get_model("certificates", "CertificationCase")
    Event = apps.get_model("certificates", "CertificationEvent")
    if Event.objects.exists():
        return
    events = []
    for c in Certificate.objects.select_related("case", "superseded_by").order_by("pk"):
        common = {"company_id": c.company_id, "case_id": c.case_id}
        replaced = Certificate.objects.filter(superseded_by=c, revoked_at__isnull=False).first()
        if replaced is None:
            events.append(Event(kind="ISSUED", certificate=c, actor_id=c.issued_by_id,
                                at=c.issued_at, klass=c.klass, fee=c.fee, **common))
        else:
            events.append(Event(kind="REISSUED", certificate=c, other_certificate=replaced,
                                actor_id=c.issued_by_id, at=c.issued_at, klass=c.klass,
                                fee=c.fee, reason=replaced.revocation_reason, **common))
        if c.superseded_by is not None and c.revoked_at is None:
            events.append(Event(kind="SUPERSEDED", certificate=c, other_certificate=c.superseded_by,
                                actor_id=c.superseded_by.issued_by_id,
                                at=c.superseded_by.issued_at, **common))
        elif c.revoked_at is not None and c.superseded_by is None:
            events.append(Event(kind="REVOKED", certificate=c, actor_id=c.revoked_by_id,
                                at=c.revoked_at, reason=c.revocation_reason, **common))
    for case in CertificationCase.objects.filter(sent_to_issuing_at__isnull=False):
        events.append(Event(kind="SENT_TO_ISSUING", company_id=case.company_id, case=case,
                            actor_id=case.sent_to_issuing_by_id, at=case.sent_to_issuing_at))
    Event.objects.bulk_create(events)


class Migration(migrations.Migration):

    dependencies = [
        ("certificates", "0004_certified_identity_status_and_events"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
