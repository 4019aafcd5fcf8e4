"""Walking a checklist through the services, and photos made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fieldwork import services
from fieldwork.models import Answer, ChecklistItem, Kind
from fieldwork.selectors import walk_of


def jpeg(width=800, height=600, *, gps=False, name="bilde.jpg") -> SimpleUploadedFile:
    """A JPEG from a phone; with ``gps`` its EXIF says where it was taken."""
    image = Image.new("RGB", (width, height), (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (59.0, 54.0, 42.0), 3: "E", 4: (10.0, 45.0, 7.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def items_of(inspection) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(section__template=inspection.template).order_by(
            "section__order", "order"
        )
    )


def walk_through(inspection, actor, *, deviations=0, photos=(), score=True):
    """Answer every item: the first ``deviations`` are Avvik (confirmed), the rest OK."""
    for index, item in enumerate(items_of(inspection)):
        deviation = index < deviations
        services.answer_save(
            inspection=inspection,
            item=item,
            actor=actor,
            value=Answer.Value.DEVIATION if deviation else Answer.Value.OK,
            note=f"Avvik nummer {index + 1}" if deviation else "",
            photos=photos if deviation and index == 0 else (),
        )
    for answer in walk_of(inspection).deviations:
        services.deviation_plan_confirm(
            answer=answer,
            actor=actor,
            measure=f"Rett opp: {answer.note}",
            responsible="Daglig leder",
            due_date=answer.due_date,
            severity="HIGH",
            probability=3 if score else None,
            consequence=4 if score else None,
        )
    return inspection


def finished(company, actor, *, kind=Kind.PHYSICAL, deviations=0, **kwargs):
    inspection = services.inspection_start(
        company=company,
        kind=kind,
        actor=actor,
        participants="Kari Kunde (verneombud)",
        site_address="Byggeplass Storgata 5" if kind == Kind.SAFETY_ROUND else "",
    )
    walk_through(inspection, actor, deviations=deviations, **kwargs)
    return services.inspection_finish(inspection=inspection, actor=actor)
