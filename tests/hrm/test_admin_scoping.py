import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from hrm.admin import EmployeeAdmin
from hrm.models import Employee
from hrm.services.access import user_admin_access_sync
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_admin_client(client, hr_manager):
    user_admin_access_sync(user=hr_manager)
    hr_manager.refresh_from_db()
    client.force_login(hr_manager)
    return client


def test_hr_officer_gets_the_back_office_of_his_role(hr_manager):
    user_admin_access_sync(user=hr_manager)
    hr_manager.refresh_from_db()
    assert hr_manager.is_staff
    assert hr_manager.has_perm("hrm.change_employee") and not hr_manager.has_perm("hrm.change_grant")


def test_admin_lists_only_his_units_staff(hr_admin_client, province):
    mine, theirs = EmployeeFactory(unit=province["c1"]), EmployeeFactory(unit=province["c2"])
    page = hr_admin_client.get(reverse("admin:hrm_employee_changelist")).content.decode()
    assert mine.code in page and theirs.code not in page
    assert hr_admin_client.get(reverse("admin:hrm_employee_change", args=[theirs.pk])).status_code == 302


def test_admin_unit_choices_are_his_units_only(hr_manager, province):
    request = RequestFactory().get("/")
    request.user = hr_manager
    model_admin = EmployeeAdmin(Employee, admin.site)
    field = model_admin.formfield_for_foreignkey(Employee._meta.get_field("unit"), request)
    allowed = set(field.queryset.values_list("code", flat=True))
    assert province["c1"].code in allowed and province["c2"].code not in allowed


def test_losing_the_role_removes_the_back_office(hr_manager):
    user_admin_access_sync(user=hr_manager)
    hr_manager.grants.all().delete()
    user_admin_access_sync(user=hr_manager)
    hr_manager.refresh_from_db()
    assert not hr_manager.is_staff and not hr_manager.groups.exists()


def test_admin_refuses_a_cccd_that_contradicts_the_person(hr_admin_client):
    from hrm.admin import PersonAdminForm

    form = PersonAdminForm(
        data={
            "full_name": "Trần Thị Mai",
            "date_of_birth": "1985-04-02",
            "sex": "female",
            "cccd": "083085000123",
            "ethnicity": "Kinh",
            "religion": "Không",
            "general_education": "12/12",
        }
    )
    assert not form.is_valid()
    assert form.errors["cccd"]  # digit 4 says male, the person is a woman


def test_ratings_can_only_be_given_to_his_own_staff(hr_manager, province):
    from hrm.admin import EmployeeScopedAdmin
    from hrm.models import AnnualRating

    mine, theirs = EmployeeFactory(unit=province["c1"]), EmployeeFactory(unit=province["c2"])
    request = RequestFactory().get("/")
    request.user = hr_manager
    model_admin = EmployeeScopedAdmin(AnnualRating, admin.site)
    field = model_admin.formfield_for_foreignkey(AnnualRating._meta.get_field("employee"), request)
    assert set(field.queryset.values_list("pk", flat=True)) == {mine.pk}
    assert theirs.pk not in set(field.queryset.values_list("pk", flat=True))


def test_admin_pages_of_a_staff_record_render_with_histories(client, province):
    from tests.hrm.factories import UserFactory

    employee = EmployeeFactory(unit=province["c1"])
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:hrm_employee_change", args=[employee.pk])).status_code == 200
    assert client.get(reverse("admin:hrm_person_change", args=[employee.person_id])).status_code == 200


def test_dated_fields_and_histories_are_read_only_for_officers_in_the_back_office(hr_manager, admin_user, province):
    from hrm.admin import AssignmentInline, SalaryRecordInline

    user_admin_access_sync(user=hr_manager)
    hr_manager.refresh_from_db()
    employee = EmployeeFactory(unit=province["c1"])
    request = RequestFactory().get("/")
    model_admin = EmployeeAdmin(Employee, admin.site)
    request.user = hr_manager
    read_only = set(model_admin.get_readonly_fields(request, employee))
    assert {"unit", "status", "left_on", "rank", "salary_step"} <= read_only
    for inline in (AssignmentInline, SalaryRecordInline):
        inline_admin = inline(Employee, admin.site)
        assert not inline_admin.has_change_permission(request, employee)
        assert not inline_admin.has_add_permission(request, employee)
    user_admin_access_sync(user=admin_user)
    request.user = type(admin_user).objects.get(pk=admin_user.pk)  # the province administrator corrects them here
    assert "unit" not in model_admin.get_readonly_fields(request, employee)
    assert AssignmentInline(Employee, admin.site).has_change_permission(request, employee)


@pytest.fixture
def dated_rows(province):
    import datetime as dt

    from hrm.models import Rank, SalaryRecord

    employee = EmployeeFactory(unit=province["c1"])
    salary = SalaryRecord.objects.create(
        employee=employee,
        rank=Rank.objects.get(code="01.003"),
        step=3,
        coefficient="3.00",
        valid_from=dt.date(2020, 1, 1),
        reason="initial",
    )
    return {"assignment": employee.assignments.get(), "salaryrecord": salary}


@pytest.mark.parametrize("name", ["assignment", "salaryrecord"])
def test_standalone_dated_row_pages_refuse_officers_changes(hr_admin_client, dated_rows, name):
    row = dated_rows[name]
    before = type(row).objects.filter(pk=row.pk).values().get()
    change = reverse(f"admin:hrm_{name}_change", args=[row.pk])
    assert hr_admin_client.get(change).status_code == 200  # he may still read them
    assert hr_admin_client.post(change, {"valid_from": "2019-01-01", "position": "X", "step": "9"}).status_code == 403
    assert hr_admin_client.post(reverse(f"admin:hrm_{name}_add"), {"employee": row.employee_id}).status_code == 403
    delete = reverse(f"admin:hrm_{name}_delete", args=[row.pk])
    assert hr_admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).values().get() == before


def test_province_administrators_still_correct_dated_rows_in_the_back_office(client, admin_user, dated_rows):
    user_admin_access_sync(user=admin_user)
    client.force_login(admin_user)
    row = dated_rows["assignment"]
    change = reverse("admin:hrm_assignment_change", args=[row.pk])
    response = client.post(
        change,
        {
            "employee": row.employee_id,
            "unit": row.unit_id,
            "position": "Phó Chủ tịch",
            "reason": "correction",
            "decision_no": "",
            "valid_from": "2020-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.position == "Phó Chủ tịch"
    assert client.get(reverse("admin:hrm_salaryrecord_add")).status_code == 200
