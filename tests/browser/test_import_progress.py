"""A large staff file runs as a background job: the page shows its progress, then the result."""

import pytest

from hrm.models import Employee
from tests.browser.conftest import assert_offline_and_clean
from tests.hrm.test_import_support import staff_row, write_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_clean_but_for_websocket(page):
    """The live server speaks WSGI only: the job page's socket is refused and it falls back to polling."""
    page.congvu_watch.console = [m for m in page.congvu_watch.console if "WebSocket" not in m]
    assert_offline_and_clean(page)


@pytest.fixture
def small_sync_limit(settings, job_worker):
    settings.CONGVU_IMPORT_SYNC_MAX_ROWS = 2  # three rows make a job (run by a real worker in services mode)


def test_large_import_shows_progress_then_counts(page, login, hr_manager, small_sync_limit, tmp_path):
    path = write_xlsx(tmp_path / "staff.xlsx", [staff_row(n, unit="X28801") for n in range(1, 4)])
    login(page, hr_manager.username, "pass-1234-secret")
    page.goto("/hrm/import/")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("[data-import-form] button[type=submit]")
    assert "/jobs/" in page.url
    page.wait_for_selector("[data-job-result]:not([hidden])", state="attached", timeout=30_000)
    page.wait_for_load_state()
    assert page.get_attribute("[data-job-progress] .progress", "aria-valuenow") == "100"
    assert "3" in page.inner_text("[data-message]")
    assert Employee.objects.filter(unit__code="X28801").count() == 3
    assert_clean_but_for_websocket(page)


def test_large_import_with_errors_offers_the_error_report(page, login, hr_manager, small_sync_limit, tmp_path):
    rows = [staff_row(1, unit="X28801"), staff_row(2, unit="X29062"), staff_row(3, **{"Ngày sinh": "30/02/1990"})]
    path = write_xlsx(tmp_path / "staff.xlsx", rows)
    login(page, hr_manager.username, "pass-1234-secret")
    page.goto("/hrm/import/")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("[data-import-form] button[type=submit]")
    page.wait_for_selector("[data-job-result]:not([hidden])", timeout=30_000)
    table = page.inner_text(".errors-table")
    assert "Mã đơn vị" in table and "Ngày sinh" in table
    with page.expect_download() as download:
        page.click("[data-output-link]")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert not Employee.objects.exists()
    assert_clean_but_for_websocket(page)
