"""Photos from a phone, made safe to store and show.

The bytes decide what a file is (``filetype``, as for documents): JPEG and PNG are taken;
HEIC (what iPhones send by default) is refused with a message that says how to fix it,
as converting it would need libheif on every server. Pillow then decodes the image and
writes a new file: at most ``MAX_SIDE`` pixels on the longest side, turned upright by its
EXIF orientation, and with no metadata at all (phones write the GPS position into EXIF).
"""

import hashlib
import io
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2000
THUMBNAIL_SIDE = 360
JPEG_QUALITY = 85
_ACCEPTED = {"image/jpeg": "JPEG", "image/png": "PNG"}
_HEIC = {"image/heic", "image/heif", "image/avif"}
# A decompression bomb is refused before it is decoded (Pillow's own guard warns first).
Image.MAX_IMAGE_PIXELS = 60_000_000


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _check_size(file) -> None:
    if file.size == 0:
        raise ValidationError(_("Bildet er tomt."))
    if file.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Bildet er for stort (%(size)s). Største tillatte størrelse er %(max)s.")
            % {
                "size": filesizeformat(file.size),
                "max": filesizeformat(settings.UPLOAD_MAX_BYTES),
            }
        )


def _sniff(file) -> str:
    file.seek(0)
    kind = filetype.guess(bytes(file.read(8192)))
    file.seek(0)
    mime = kind.mime if kind is not None else None
    if mime in _HEIC:
        raise ValidationError(
            _(
                "Bilder i HEIC-format tas ikke imot. Velg «Mest kompatibel» under "
                "Innstillinger > Kamera > Formater på iPhone, eller send bildet som JPEG."
            )
        )
    if mime not in _ACCEPTED:
        raise ValidationError(_("Filen er ikke et bilde (JPEG eller PNG)."))
    return mime


def clean_photo(file) -> CleanPhoto:
    """The photo re-encoded: upright, at most ``MAX_SIDE`` px, without EXIF or other metadata."""
    _check_size(file)
    mime = _sniff(file)
    try:
        with Image.open(file) as original:
            original.load()
            image = ImageOps.exif_transpose(original)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise ValidationError(_("Bildet kan ikke leses. Ta bildet på nytt.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    return _encode(image, mime)


def _encode(image: Image.Image, mime: str) -> CleanPhoto:
    out = io.BytesIO()
    image.info = {}  # nothing of the original's metadata may be written back
    if mime == "image/png":
        # A new image from the pixels alone: no text chunks, no EXIF.
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
        image.save(out, format="PNG", optimize=True)
    else:
        image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto(out.getvalue(), mime, image.width, image.height)


def thumbnail_bytes(data: bytes) -> bytes:
    """A small JPEG of a stored photo, for the report."""
    with Image.open(io.BytesIO(data)) as image:
        image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))  # JPEG: decode at a fraction
        image = image.convert("RGB")
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=75)
    return out.getvalue()
