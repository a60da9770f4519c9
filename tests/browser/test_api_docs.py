"""The API documentation page renders in the browser under the project's CSP (no inline script), offline."""

import pytest

from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_page_shows_the_operations(page, login, hr_manager):
    login(page, hr_manager.username, "pass-1234-secret")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)  # Swagger UI started and read the schema
    assert "Congvu API" in page.inner_text(".swagger-ui .info .title")
    # Swagger UI draws the operations tag by tag: wait for them all rather than count the first ones drawn
    operations = page.locator(".swagger-ui .opblock")
    for _ in range(75):  # (no wait_for_function: the page's CSP forbids evaluating strings)
        if operations.count() > 20:
            break
        page.wait_for_timeout(200)
    assert operations.count() > 20
    assert_offline_and_clean(page)
