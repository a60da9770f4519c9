"""The discipline add page /hrm/staff/<id>/discipline/add/ offers only the forms of the person's staff type
(cán bộ, công chức, viên chức) and refuses any other one posted to it, saving nothing."""

import pytest
from django.urls import reverse

from hrm.models import Discipline
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
ALL_FORMS = {"khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "bai_nhiem", "buoc_thoi_viec"}


@pytest.mark.parametrize(
    ("staff_type", "forms"),
    [
        ("can_bo", {"khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"}),
        ("cong_chuc", {"khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"}),
        ("vien_chuc", {"khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"}),
    ],
)
def test_the_page_offers_and_takes_only_the_forms_of_the_staff_type(client, hr_manager, province, staff_type, forms):
    employee = EmployeeFactory(unit=province["c1"], staff_type=staff_type)
    url = reverse("hrm:discipline-add", args=[employee.pk])
    client.force_login(hr_manager)
    offered = client.get(url).context["form"].fields["form"].choices
    assert {code for code, _label in offered if code} == forms
    for code in sorted(ALL_FORMS - forms):
        data = {"form": code, "valid_from": "01/03/2025", "reason": "Thử"}
        response = client.post(url, data)
        assert response.status_code == 200 and list(response.context["form"].errors) == ["form"], code
        assert "has-error" in response.content.decode()
    assert not Discipline.objects.filter(employee=employee).exists()
    response = client.post(url, {"form": "khien_trach", "valid_from": "01/03/2025", "reason": "Đi muộn"})
    assert response.status_code == 302 and Discipline.objects.filter(employee=employee).count() == 1
