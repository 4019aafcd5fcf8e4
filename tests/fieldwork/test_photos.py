"""Photos: sniffed, resized, stripped of EXIF, served only to who may see them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fieldwork import services
from fieldwork.models import Answer, Kind, Photo
from fieldwork.photos import clean_photo
from tests.fieldwork.helpers import items_of, jpeg

pytestmark = pytest.mark.django_db

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def test_gps_and_other_exif_are_removed():
    original = jpeg(gps=True)
    with Image.open(io.BytesIO(original.read())) as before:
        assert before.getexif().get_ifd(0x8825)  # the test photo does carry a position
    original.seek(0)
    cleaned = clean_photo(original)
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert not after.getexif()
        assert "exif" not in after.info


def test_an_oversized_picture_is_resized_to_2000_px():
    cleaned = clean_photo(jpeg(4000, 3000))
    assert (cleaned.width, cleaned.height) == (2000, 1500)
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.size == (2000, 1500)


def test_a_renamed_executable_is_refused():
    with pytest.raises(ValidationError, match="ikke et bilde"):
        clean_photo(SimpleUploadedFile("bilde.jpg", ELF, content_type="image/jpeg"))


def test_a_picture_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="for stort"):
        clean_photo(jpeg())


def test_a_refused_photo_leaves_the_answer_as_it_was(company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    services.answer_save(inspection=inspection, item=item, actor=client_user, value="OK")
    bad = SimpleUploadedFile("x.png", ELF)
    with pytest.raises(ValidationError):
        services.answer_save(
            inspection=inspection, item=item, actor=client_user, value="DEVIATION", photos=[bad]
        )
    assert Answer.objects.get(inspection=inspection, item=item).value == "OK"
    assert not Photo.objects.exists()


def test_the_stored_photo_has_a_random_name_and_no_exif(client, company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    services.answer_save(
        inspection=inspection,
        item=item,
        actor=client_user,
        value="DEVIATION",
        photos=[jpeg(gps=True, name="IMG_0001.jpg")],
    )
    photo = Photo.objects.get()
    assert "IMG_0001" not in photo.file.name
    client.force_login(client_user)
    response = client.get(f"/befaring/bilde/{photo.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert not image.getexif()


def test_the_photo_upload_form_refuses_an_executable_with_a_message(client, company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    client.force_login(client_user)
    response = client.post(
        f"/befaring/{inspection.pk}/punkt/{item.pk}/",
        {f"i{item.pk}-value": "DEVIATION", f"i{item.pk}-photos": SimpleUploadedFile("a.jpg", ELF)},
        follow=True,
    )
    assert "Filen er ikke et bilde (JPEG eller PNG)." in response.content.decode()
    assert not Answer.objects.exists()


def test_a_heic_photo_is_refused_with_a_way_out():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    with pytest.raises(ValidationError, match="HEIC"):
        clean_photo(SimpleUploadedFile("IMG_1.HEIC", heic))
