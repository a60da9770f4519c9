"""Staff photos: checked and framed, audited, and served only to those who may see the record."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.services.photos import PHOTO_SIZE, person_photo_remove, person_photo_set
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def picture(size=(600, 900), fmt="PNG", exif=False) -> SimpleUploadedFile:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 120, 40))
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        kwargs["exif"] = data
    image.save(out, fmt, **kwargs)
    return SimpleUploadedFile(f"me.{fmt.lower()}", out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def lan(province):
    return EmployeeFactory(
        unit=province["d1"], person=PersonFactory(full_name="Lê Văn Lân", date_of_birth=dt.date(1980, 5, 6))
    )


def test_a_photo_is_framed_three_by_four_as_a_jpeg_without_metadata(lan, hr_manager):
    person = person_photo_set(employee=lan, actor=hr_manager, upload=picture(fmt="JPEG", exif=True))
    with Image.open(person.photo.path) as stored:
        assert stored.format == "JPEG" and stored.size == PHOTO_SIZE
        assert not stored.getexif()
    entry = AuditEntry.objects.get(model="hrm.person", object_id=str(lan.person_id), action="update")
    assert entry.changes["photo"][0] in ("", None) and entry.changes["photo"][1] == person.photo.name


def test_a_new_photo_replaces_the_old_file(lan, hr_manager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = person_photo_set(employee=lan, actor=hr_manager, upload=picture()).photo.path
    lan.person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        second = person_photo_set(employee=lan, actor=hr_manager, upload=picture()).photo.path
    assert second != first
    import os

    assert os.path.exists(second) and not os.path.exists(first)


@pytest.mark.parametrize(
    "upload, words",
    [
        (SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg"), "JPEG or PNG"),
        ("gif", "JPEG or PNG"),
        ("small", "too small"),
    ],
)
def test_bad_files_are_refused_on_the_photo_field_and_nothing_changes(lan, hr_manager, english, upload, words):
    if upload == "gif":
        upload = picture(fmt="GIF")
    elif upload == "small":
        upload = picture(size=(60, 80))
    with pytest.raises(ApplicationError) as caught:
        person_photo_set(employee=lan, actor=hr_manager, upload=upload)
    assert caught.value.field == "photo" and words in " ".join(caught.value.messages)
    lan.person.refresh_from_db()
    assert not lan.person.photo and not AuditEntry.objects.filter(model="hrm.person").exists()


def test_a_file_over_the_limit_is_refused(lan, hr_manager, settings, english):
    settings.CONGVU_PHOTO_MAX_BYTES = 2000
    with pytest.raises(ApplicationError, match="too large"):
        person_photo_set(employee=lan, actor=hr_manager, upload=picture())


def test_removing_a_photo_and_removing_none(lan, hr_manager, english):
    person_photo_set(employee=lan, actor=hr_manager, upload=picture())
    assert not person_photo_remove(employee=lan, actor=hr_manager).photo
    with pytest.raises(ApplicationError, match="no photo"):
        person_photo_remove(employee=lan, actor=hr_manager)


def test_the_photo_is_served_to_those_who_see_the_record_only(client, lan, hr_manager, other_hr_manager, outsider):
    person_photo_set(employee=lan, actor=hr_manager, upload=picture())
    url = reverse("hrm:staff-photo", args=[lan.pk])
    client.force_login(hr_manager)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    for user in (other_hr_manager, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_the_staff_member_sees_his_photo_but_cannot_change_it(client, lan, hr_manager):
    from tests.hrm.factories import UserFactory

    me = UserFactory(username="lan", person=lan.person)
    person_photo_set(employee=lan, actor=hr_manager, upload=picture())
    client.force_login(me)
    url = reverse("hrm:staff-photo", args=[lan.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"photo": picture()}).status_code == 403


def test_the_edit_page_uploads_and_the_profile_shows_it(client, lan, hr_manager):
    client.force_login(hr_manager)
    url = reverse("hrm:staff-photo", args=[lan.pk])
    response = client.post(url, {"photo": picture()})
    assert response.status_code == 302 and response["Location"].endswith("#photo")
    lan.person.refresh_from_db()
    assert lan.person.photo
    page = client.get(reverse("hrm:staff-detail", args=[lan.pk])).content.decode()
    assert url in page
    bad = client.post(url, {"photo": SimpleUploadedFile("x.png", b"nope", content_type="image/png")}, follow=True)
    assert "JPEG" in bad.content.decode()


def test_the_api_puts_and_deletes_a_photo_with_400_on_bad_input(api_client, lan, hr_manager, other_hr_manager):
    url = reverse("hrm-api:staff-photo", args=[lan.pk])
    api_client.force_authenticate(other_hr_manager)
    assert api_client.put(url, {"photo": picture()}, format="multipart").status_code == 404
    api_client.force_authenticate(hr_manager)
    bad = api_client.put(url, {"photo": SimpleUploadedFile("x.png", b"nope")}, format="multipart")
    assert bad.status_code == 400 and "photo" in bad.json()
    assert api_client.put(url, {"photo": picture()}, format="multipart").status_code == 200
    assert api_client.delete(url).status_code == 204
    lan.person.refresh_from_db()
    assert not lan.person.photo
