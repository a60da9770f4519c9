"""403, 404, 400 and 500 answer with pages in the layout, in Vietnamese, saying no more than the user may know."""

import pytest
from django.test import Client
from django.urls import include, path, reverse

from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_the_styled_vietnamese_403_in_the_layout(client, outsider):
    client.force_login(outsider)
    response = client.get(reverse("hrm:staff-list"))
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in html and "congvu.css" in html  # inside the layout
    assert "Không có quyền truy cập" in html and 'data-error="403"' in html
    assert 'href="/"' in html  # a way back
    assert "Traceback" not in html and "PermissionDenied" not in html


def test_a_missing_page_is_the_styled_vietnamese_404_in_the_layout(client, outsider):
    client.force_login(outsider)
    response = client.get("/hrm/staff/999999/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in html and "Không tìm thấy trang" in html and 'data-error="404"' in html
    assert "Traceback" not in html and "No Employee matches" not in html  # says nothing about what exists


def test_the_404_speaks_english_to_who_chose_english(client, outsider, english):
    client.force_login(outsider)
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def _boom(request):
    raise RuntimeError("secret detail")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


def test_a_server_error_is_the_styled_500_without_details(outsider, settings):
    settings.ROOT_URLCONF = __name__
    browser = Client(raise_request_exception=False)
    browser.force_login(outsider)
    response = browser.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in html and "secret detail" not in html and 'class="topbar"' in html


def test_the_menu_is_grouped_and_offers_the_admin_only_with_models_in_it(client, hr_manager):
    from hrm.services.access import user_admin_access_sync

    user_admin_access_sync(user=hr_manager)
    client.force_login(hr_manager)
    html = client.get("/").content.decode()
    assert '<details class="navgroup" data-navgroup><summary>' in html  # the registry's pages in one dropdown
    assert 'href="/admin/"' in html
    bare = UserFactory(username="bare_staff", is_staff=True)  # staff status, but no model to manage
    client.force_login(bare)
    html = client.get("/").content.decode()
    assert 'href="/admin/"' not in html and 'href="/api/docs/"' not in html


def test_a_candidate_meets_the_404_in_his_own_layout(client):
    from exams.services import candidate_access_code_issue
    from tests.exams.factories import RoomSessionFactory, make_candidate

    candidate = make_candidate(number="BT0001", room_session=RoomSessionFactory())
    code = candidate_access_code_issue(candidate=candidate)
    assert client.post("/exams/login/", {"candidate_number": "BT0001", "access_code": code}).status_code == 302
    response = client.get("/hrm/staff/")
    html = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in html
    assert 'class="page narrow candidate"' in html and 'action="/exams/logout/"' in html
    assert "/api/docs/" not in html
