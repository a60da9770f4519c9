"""Every word a Vietnamese user meets is Vietnamese: the API's own validation messages included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_drf_field_errors_are_in_vietnamese(api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:unit-choices"), {"limit": "many"})
    assert response.status_code == 400
    assert response.json()["limit"] == ["Cần nhập một số nguyên hợp lệ."]
    response = api_client.get(reverse("hrm-api:unit-choices"), {"limit": "0"})
    assert response.json()["limit"] == ["Giá trị này phải lớn hơn hoặc bằng 1."]


def test_drf_refusals_are_in_vietnamese(api_client):
    response = api_client.get(reverse("hrm-api:unit-choices"))
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Chưa cung cấp thông tin xác thực."


def test_rank_names_carry_no_remarks_in_english():
    from hrm.models import Rank

    assert Rank.objects.get(code="01.005").name == "Nhân viên"
    assert not Rank.objects.filter(name__icontains="since").exists()


def test_the_migration_cleans_a_rank_name_stored_with_its_remark():
    import importlib

    from django.apps import apps as global_apps

    from hrm.models import Rank

    migration = importlib.import_module("hrm.migrations.0018_vietnamese_names")
    Rank.objects.filter(code="01.005").update(name="Nhân viên (since TT 2/2021); 2015: Kỹ thuật viên đánh máy")
    migration.rank_names_clean(global_apps, None)
    assert Rank.objects.get(code="01.005").name == "Nhân viên"


def test_the_it_standards_legal_basis_is_vietnamese():
    from skills.models import ITStandard

    assert all("in force" not in standard.legal_basis for standard in ITStandard.objects.all())
    assert ITStandard.objects.filter(legal_basis__contains="hiệu lực từ").exists()


def test_the_audit_filter_names_every_record_type_in_vietnamese(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("common:audit")).content.decode()
    for english in ("Org unit version", "Salary step"):
        assert english not in html
    assert "Bậc lương" in html and "Tên và vị trí của đơn vị trong cây tổ chức" in html


def test_me_gives_the_roles_in_words_beside_their_codes(api_client, hr_manager):
    api_client.force_authenticate(hr_manager)
    body = api_client.get(reverse("api:me")).json()
    assert body["roles"] == ["hr_officer"] and body["role_names"] == ["Cán bộ tổ chức - nhân sự"]


def test_the_sources_verification_notes_are_shown_only_to_administrators(client, examiner, admin_user):
    from exams.models import RegulationProfile

    profile = RegulationProfile.objects.filter(verification__icontains="UNVERIFIED").first()
    assert profile is not None
    for url in (reverse("exams:profiles"), reverse("exams:profile-detail", args=[profile.pk])):
        client.force_login(examiner)
        assert "UNVERIFIED" not in client.get(url).content.decode(), url
        client.force_login(admin_user)
        assert "UNVERIFIED" in client.get(url).content.decode(), url


def _post_import(client, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("hrm:import"), {"file": SimpleUploadedFile(name, content), "dry_run": "on"})


def test_a_damaged_xlsx_is_refused_in_vietnamese_without_the_readers_words(client, hr_manager):
    client.force_login(hr_manager)
    html = _post_import(client, "staff.xlsx", b"PK\x03\x04 this is not a workbook").content.decode()
    assert "Không đọc được tệp dưới dạng bảng tính Excel (.xlsx)" in html
    for english in ("zip", "Zip", "Calamine", "EOF"):
        assert english not in html


def test_a_csv_not_in_utf8_is_refused_saying_what_to_do(client, hr_manager):
    client.force_login(hr_manager)
    html = _post_import(client, "staff.csv", "Họ và tên,Giới tính\nNguyễn Văn Á,Nữ\n".encode("utf-16")).content
    assert "Tệp csv không dùng bảng mã UTF-8" in html.decode()
    assert "codec" not in html.decode()
