"""Photos: sniffed, resized, stripped of EXIF, served only to who may see them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fieldwork import services
from fieldwork.models import Answer, Kind, Photo
from fieldwork.photos import clean_photo
from fieldwork.services import MAX_PHOTOS_PER_ANSWER
from tests.fieldwork.helpers import ROTATE_90_CW, avif, finished, heic, items_of, jpeg

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
    assert "Filen er ikke et bilde (JPEG, PNG eller HEIC)." in response.content.decode()
    assert not Answer.objects.exists()


def blue_corner(data: bytes) -> str:
    """Where the blue square of ``phone_image`` ended up."""
    with Image.open(io.BytesIO(data)) as image:
        image = image.convert("RGB")
        w, h = image.size
        corners = {
            "top left": (5, 5),
            "top right": (w - 6, 5),
            "bottom left": (5, h - 6),
            "bottom right": (w - 6, h - 6),
        }
    return next(name for name, xy in corners.items() if image.getpixel(xy)[2] > 200)


def test_a_jpeg_is_turned_upright_by_its_exif_orientation():
    cleaned = clean_photo(jpeg(800, 600, orientation=ROTATE_90_CW))
    assert (cleaned.width, cleaned.height) == (600, 800)
    assert blue_corner(cleaned.data) == "top right"
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert not image.getexif()  # the orientation tag is gone too: it is applied


def test_a_heic_from_an_iphone_becomes_an_upright_jpeg_without_gps():
    original = heic(800, 600, gps=True, orientation=ROTATE_90_CW)
    assert original.read(12)[4:12] == b"ftypheic"
    with Image.open(original) as before:  # the test photo does carry a position
        assert before.getexif().get_ifd(0x8825)
    original.seek(0)
    cleaned = clean_photo(original)
    assert cleaned.content_type == "image/jpeg"
    assert (cleaned.width, cleaned.height) == (600, 800)
    assert blue_corner(cleaned.data) == "top right"
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert not {"exif", "xmp"} & set(after.info)


def test_a_large_heic_is_resized_to_2000_px():
    cleaned = clean_photo(heic(2400, 1800))
    assert (cleaned.width, cleaned.height) == (2000, 1500)


def test_an_avif_is_stored_as_jpeg_without_metadata():
    cleaned = clean_photo(avif())
    assert cleaned.content_type == "image/jpeg"
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_a_heic_that_cannot_be_decoded_is_refused():
    broken = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    with pytest.raises(ValidationError, match="Bildet kan ikke leses"):
        clean_photo(SimpleUploadedFile("IMG_1.HEIC", broken))


def test_a_heic_over_the_limit_is_refused_before_it_is_decoded(settings):
    photo = heic()
    settings.UPLOAD_MAX_BYTES = photo.size - 1
    with pytest.raises(ValidationError, match="for stort"):
        clean_photo(photo)


def test_a_heic_uploaded_on_the_walk_is_stored_and_served_as_jpeg(client, company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    client.force_login(client_user)
    response = client.post(
        f"/befaring/{inspection.pk}/punkt/{item.pk}/",
        {f"i{item.pk}-value": "DEVIATION", f"i{item.pk}-photos": heic(gps=True)},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200, response.content
    photo = Photo.objects.get()
    assert photo.content_type == "image/jpeg"
    assert photo.file.name.endswith(".jpg") and "IMG_0001" not in photo.file.name
    served = client.get(f"/befaring/bilde/{photo.pk}/")
    assert served["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_photos_are_added_with_every_save_up_to_the_limit(client, company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    client.force_login(client_user)
    url = f"/befaring/{inspection.pk}/punkt/{item.pk}/"

    def save(*photos):
        data = {f"i{item.pk}-value": "DEVIATION", f"i{item.pk}-photos": list(photos)}
        return client.post(url, data, headers={"X-Requested-With": "fetch"})

    assert len(save(jpeg(120, 90), jpeg(120, 90)).json()["photos"]) == 2
    for count in range(3, MAX_PHOTOS_PER_ANSWER + 1):  # one per request, as the script sends
        assert len(save(jpeg(120, 90)).json()["photos"]) == count
    refused = save(jpeg(120, 90))
    assert refused.status_code == 400
    assert refused.json() == {
        "error": "Et punkt kan ha høyst 20 bilder, og dette har 20 fra før. "
        "Legg resten til et annet punkt, eller skriv det i merknaden.",
        "full": True,
    }
    assert Photo.objects.count() == MAX_PHOTOS_PER_ANSWER
    plain = client.post(url, {f"i{item.pk}-value": "OK", f"i{item.pk}-photos": jpeg()}, follow=True)
    assert "Et punkt kan ha høyst 20 bilder" in plain.content.decode()
    assert Answer.objects.get().value == "DEVIATION"  # the refused save changed nothing


def test_the_walk_says_how_photos_are_added(client, company, client_user):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    client.force_login(client_user)
    page = client.get(f"/befaring/{inspection.pk}/").content.decode()
    assert "Flere bilder legger du til ved å lagre på nytt: høyst 20 per punkt." in page
    assert "Uten JavaScript: inntil 5 bilder per lagring." in page
    assert 'data-uploading="Laster opp bilde {n} av {total} …"' in page


def test_a_wrong_photo_is_removed_while_the_walk_is_open(
    client, company, client_user, django_capture_on_commit_callbacks
):
    inspection = services.inspection_start(company=company, kind=Kind.PHYSICAL, actor=client_user)
    item = items_of(inspection)[0]
    answer = services.answer_save(
        inspection=inspection,
        item=item,
        actor=client_user,
        value="DEVIATION",
        photos=[jpeg(120, 90), jpeg(90, 120)],
    )
    wrong, kept = answer.photos.order_by("id")
    client.force_login(client_user)
    page = client.get(f"/befaring/{inspection.pk}/").content.decode()
    assert f'action="/befaring/bilde/{wrong.pk}/fjern/"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the file goes after COMMIT
        response = client.post(f"/befaring/bilde/{wrong.pk}/fjern/")
    assert response["Location"] == f"/befaring/{inspection.pk}/#punkt-{item.pk}"
    assert "Bildet er fjernet." in client.get(response["Location"]).content.decode()
    assert list(answer.photos.all()) == [kept]
    assert not wrong.file.storage.exists(wrong.file.name)
    assert Photo.history.filter(id=wrong.pk, history_type="-", history_user=client_user).exists()


def test_a_photo_of_a_finished_walk_stays(client, company, client_user):
    inspection = finished(company, client_user, deviations=1, photos=[jpeg()])
    photo = Photo.objects.get(answer__inspection=inspection)
    client.force_login(client_user)
    response = client.post(f"/befaring/bilde/{photo.pk}/fjern/", follow=True)
    assert "Kartleggingen er fullført og kan ikke endres." in response.content.decode()
    assert Photo.objects.filter(pk=photo.pk).exists()
    assert photo.file.storage.exists(photo.file.name)
    assert "/fjern/" not in client.get(f"/befaring/{inspection.pk}/").content.decode()
