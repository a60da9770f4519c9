"""An HR officer filters the staff list, ticks rows and records their due raises; the profile's tabs and Documents."""

import datetime as dt

import pytest
from django.utils import timezone

from hrm.models import Rank, SalaryRecord
from hrm.services.reminders import reminders_refresh
from hrm.services.salary import add_months
from hrm.services.staff import employee_hire
from tests.browser.conftest import assert_offline_and_clean
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hire(province, code, name, months_ago):
    return employee_hire(
        code=code,
        staff_type="cong_chuc",
        unit=province["c1"],
        on=add_months(timezone.localdate(), -months_ago),
        actor=None,
        person_fields={"full_name": name, "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )


@pytest.fixture
def staff(province):
    found = {
        "hoa": hire(province, "CV001", "Nguyễn Thị Hoa", 36),
        "lan": hire(province, "CV002", "Trần Thị Lan", 37),
        "moi": hire(province, "CV003", "Lê Thị Mới", 6),
        "other": EmployeeFactory(code="KT001", unit=province["d1"], person=PersonFactory(full_name="Võ Văn Khá")),
    }
    reminders_refresh()
    return found


def step_of(employee) -> int:
    return SalaryRecord.objects.get(employee=employee, valid_to__isnull=True).step


def test_officer_records_the_due_raises_of_the_ticked_rows(page, login, hr_manager, staff):
    login(page, hr_manager.username)
    page.goto("/hrm/staff/")
    page.select_option("#f-raise", "yes")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "raise_due=yes" in page.url
    rows = page.locator("[data-staff-table] tbody tr")
    assert rows.count() == 2  # Mới's raise is years away, Khá has no salary
    with page.expect_navigation():
        page.click("[data-sort-link] >> text=Số hiệu")  # the header sorts, the filter stays
    assert "raise_due=yes" in page.url and "sort=code" in page.url
    page.check(f"input[name=ids][value='{staff['hoa'].pk}']")
    page.check(f"input[name=ids][value='{staff['lan'].pk}']")
    with page.expect_navigation():
        page.click("[data-bulk-action=raises]")

    assert page.locator(".messages .msg-success").count() == 1
    assert "raise_due=yes" in page.url  # back on the same filtered list
    assert (step_of(staff["hoa"]), step_of(staff["lan"]), step_of(staff["moi"])) == (4, 4, 3)
    assert_offline_and_clean(page)


def test_profile_tabs_work_without_script(page, login, hr_manager, staff):
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{staff['hoa'].pk}/")
    assert page.is_visible("#personal") and page.is_hidden("#documents")
    page.click("a[href='#documents']")
    assert page.is_visible("[data-attachment-form]") and page.is_hidden("#personal")
    assert_offline_and_clean(page)
