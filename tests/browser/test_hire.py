"""An HR officer creates a staff record in the browser: from the staff list, the coefficient shown as he picks the
rank and step, a refused step shown on its field, then the new profile."""

import pytest

from hrm.models import Employee, Rank, SalaryRecord
from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_creates_a_record_and_lands_on_the_new_profile(page, login, hr_manager, province):
    login(page, hr_manager.username)
    page.goto("/hrm/staff/")
    with page.expect_navigation():
        page.click("[data-staff-hire-link]")
    assert page.url.endswith("/hrm/staff/new/")

    page.fill("#id_code", "TD0001")
    page.select_option("#id_staff_type", "cong_chuc")
    page.select_option("#id_unit", str(province["c1"].pk))
    page.fill("#id_position", "Chuyên viên")
    page.fill("#id_on", "01/03/2025")
    page.select_option("#id_rank", str(Rank.objects.get(code="01.003").pk))
    page.fill("#id_step", "12")
    coefficient = page.locator("[data-hire-coefficient]")
    assert coefficient.get_attribute("data-state") == "refused" and "A1" in coefficient.inner_text()
    page.fill("#id_step", "2")
    assert coefficient.get_attribute("data-state") == "ok" and "2,67" in coefficient.inner_text()
    page.fill("#id_full_name", "lê thị thu")
    page.fill("#id_date_of_birth", "15/06/1995")
    page.select_option("#id_sex", "female")
    page.fill("#id_cccd", "083095000007")  # the sex digit says male: refused on its field
    page.fill("#id_native_place", "Bến Tre")
    with page.expect_navigation():
        page.click("[data-staff-hire] button[type=submit]")
    error = page.locator("[data-field=cccd] .errors[role=alert]")
    assert error.count() == 1 and "giới tính" in error.inner_text().lower()
    assert not Employee.objects.exists()
    assert page.input_value("#id_full_name") == "lê thị thu"  # what he typed is kept

    page.fill("#id_cccd", "083195000007")
    with page.expect_navigation():
        page.click("[data-staff-hire] button[type=submit]")
    employee = Employee.objects.get(code="TD0001")
    assert page.url.endswith(f"/hrm/staff/{employee.pk}/")
    assert page.locator(".messages .msg-success").count() == 1
    assert page.inner_text("h1").startswith("Lê Thị Thu")
    assert SalaryRecord.objects.get(employee=employee).coefficient == employee.coefficient
    assert_offline_and_clean(page)
