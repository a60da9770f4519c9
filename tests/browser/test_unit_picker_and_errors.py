"""In the browser: the unit picker finds a unit by part of its name typed without accents, and a refused page is the
styled 403 inside the layout."""

from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import assert_offline_and_clean
from tests.hrm.factories import OrgUnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_finds_a_unit_typing_without_accents_and_transfers_to_it(page, login, hr_manager, province, mai):
    target = OrgUnitFactory(code="NV831", name="Phòng Nội vụ", kind="division", parent=province["d1"])
    OrgUnitFactory(code="TC831", name="Phòng Tài chính", kind="division", parent=province["d1"])
    login(page, hr_manager.username)
    page.goto(f"/hrm/staff/{mai.pk}/transfer/")
    search = page.locator("#id_unit-search")
    assert search.count() == 1 and search.get_attribute("placeholder") == "Gõ một phần tên để tìm…"
    search.fill("noi vu")  # no accents: finds "Phòng Nội vụ — Huyện Châu Thành"
    visible = page.eval_on_selector_all("#id_unit option", "os => os.filter(o => !o.hidden).map(o => o.textContent)")
    assert visible == ["Phòng Nội vụ — Huyện Châu Thành"]
    search.press("Enter")  # picks the first match, does not send the form
    assert page.input_value("#id_unit") == str(target.pk) and page.url.endswith("/transfer/")
    page.fill("#id_on", "01/03/2026")
    with page.expect_navigation():
        page.click("[data-staff-transfer] button[type=submit]")
    mai.refresh_from_db()
    assert mai.unit_id == target.pk
    assert_offline_and_clean(page)


def test_the_report_picker_and_sticky_unit_column(page, login, hr_manager, province):
    login(page, hr_manager.username)
    page.goto("/hrm/report/")
    page.fill("#r-unit-search", "thi tran chau")
    page.locator("#r-unit-search").press("Enter")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert f"unit={province['c1'].pk}" in page.url
    position = page.eval_on_selector("[data-report-table] thead .stick-unit", "e => getComputedStyle(e).position")
    assert position == "sticky"
    assert_offline_and_clean(page)


def test_a_refused_page_is_the_styled_403_in_the_layout(page, login, outsider):
    login(page, outsider.username)
    response = page.goto("/hrm/staff/")
    assert response.status == 403
    assert page.locator("header.topbar").count() == 1
    assert page.inner_text("h1") == "Không có quyền truy cập"
    assert page.eval_on_selector(".error-code", "e => getComputedStyle(e).color") == "rgb(183, 28, 28)"  # styled
    with page.expect_navigation():
        page.click(".error-page a.button")
    assert urlsplit(page.url).path == "/"  # back home
    assert_offline_and_clean(page)


def test_the_menu_groups_open_as_dropdowns_on_one_row(page, login, hr_manager):
    login(page, hr_manager.username)
    page.goto("/")
    nav = page.locator("nav.mainnav")
    assert nav.bounding_box()["height"] < 48  # one row at 1366×768
    page.click("details.navgroup >> nth=0 >> summary")
    assert page.locator("details.navgroup[open] .navmenu a").count() >= 5
    page.click("h1")  # a click elsewhere closes it
    assert page.locator("details.navgroup[open]").count() == 0
    assert_offline_and_clean(page)


def test_the_staff_list_keeps_its_header_in_view(page, login, hr_manager, province):
    """Dense tables with sticky headers: scrolled down a long list, the column headers stay at the top."""
    login(page, hr_manager.username)
    page.set_viewport_size({"width": 1366, "height": 300})  # shorter than the list, so it scrolls
    page.goto("/hrm/staff/")
    header = "[data-staff-table] thead"
    assert page.eval_on_selector(header, "e => getComputedStyle(e).position") == "sticky"
    # scroll the table's top 20 px above the window's top edge (room added below a short list so it can scroll):
    # its first row goes under, its header stays
    page.evaluate("() => { document.body.style.paddingBottom = '2000px'; }")
    page.eval_on_selector("[data-staff-table]", "t => window.scrollTo(0, t.getBoundingClientRect().top + scrollY + 20)")
    table_top = page.eval_on_selector("[data-staff-table]", "e => e.getBoundingClientRect().top")
    header_top = page.eval_on_selector(header, "e => e.getBoundingClientRect().top")
    assert table_top < 0 <= header_top < 5, (table_top, header_top)
    assert_offline_and_clean(page)
