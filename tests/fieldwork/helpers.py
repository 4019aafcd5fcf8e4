"""Walking a checklist through the services, and photos made in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pillow_heif import register_heif_opener

from fieldwork import services
from fieldwork.models import Answer, ChecklistItem, Kind
from fieldwork.selectors import walk_of

GPS_OSLO = {1: "N", 2: (59.0, 54.0, 42.0), 3: "E", 4: (10.0, 45.0, 7.0)}
ORIENTATION = 0x0112
ROTATE_90_CW = 6  # EXIF orientation: the camera was held upright, the sensor sideways


def phone_image(width, height, *, gps=False, orientation=None) -> tuple[Image.Image, Image.Exif]:
    """Red, with a blue square in its top left corner (to see which way it was turned)."""
    image = Image.new("RGB", (width, height), (180, 40, 40))
    image.paste((0, 0, 255), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    if gps:
        exif[0x8825] = GPS_OSLO
    if orientation is not None:
        exif[ORIENTATION] = orientation
    return image, exif


def jpeg(
    width=800, height=600, *, gps=False, orientation=None, name="bilde.jpg"
) -> SimpleUploadedFile:
    """A JPEG from a phone; with ``gps`` its EXIF says where it was taken."""
    image, exif = phone_image(width, height, gps=gps, orientation=orientation)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def heic(
    width=800, height=600, *, gps=False, orientation=None, name="IMG_0001.HEIC"
) -> SimpleUploadedFile:
    """A real HEIC, as an iPhone sends it (written by pillow-heif with x265)."""
    register_heif_opener()  # (fieldwork.photos does so too; here for the writer)
    image, exif = phone_image(width, height, gps=gps, orientation=orientation)
    out = io.BytesIO()
    image.save(out, format="HEIF", exif=exif.tobytes(), quality=80)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/heic")


def avif(width=800, height=600, *, name="bilde.avif") -> SimpleUploadedFile:
    image, _exif = phone_image(width, height, gps=True)
    out = io.BytesIO()
    image.save(out, format="AVIF")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/avif")


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
