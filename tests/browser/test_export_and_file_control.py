"""The staff list's export link exports what the filtered list shows; the translated file control on an upload form."""

import csv
import datetime as dt
import io

import pytest

from tests.browser.conftest import PASSWORD, assert_offline_and_clean
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(province):
    def person(name, sex, party=None):
        return PersonFactory(full_name=name, sex=sex, date_of_birth=dt.date(1988, 5, 1), party_joined_on=party)

    return [
        EmployeeFactory(
            code="LS001", unit=province["c1"], person=person("Nguyễn Thị Hoa", "female", dt.date(2012, 1, 1))
        ),
        EmployeeFactory(code="LS002", unit=province["c1"], person=person("Trần Thị Lan", "female")),
        EmployeeFactory(code="LS003", unit=province["d1"], person=person("Lê Văn Nam", "male", dt.date(2015, 3, 2))),
    ]


def test_the_export_link_of_a_filtered_list_exports_only_its_rows(page, login, hr_manager, staff):
    login(page, hr_manager.username)
    page.goto("/hrm/staff/")
    page.select_option("#f-sex", "female")
    page.select_option("#f-party", "yes")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    shown = page.locator("[data-staff-table] tbody tr td:nth-child(2)").all_inner_texts()
    assert shown == ["LS001"]
    with page.expect_download() as download:
        page.click("[data-export=csv]")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Số hiệu CBCCVC"] for r in rows] == shown
    assert rows[0]["Đơn vị"] == "Thị trấn Châu Thành — Huyện Châu Thành"
    assert_offline_and_clean(page)


def test_the_file_control_is_translated_and_shows_the_chosen_name(page, login, hr_manager, tmp_path):
    login(page, hr_manager.username)
    page.goto("/hrm/import/")
    picker = page.locator("[data-file-picker]")
    assert picker.locator(".file-picker-button").inner_text() == "Chọn tệp"
    assert picker.locator("[data-file-picker-name]").inner_text() == "Chưa chọn tệp"
    upload = tmp_path / "danh-sach-can-bo.xlsx"
    upload.write_bytes(b"PK")
    page.set_input_files("input[type=file][name=file]", str(upload))
    assert picker.locator("[data-file-picker-name]").inner_text() == "danh-sach-can-bo.xlsx"
    page.focus("input[type=file][name=file]")  # the real input is still focusable (keyboard, screen readers)
    assert page.evaluate("document.activeElement.name") == "file"
    assert_offline_and_clean(page)


def test_without_script_the_button_still_opens_the_chooser(page, live_server, hr_manager):
    context = page.context.browser.new_context(
        java_script_enabled=False, locale="vi-VN", viewport={"width": 1366, "height": 768}
    )
    bare = context.new_page()
    try:
        bare.goto(f"{live_server.url}/accounts/login/")
        bare.fill("#id_username", hr_manager.username)
        bare.fill("#id_password", PASSWORD)
        with bare.expect_navigation():
            bare.click("form.card button[type=submit]")
        bare.goto(f"{live_server.url}/hrm/import/")
        assert bare.locator("[data-file-picker-name]").is_hidden()  # no name shown that could not follow the choice
        with bare.expect_file_chooser() as chooser:
            bare.click(".file-picker-button")
        assert chooser.value.element.get_attribute("name") == "file"
    finally:
        context.close()
