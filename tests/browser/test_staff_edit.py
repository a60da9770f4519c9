"""An HR officer edits a staff record in the browser: a refused CCCD is shown on its field, a fix is saved;
a photo is uploaded."""

import pytest

from hrm.models import Person
from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_edits_a_field_and_sees_it_on_the_profile(page, login, hr_manager, mai):
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{mai.pk}/")
    with page.expect_navigation():
        page.click("[data-edit-link]")
    assert page.input_value("#id_date_of_birth") == "02/04/1985"

    page.fill("#id_cccd", "083085000123")  # the sex digit says male: refused by the service
    page.fill("#id_phone", "0909 123 456")
    with page.expect_navigation():
        page.click("[data-staff-edit] button[type=submit]")
    error = page.locator("[data-field=cccd] .errors[role=alert]")
    assert error.count() == 1 and "giới tính" in error.inner_text().lower()
    assert Person.objects.get(pk=mai.person_id).phone == ""  # nothing saved

    page.fill("#id_cccd", "083185000123")
    page.fill("#id_current_address", "12 Đồng Khởi, Bến Tre")
    with page.expect_navigation():
        page.click("[data-staff-edit] button[type=submit]")
    assert page.url.endswith(f"/hrm/staff/{mai.pk}/")
    assert page.locator(".messages .msg-success").count() == 1
    identity = page.inner_text("#h-identity + dl")
    assert "083185000123" in identity and "0909 123 456" in identity and "12 Đồng Khởi, Bến Tre" in identity
    assert_offline_and_clean(page)


def test_officer_uploads_a_photo_and_it_shows_on_the_profile_and_form_2c(
    page, login, hr_manager, mai, tmp_path, settings
):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    picture = tmp_path / "mai.png"
    buffer = io.BytesIO()
    Image.new("RGB", (480, 640), (30, 90, 160)).save(buffer, "PNG")
    picture.write_bytes(buffer.getvalue())

    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{mai.pk}/")
    assert page.locator("#photo .staff-photo-empty").count() == 1
    page.set_input_files("#photo input[type=file]", str(picture))
    with page.expect_navigation():
        page.click("#photo button[type=submit]")
    image = page.locator("#photo img")
    image.wait_for()
    assert page.evaluate("document.querySelector('#photo img').naturalWidth") == 300  # framed 3:4
    page.screenshot(path="/tmp/prof/profile.png")
    page.goto(f"/hrm/staff/{mai.pk}/2c/")
    assert page.evaluate("document.querySelector('.f2c-photo img').naturalHeight") == 400
    assert_offline_and_clean(page)
