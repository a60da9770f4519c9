"""An HR officer adds a qualification from the profile's Training tab and sees it there; a family member is
corrected from the Family tab. With CONGVU_SCREENS=1 the screens are written to docs/screens/ (listed in
docs/screens/README.md)."""

import datetime as dt
import os
from pathlib import Path

import pytest

from hrm.models import Qualification
from hrm.services.person_histories import family_create, qualification_create
from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def shot(page, name: str) -> None:
    if os.environ.get("CONGVU_SCREENS"):
        page.screenshot(path=str(SCREENS / name))


def test_officer_adds_a_qualification_from_the_training_tab(page, login, hr_manager, mai):
    qualification_create(
        employee=mai, kind="professional", credential="Cử nhân", major="Luật", institution="ĐH Cần Thơ",
        start=dt.date(2003, 9, 1), end=dt.date(2007, 6, 30), actor=None,
    )  # fmt: skip
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{mai.pk}/")
    assert page.is_hidden("[data-qualification-add]")  # the profile opens on its Personal tab
    page.click("a[href='#training']")
    assert page.is_visible("[data-qualification-add]")
    assert page.locator("[data-qualifications] .row-actions a").count() == 2  # Sửa, Xóa
    shot(page, "profile-training-actions.png")
    with page.expect_navigation():
        page.click("[data-qualification-add]")

    page.select_option("#id_kind", "language")
    page.fill("#id_credential", "Chứng chỉ B1 tiếng Anh")
    page.fill("#id_institution", "Trung tâm Ngoại ngữ Bến Tre")
    page.fill("#id_start", "01/03/2030")  # in the future: refused on its field
    with page.expect_navigation():
        page.click("[data-history-form] button[type=submit]")
    assert "tương lai" in page.inner_text("[data-field=start] .errors")
    assert Qualification.objects.count() == 1
    shot(page, "qualification-add.png")
    page.fill("#id_start", "01/03/2015")
    page.fill("#id_end", "30/06/2015")
    with page.expect_navigation():
        page.click("[data-history-form] button[type=submit]")

    assert page.url.endswith(f"/hrm/staff/{mai.pk}/#h-training")
    assert page.is_visible("[data-qualifications]")  # the Training tab is open on return
    rows = page.inner_text("[data-qualifications]")
    assert "Chứng chỉ B1 tiếng Anh" in rows and "Cử nhân Luật" in rows
    assert page.locator(".messages .msg-success").count() == 1
    assert_offline_and_clean(page)


def test_officer_corrects_a_family_member_from_the_family_tab(page, login, hr_manager, mai):
    family_create(employee=mai, relation="Mẹ", full_name="Lê Thị Hồng", birth_year=1960, actor=None)
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{mai.pk}/#family")
    with page.expect_navigation():
        page.click("[data-family] .row-actions a >> nth=0")
    assert page.input_value("#id_full_name") == "Lê Thị Hồng"
    page.fill("#id_details", "Hưu trí, Bến Tre")
    with page.expect_navigation():
        page.click("[data-history-form] button[type=submit]")
    assert "Hưu trí, Bến Tre" in page.inner_text("[data-family]")
    assert_offline_and_clean(page)
