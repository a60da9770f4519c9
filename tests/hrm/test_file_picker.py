"""Every upload form uses the one translated file control (common.widgets.FilePicker), a real file input."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
FILE_INPUT = re.compile(r"<input[^>]*type=\"file\"[^>]*>")


def _pickers(html: str) -> list[str]:
    """Each file input with what follows it in its picker box; a file input outside a picker fails the test."""
    boxes = re.findall(r'<span class="file-picker" data-file-picker>(.*?)</span></span>', html, re.S)
    assert len(FILE_INPUT.findall(html)) == len(boxes), "a file input outside the picker"
    return boxes


@pytest.mark.parametrize(
    ("page", "names"),
    [("import", ["file"]), ("profile", ["photo", "file"])],
)
def test_upload_forms_show_the_translated_control(client, hr_manager, mai, page, names):
    client.force_login(hr_manager)
    url = reverse("hrm:import") if page == "import" else reverse("hrm:staff-detail", args=[mai.pk])
    html = client.get(url).content.decode()
    boxes = _pickers(html)
    assert [re.search(r'name="(\w+)"', box).group(1) for box in boxes] == names
    for box in boxes:
        input_id = re.search(r'id="([^"]+)"', box).group(1)
        assert f'<label for="{input_id}" class="button file-picker-button" aria-hidden="true">Chọn tệp</label>' in box
        assert "Chưa chọn tệp" in box
        assert f'<label for="{input_id}">' in html  # the field's own label names the input for screen readers
    assert "js/file-picker.js" in html


def test_the_admin_import_page_uses_it_too(client, admin_user):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    html = client.get(reverse("admin:hrm_employee_import_file")).content.decode()
    assert len(_pickers(html)) == 1 and "js/file-picker.js" in html and "css/file-picker.css" in html


def test_uploads_still_work_through_the_control(client, hr_manager, mai, tmp_path):
    """The control is a plain multipart file field: the import page takes a file as before."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.hrm.test_import_support import staff_row, write_xlsx

    client.force_login(hr_manager)
    path = write_xlsx(tmp_path / "a.xlsx", [staff_row(7, unit="H831")])
    upload = SimpleUploadedFile("a.xlsx", path.read_bytes())
    response = client.post(reverse("hrm:import"), {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and response.context["result"]["errors"] == []
