"""An HR officer records a regular step raise in the browser: from the profile to the form and back."""

import datetime as dt

import pytest

from hrm.models import Rank, SalaryRecord
from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lan(province):
    """A1 (chuyên viên) step 3 since 01/01/2023: the regular raise to step 4 was due on 01/01/2026."""
    from hrm.services.staff import employee_hire

    return employee_hire(
        code="CV010",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2023, 1, 1),
        actor=None,
        person_fields={"full_name": "Võ Thị Lan", "date_of_birth": dt.date(1991, 7, 2), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )


def test_officer_records_a_regular_raise_from_the_profile(page, login, hr_manager, lan):
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{lan.pk}/")
    page.click("a[href='#salary']")  # the profile opens on its Personal tab
    assert page.inner_text("[data-computed] [data-next-raise]") == "01/01/2026"
    with page.expect_navigation():
        page.click("[data-salary-change]")

    # Prefilled with the regular raise on its due date, to the next step; the new rank is not asked for.
    assert page.input_value("#id_reason") == "regular"
    assert page.input_value("#id_on") == "01/01/2026"
    assert page.input_value("#id_step") == "4"
    assert page.is_hidden("[data-field=rank]") and page.is_hidden("[data-field=seniority_percent]")
    page.select_option("#id_reason", "promotion")
    assert page.is_visible("[data-field=rank]") and page.is_hidden("[data-field=step]")  # the rules place him
    page.select_option("#id_reason", "regular")
    page.fill("#id_decision_no", "QĐ 25/2026")
    with page.expect_navigation():
        page.click("[data-salary-form] button[type=submit]")

    assert page.url.endswith(f"/hrm/staff/{lan.pk}/#h-salary-history")
    assert page.locator(".messages .msg-success").count() == 1
    history = page.locator("#h-salary-history + table tbody tr")
    assert history.count() == 2
    newest = history.nth(1).inner_text()
    assert "01/01/2026" in newest and "\t4\t" in newest and "3,33" in newest
    assert page.inner_text("[data-computed] [data-next-raise]") == "01/01/2029"
    record = SalaryRecord.objects.get(employee=lan, valid_to__isnull=True)
    assert (record.step, record.reason, record.decision_no) == (4, "regular", "QĐ 25/2026")
    assert_offline_and_clean(page)
