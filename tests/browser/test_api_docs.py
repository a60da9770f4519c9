"""The API documentation page renders in the browser under the project's CSP (no inline script), offline."""

import pytest

from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Swagger UI (the sidecar's dist) virtualizes the operation list once it holds 150 rows or more (tags plus
# operations; the schema crossed that with the results API): only the rows near the viewport are in the DOM,
# about ten at 1366x768, and scrolling swaps them. So the test scrolls the page down and collects the
# operations drawn on the way, rather than counting the DOM once.
SCROLL_STEP = 500  # pixels, less than the viewport: no operation is skipped between two looks


def _drawn_operations(page) -> set[str]:
    # one look at the DOM (Playwright's evaluation is not the page's eval: the CSP does not block it)
    return set(page.locator(".swagger-ui .opblock").evaluate_all("blocks => blocks.map(block => block.id)"))


def test_the_api_docs_page_shows_the_operations(page, login, hr_manager):
    login(page, hr_manager.username, "pass-1234-secret")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15000)  # Swagger UI started and read the schema
    assert "Congvu API" in page.inner_text(".swagger-ui .info .title")
    seen = _drawn_operations(page)
    unchanged = 0
    for _ in range(150):  # scroll to the end of the list (about 20 steps for 160 operations)
        page.mouse.wheel(0, SCROLL_STEP)
        page.wait_for_timeout(100)
        drawn = _drawn_operations(page)
        unchanged = unchanged + 1 if drawn <= seen else 0
        seen |= drawn
        if unchanged >= 5:  # the end of the list: scrolling draws nothing new
            break
    assert len(seen) > 20, f"only these operations were drawn: {sorted(seen)}"
    assert_offline_and_clean(page)
