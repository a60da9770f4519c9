"""Signing in, the home page's module tiles, the lockout and the language switch, in a real browser."""

import pytest
from django.conf import settings
from django.urls import reverse

from exams.roles import ExamRole
from hrm.models import Role
from tests.browser.conftest import assert_offline_and_clean
from tests.hrm.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lan(transactional_db):
    """A user with a Vietnamese name and no role: her home page lists no module."""
    return UserFactory(username="lan", first_name="Lan", last_name="Nguyễn Thị")


# The modules each role opens (the apps register them with common.registry, see tests/common/test_registry.py).
HR_MODULES = [
    "hrm:staff-list",
    "hrm:units",
    "hrm:dashboard",
    "hrm:report",
    "hrm:reminders",
    "hrm:import",
    "skills:standard",
    "common:job-list",
    "common:audit",
]
MODULES = {
    Role.HR_OFFICER: HR_MODULES,
    ExamRole.EXAM_BOARD: ["exams:profiles", "exams:exam-list", "exams:banks", "common:audit"],
}


def _menu_urls_for(role) -> dict[str, str]:
    """The home tiles a holder of `role` alone should see: {url name: url}."""
    return {name: reverse(name) for name in MODULES[role]}


def _submit_login(page, username: str, password: str):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/accounts/login/")) as info:
        page.click("form.card button[type=submit]")
    page.wait_for_load_state()
    return info.value


def test_user_logs_in_through_the_form_and_lands_home_in_vietnamese(page, login, live_server, lan):
    login(page, "lan", "pass-1234-secret")

    assert page.url == f"{live_server.url}/"
    assert page.get_attribute("html", "lang") == "vi"
    assert page.inner_text(".who").strip() == lan.display_name == "Nguyễn Thị Lan"
    assert page.locator(".tiles a.tile").count() == 0
    assert_offline_and_clean(page)


@pytest.mark.parametrize(
    ("persona", "role", "own_tile", "foreign_tile"),
    [
        ("hr_manager", Role.HR_OFFICER, "/hrm/staff/", "/exams/profiles/"),
        ("examiner", ExamRole.EXAM_BOARD, "/exams/profiles/", "/hrm/staff/"),
    ],
)
def test_home_shows_the_module_tiles_of_the_users_role(
    page, login, live_server, request, persona, role, own_tile, foreign_tile
):
    user = request.getfixturevalue(persona)

    login(page, user.username, "pass-1234-secret")

    assert page.url == f"{live_server.url}/"
    assert page.inner_text(".who").strip() == user.display_name
    tiles = page.locator(".tiles a.tile")
    shown = {
        tiles.nth(i).get_attribute("data-module"): tiles.nth(i).get_attribute("href") for i in range(tiles.count())
    }
    assert shown == _menu_urls_for(role)
    assert own_tile in shown.values()
    assert foreign_tile not in shown.values()
    assert_offline_and_clean(page)


def test_wrong_password_shows_the_error_on_the_form(page, live_server, lan):
    page.goto("/accounts/login/")

    response = _submit_login(page, "lan", "wrong-password")

    assert response.status == 200
    assert page.url == f"{live_server.url}/accounts/login/"
    assert page.locator("form.card .errors[role=alert]").count() == 1
    assert page.input_value("#id_username") == "lan"
    assert page.input_value("#id_password") == ""
    assert page.locator(".who").count() == 0
    assert_offline_and_clean(page)


def test_too_many_failures_show_the_lockout_page_even_for_the_right_password(page, lan):
    limit = settings.AXES_FAILURE_LIMIT
    page.goto("/accounts/login/")
    for _ in range(limit - 1):
        assert _submit_login(page, "lan", "wrong-password").status == 200
        assert page.locator(".errors[role=alert]").count() == 1

    locked = _submit_login(page, "lan", "wrong-password")

    assert locked.status == 429
    assert page.locator("#id_password").count() == 0
    assert page.locator("main p.card[role=alert]").count() == 1
    page.goto("/accounts/login/")
    assert _submit_login(page, "lan", "pass-1234-secret").status == 429
    assert page.locator(".who").count() == 0
    assert_offline_and_clean(page)


def test_language_select_switches_the_page_to_english(page, login, live_server, lan):
    login(page, "lan", "pass-1234-secret")
    assert page.get_attribute("html", "lang") == "vi"

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")

    assert page.url == f"{live_server.url}/"
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("select[name=language]") == "en"
    page.goto("/accounts/login/")  # the choice sticks for later pages
    assert page.get_attribute("html", "lang") == "en"
    assert_offline_and_clean(page)


def test_login_page_loads_only_from_the_server_without_console_errors(page):
    response = page.goto("/accounts/login/")

    assert response.status == 200
    assert page.get_attribute("html", "lang") == "vi"
    # congvu.css and file-picker.css were served by the live server (a failed stylesheet has no rules)
    sheets = page.evaluate("[...document.styleSheets].map(s => [s.href.split('/').pop(), s.cssRules.length > 0])")
    assert sorted(sheets) == [["congvu.css", True], ["file-picker.css", True]]
    assert_offline_and_clean(page)
