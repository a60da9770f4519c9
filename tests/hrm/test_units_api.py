"""Restructuring and "who worked where on a date" through the API."""

import datetime as dt

import pytest
from django.urls import reverse

from hrm.models import OrgUnit
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan(province):
    return employee_hire(
        code="LAN",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2018, 1, 1),
        actor=None,
        person_fields={"full_name": "Võ Thị Lan", "date_of_birth": dt.date(1988, 8, 8), "sex": "female"},
    )


def test_merge_then_history_answers_for_both_dates(api_client, admin_user, hr_manager, province, lan):
    api_client.force_authenticate(admin_user)
    response = api_client.post(
        reverse("hrm-api:units-merge"),
        {
            "sources": [province["c1"].pk, province["c2"].pk],
            "new_code": "XNEW",
            "new_name": "Xã Mới",
            "new_parent": province["root"].pk,
            "kind": "commune",
            "on": "2025-07-01",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    merged = OrgUnit.objects.get(code="XNEW")
    before = api_client.get(reverse("hrm-api:staff-unit-on", args=[lan.pk]), {"on": "2025-06-30"}).json()
    after = api_client.get(reverse("hrm-api:staff-unit-on", args=[lan.pk]), {"on": "2025-07-01"}).json()
    assert before["unit_code"] == "X28801" and after["unit_code"] == "XNEW"
    old_staff = api_client.get(reverse("hrm-api:unit-staff-on", args=[province["d1"].pk]), {"on": "2024-01-01"})
    assert [row["code"] for row in old_staff.json()] == ["LAN"]
    new_staff = api_client.get(reverse("hrm-api:unit-staff-on", args=[province["d1"].pk]), {"on": "2025-07-02"})
    assert new_staff.json() == []
    assert merged.pk


def test_refused_restructuring_is_a_400_naming_the_field_and_changes_nothing(api_client, admin_user, province):
    api_client.force_authenticate(admin_user)
    url = reverse("hrm-api:unit-move", args=[province["d1"].pk])
    response = api_client.post(url, {"new_parent": province["c1"].pk, "on": "2025-07-01"}, format="json")
    assert response.status_code == 400 and "new_parent" in response.json()
    assert OrgUnit.objects.get(pk=province["d1"].pk).parent_id == province["root"].pk
    assert "on" in api_client.post(url, {"new_parent": None, "on": "yesterday"}, format="json").json()


def test_only_province_administrators_restructure(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:unit-rename", args=[province["c1"].pk])
    assert api_client.post(url, {"name": "Tên mới", "on": "2025-07-01"}, format="json").status_code == 403


def test_rename_keeps_the_old_name_for_old_dates(api_client, admin_user, province, lan):
    api_client.force_authenticate(admin_user)
    url = reverse("hrm-api:unit-rename", args=[province["c1"].pk])
    assert api_client.post(url, {"name": "Phường Châu Thành", "on": "2025-07-01"}, format="json").status_code == 200
    then = api_client.get(reverse("hrm-api:staff-unit-on", args=[lan.pk]), {"on": "2020-01-01"}).json()
    now = api_client.get(reverse("hrm-api:staff-unit-on", args=[lan.pk]), {"on": "2025-08-01"}).json()
    assert (then["unit_name"], now["unit_name"]) == ("Thị trấn Châu Thành", "Phường Châu Thành")


def test_other_districts_officer_gets_404_for_history(api_client, other_hr_manager, province, lan):
    api_client.force_authenticate(other_hr_manager)
    assert api_client.get(reverse("hrm-api:staff-unit-on", args=[lan.pk]), {"on": "2020-01-01"}).status_code == 404
    url = reverse("hrm-api:unit-staff-on", args=[province["d1"].pk])
    assert api_client.get(url, {"on": "2020-01-01"}).status_code == 404


def test_staff_on_a_date_shows_that_days_unit_and_pay_not_todays(api_client, hr_manager, admin_user, province):
    from hrm.models import Rank
    from hrm.services.salary_changes import salary_change
    from hrm.services.staff import employee_transfer

    rank = Rank.objects.get(code="01.003")
    binh = employee_hire(
        code="BINH",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2018, 1, 1),
        actor=None,
        rank=rank,
        position="Chuyên viên",
        person_fields={"full_name": "Lê Văn Bình", "date_of_birth": dt.date(1990, 3, 3), "sex": "male"},
    )
    then = binh.salary_records.get()
    employee_transfer(
        employee=binh,
        unit=province["c2"],
        on=dt.date(2021, 6, 1),
        reason="transfer",
        position="Phó Chủ tịch",
        actor=admin_user,
    )
    salary_change(
        employee=binh,
        actor=admin_user,
        on=dt.date(2022, 1, 1),
        reason="promotion",
        rank=Rank.objects.get(code="01.002"),
    )
    binh.refresh_from_db()
    assert (binh.unit_id, binh.rank.code, binh.position) == (province["c2"].pk, "01.002", "Phó Chủ tịch")
    assert binh.coefficient != then.coefficient  # today: outside hr_manager's units
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:unit-staff-on", args=[province["d1"].pk])
    [row] = api_client.get(url, {"on": "2020-01-01"}).json()
    assert row["code"] == "BINH" and row["unit_id"] == province["c1"].pk and row["unit"] == "Thị trấn Châu Thành"
    assert (row["position"], row["rank"], row["salary_step"]) == ("Chuyên viên", "01.003", then.step)
    assert row["coefficient"] == str(then.coefficient) and "status" not in row
    assert api_client.get(url, {"on": "2023-01-01"}).json() == []


def test_staff_on_a_date_leaves_out_units_no_longer_in_the_officers_scope(
    api_client, hr_manager, admin_user, province, lan
):
    from hrm.services.restructure import unit_move

    unit_move(unit=province["c1"], new_parent=province["d2"], on=dt.date(2025, 7, 1), actor=admin_user)
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:unit-staff-on", args=[province["d1"].pk])
    assert api_client.get(url, {"on": "2024-01-01"}).json() == []  # c1 was his then, it is another officer's now
    api_client.force_authenticate(admin_user)
    assert [row["code"] for row in api_client.get(url, {"on": "2024-01-01"}).json()] == ["LAN"]
