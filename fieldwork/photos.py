"""Photos from a phone, made safe to store and show.

The bytes decide what a file is (``filetype``, as for documents): JPEG and PNG are taken,
and so are HEIC/HEIF (what iPhones send by default) and AVIF, which are converted to JPEG
(pillow-heif decodes HEIC with the libheif its wheel bundles; Pillow reads AVIF itself).
Pillow then decodes the image and writes a new file: at most ``MAX_SIDE`` pixels on the
longest side, turned upright by its orientation, and with no metadata at all (phones write
the GPS position into EXIF). A HEIC's orientation is a transform in the file itself, which
libheif applies while decoding (and pillow-heif then sets the EXIF orientation to 1, so
``exif_transpose`` does not turn it twice).
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
from pillow_heif import register_heif_opener

MAX_SIDE = 2000
THUMBNAIL_SIDE = 360
JPEG_QUALITY = 85
# The type sniffed → the type stored: what a browser cannot show is stored as JPEG.
_STORED_AS = {
    "image/jpeg": "image/jpeg",
    "image/png": "image/png",
    "image/heic": "image/jpeg",
    "image/heif": "image/jpeg",
    "image/avif": "image/jpeg",
}
# Image.open reads HEIC/HEIF from now on; thumbnails and depth maps inside are never needed.
register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
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
    if mime not in _STORED_AS:
        raise ValidationError(_("Filen er ikke et bilde (JPEG, PNG eller HEIC)."))
    return mime


def clean_photo(file) -> CleanPhoto:
    """The photo re-encoded: upright, at most ``MAX_SIDE`` px, without EXIF or other metadata.

    HEIC, HEIF and AVIF come out as JPEG; JPEG and PNG keep their type.
    """
    _check_size(file)
    mime = _STORED_AS[_sniff(file)]
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
