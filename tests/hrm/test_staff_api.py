import pytest
from django.urls import reverse

from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    return {
        "an": EmployeeFactory(unit=province["c1"], person=PersonFactory(full_name="Nguyễn Văn An")),
        "anh": EmployeeFactory(unit=province["d1"], person=PersonFactory(full_name="Trần Thị Ánh")),
        "binh": EmployeeFactory(unit=province["d2"], person=PersonFactory(full_name="Lê Văn Bình")),
    }


def test_hr_officer_lists_only_his_subtree(api_client, hr_manager, staff):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:staff-list"))
    assert response.status_code == 200
    names = [row["full_name"] for row in response.json()["results"]]
    assert names == ["Nguyễn Văn An", "Trần Thị Ánh"]  # Vietnamese order: An < Ánh; Bình is in Ba Tri


def test_other_district_staff_is_404(api_client, hr_manager, staff):
    api_client.force_authenticate(hr_manager)
    url = reverse("hrm-api:staff-detail", args=[staff["binh"].pk])
    assert api_client.get(url).status_code == 404


def test_filtering_by_another_districts_unit_is_refused_not_emptied(api_client, hr_manager, province, staff):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:staff-list"), {"unit": province["d2"].pk})
    assert response.status_code == 404


def test_bad_filter_is_a_400_naming_the_field(api_client, hr_manager, staff):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:staff-list"), {"staff_type": "astronaut"})
    assert response.status_code == 400
    assert "staff_type" in response.json()


def test_search_ignores_accents(api_client, hr_manager, staff):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:staff-list"), {"q": "tran thi anh"})
    assert [row["full_name"] for row in response.json()["results"]] == ["Trần Thị Ánh"]


def test_outsider_is_refused(api_client, outsider, staff):
    api_client.force_authenticate(outsider)
    assert api_client.get(reverse("hrm-api:staff-list")).status_code == 403
    assert api_client.get(reverse("hrm-api:staff-detail", args=[staff["an"].pk])).status_code == 404


def test_province_admin_sees_everyone(api_client, admin_user, staff):
    api_client.force_authenticate(admin_user)
    assert api_client.get(reverse("hrm-api:staff-list")).json()["count"] == 3


def test_staff_member_sees_only_his_own_record(api_client, staff):
    from tests.hrm.factories import UserFactory

    user = UserFactory(username="an", person=staff["an"].person)
    api_client.force_authenticate(user)
    assert api_client.get(reverse("hrm-api:staff-detail", args=[staff["an"].pk])).status_code == 200
    assert api_client.get(reverse("hrm-api:staff-detail", args=[staff["anh"].pk])).status_code == 404
    assert api_client.get(reverse("hrm-api:staff-list")).status_code == 403


def test_units_api_is_scoped(api_client, hr_manager, province):
    api_client.force_authenticate(hr_manager)
    codes = {u["code"] for u in api_client.get(reverse("hrm-api:unit-list"), {"limit": 500}).json()["results"]}
    assert codes == {"H831", "X28801"}


def test_staff_list_page_is_scoped(client, hr_manager, other_hr_manager, staff, province):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-list")).content.decode()
    assert "Nguyễn Văn An" in page and "Lê Văn Bình" not in page
    assert client.get(reverse("hrm:staff-list"), {"unit": province["d2"].pk}).status_code == 404
    client.force_login(other_hr_manager)
    assert client.get(reverse("hrm:staff-detail", args=[staff["an"].pk])).status_code == 404


def test_outsider_gets_403_on_registry_pages(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("hrm:staff-list")).status_code == 403
    assert client.get(reverse("hrm:units")).status_code == 403


def test_units_page_shows_his_tree_with_staff_counts(client, hr_manager, admin_user, staff, province):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:units"))
    assert response.status_code == 200
    counts = {u.code: u.active_staff for u in response.context["units"]}
    assert counts == {"H831": 1, "X28801": 1}
    assert not response.context["can_restructure"]
    client.force_login(admin_user)
    assert client.get(reverse("hrm:units")).context["can_restructure"]
