"""Attachments of a staff record: checked by content and size, audited, kept within the record's scope."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import Attachment
from hrm.services.attachments import attachment_add, attachment_delete
from tests.hrm.factories import EmployeeFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(content=PDF, name="quyet-dinh.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def lan(province):
    return EmployeeFactory(unit=province["d1"], person=PersonFactory(full_name="Lê Văn Lân"))


@pytest.fixture
def decision(lan, hr_manager):
    return attachment_add(employee=lan, actor=hr_manager, upload=upload(), kind="decision", title="QĐ nâng lương")


def refused_field(**kwargs) -> str:
    with pytest.raises(ApplicationError) as caught:
        attachment_add(**kwargs)
    return caught.value.field


# --- the service ----------------------------------------------------------------------------------
def test_a_pdf_is_kept_with_its_size_type_and_an_audit_row(decision, lan, hr_manager):
    assert (decision.content_type, decision.size, decision.uploaded_by) == ("application/pdf", len(PDF), hr_manager)
    assert decision.file.name.startswith("attachments/") and decision.file.name.endswith(".pdf")
    assert decision.file.read() == PDF
    entry = AuditEntry.objects.get(action="create", model="hrm.attachment")
    assert entry.unit_id == lan.unit_id and entry.object_id == str(decision.pk)


def test_an_image_is_recognised_by_its_content_not_its_name(lan, hr_manager):
    image = attachment_add(
        employee=lan, actor=hr_manager, upload=upload(png(), "scan.pdf", "application/pdf"), kind="degree", title="x"
    )
    assert image.content_type == "image/png" and image.file.name.endswith(".png")


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script></html>", b"\x89PNG\r\n\x1a\n truncated"],
)
def test_a_file_of_another_type_is_refused_and_nothing_kept(lan, hr_manager, content, tmp_path):
    field = refused_field(employee=lan, actor=hr_manager, upload=upload(content, "x.pdf"), kind="other", title="x")
    assert field == "file"
    assert not Attachment.objects.exists()
    assert not list((tmp_path / "media").rglob("*.*"))


def test_a_file_over_the_limit_is_refused(lan, hr_manager, settings):
    settings.CONGVU_ATTACHMENT_MAX_BYTES = 1024
    big = PDF + b"0" * 2000
    assert refused_field(employee=lan, actor=hr_manager, upload=upload(big), kind="other", title="x") == "file"
    assert not Attachment.objects.exists()


def test_an_image_with_too_many_pixels_is_refused(lan, hr_manager, settings):
    settings.CONGVU_PHOTO_MAX_PIXELS = 1000
    field = refused_field(employee=lan, actor=hr_manager, upload=upload(png((40, 30))), kind="other", title="x")
    assert field == "file"


@pytest.mark.parametrize(("kind", "title", "field"), [("poem", "x", "kind"), ("other", "  ", "title")])
def test_bad_kind_or_title_names_the_field(lan, hr_manager, kind, title, field):
    assert refused_field(employee=lan, actor=hr_manager, upload=upload(), kind=kind, title=title) == field


def test_deletion_removes_row_and_file_after_commit_and_is_audited(
    decision, hr_manager, django_capture_on_commit_callbacks
):
    storage, name = decision.file.storage, decision.file.name
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=decision, actor=hr_manager)
    assert not Attachment.objects.exists() and not storage.exists(name)
    assert AuditEntry.objects.filter(action="delete", model="hrm.attachment").count() == 1


# --- the API --------------------------------------------------------------------------------------
def test_api_upload_list_download_and_delete(api_client, lan, hr_manager):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:attachment-list", args=[lan.pk])
    created = api_client.post(url, {"kind": "certificate", "title": "Chứng chỉ tin học", "file": upload()})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind"], body["size"], body["content_type"]) == ("certificate", len(PDF), "application/pdf")
    assert [row["title"] for row in api_client.get(url).json()] == ["Chứng chỉ tin học"]
    download = api_client.get(body["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert AuditEntry.objects.filter(action="view", model="hrm.attachment", note="download").count() == 1
    assert api_client.delete(body["download"]).status_code == 204
    assert api_client.get(url).json() == []


def test_api_bad_type_is_a_400_naming_the_file(api_client, lan, hr_manager):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:attachment-list", args=[lan.pk])
    response = api_client.post(url, {"kind": "other", "title": "x", "file": upload(b"GIF89a....", "x.gif")})
    assert response.status_code == 400 and "file" in response.json()


def test_api_outsider_and_other_district_get_404(api_client, decision, lan, outsider, other_hr_manager):
    detail = reverse("hrm-api:attachment-detail", args=[lan.pk, decision.pk])
    listing = reverse("hrm-api:attachment-list", args=[lan.pk])
    for user in (outsider, other_hr_manager):
        api_client.force_authenticate(user)
        assert api_client.get(detail).status_code == 404
        assert api_client.get(listing).status_code == 404
        assert api_client.delete(detail).status_code == 404
        assert api_client.post(listing, {"kind": "other", "title": "x", "file": upload()}).status_code in (403, 404)
    assert Attachment.objects.count() == 1
    assert not AuditEntry.objects.filter(action="view", model="hrm.attachment").exists()


def test_a_document_of_another_record_is_404_through_this_one(api_client, decision, province, hr_manager):
    other = EmployeeFactory(unit=province["d1"])
    api_client.force_authenticate(hr_manager)
    assert api_client.get(reverse("hrm-api:attachment-detail", args=[other.pk, decision.pk])).status_code == 404


def test_the_staff_member_downloads_his_own_documents_but_may_not_delete_them(api_client, decision, lan):
    himself = UserFactory(username="lan", person=lan.person)
    api_client.force_authenticate(himself)
    detail = reverse("hrm-api:attachment-detail", args=[lan.pk, decision.pk])
    assert api_client.get(detail).status_code == 200
    assert api_client.delete(detail).status_code == 403
    assert Attachment.objects.count() == 1


# --- the pages ------------------------------------------------------------------------------------
def test_documents_tab_lists_and_uploads(client, lan, hr_manager):
    client.force_login(hr_manager)
    profile = reverse("hrm:staff-detail", args=[lan.pk])
    data = {"kind": "decision", "title": "QĐ tuyển dụng", "file": upload()}
    response = client.post(reverse("hrm:attachment-add", args=[lan.pk]), data)
    assert response.status_code == 302 and response["Location"] == profile + "#documents"
    page = client.get(profile).content.decode()
    attachment = Attachment.objects.get()
    assert 'id="documents"' in page and "QĐ tuyển dụng" in page
    assert reverse("hrm:attachment-download", args=[lan.pk, attachment.pk]) in page
    assert "data-attachment-form" in page and 'href="#documents"' in page


def test_a_refused_upload_says_why_on_the_profile(client, lan, hr_manager, english):
    client.force_login(hr_manager)
    data = {"kind": "decision", "title": "x", "file": upload(b"plain text", "x.txt", "text/plain")}
    response = client.post(reverse("hrm:attachment-add", args=[lan.pk]), data, follow=True)
    assert "Only PDF, JPEG and PNG files can be attached." in response.content.decode()
    assert not Attachment.objects.exists()


def test_page_download_and_delete(client, decision, lan, hr_manager):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:attachment-download", args=[lan.pk, decision.pk]))
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    response = client.post(reverse("hrm:attachment-delete", args=[lan.pk, decision.pk]))
    assert response.status_code == 302 and not Attachment.objects.exists()


def test_page_outsider_gets_404(client, decision, lan, other_hr_manager):
    client.force_login(other_hr_manager)
    assert client.get(reverse("hrm:attachment-download", args=[lan.pk, decision.pk])).status_code == 404
    assert client.post(reverse("hrm:attachment-delete", args=[lan.pk, decision.pk])).status_code == 404
    assert Attachment.objects.count() == 1


def test_media_files_are_not_served_directly(client, decision, hr_manager):
    client.force_login(hr_manager)
    assert client.get("/media/" + decision.file.name).status_code == 404
