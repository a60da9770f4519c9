import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exams.services import candidate_access_code_issue
from tests.exams.factories import RoomSessionFactory, make_candidate
from tests.hrm.factories import PersonFactory

pytestmark = pytest.mark.django_db

LOGIN = "/exams/login/"
HOME = "/exams/me/"
TOKEN = "/api/exams/candidate-token/"


@pytest.fixture
def seated():
    """Two candidates of one exam in the same room session; the first holds a fresh code."""
    session = RoomSessionFactory(shift__name="Ca sáng", room__name="Phòng 07")
    khoa = make_candidate(
        number="BT0001", room_session=session, seat="12", person=PersonFactory(full_name="Phạm Minh Khoa")
    )
    other = make_candidate(number="BT0002", room_session=session, person=PersonFactory(full_name="Đỗ Thị Hạnh"))
    candidate_access_code_issue(candidate=other)
    return khoa, candidate_access_code_issue(candidate=khoa), other


def _login(client, number, code, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"candidate_number": number, "access_code": code, **extra}, REMOTE_ADDR=address)


def _wrong(code: str) -> str:
    return ("1" if code[0] != "1" else "2") + code[1:]


def test_login_page_in_vietnamese_with_the_two_fields(client):
    page = client.get(LOGIN)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Số báo danh" in html and "Mã truy cập" in html
    assert 'name="candidate_number"' in html and 'name="access_code"' in html
    assert "http://" not in html and "https://" not in html  # no external assets


def test_the_issued_code_logs_in_and_the_home_shows_only_his_own_exam_seat_and_name(client, seated):
    khoa, code, other = seated
    response = _login(client, "bt0001", code.lower())
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.session["_auth_user_id"] == str(khoa.user.pk)
    home = client.get(HOME)
    html = home.content.decode()
    assert home.status_code == 200
    for text in ("Phạm Minh Khoa", "BT0001", khoa.exam.name, "Ca sáng", "Phòng 07", "12"):
        assert text in html
    assert "Đỗ Thị Hạnh" not in html and "BT0002" not in html
    assert 'href="/api/docs/"' not in html and "/hrm/" not in html  # no menu of the staff modules
    khoa.refresh_from_db()
    assert khoa.code_used_at is not None


def test_a_wrong_code_is_refused_on_the_field_and_logs_nobody_in(client, seated):
    _khoa, code, _other = seated
    response = _login(client, "BT0001", _wrong(code))
    assert response.status_code == 400
    assert response.context["form"].errors["access_code"]
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302  # to the candidate login


def test_an_expired_code_is_refused(client, seated):
    khoa, code, _other = seated
    candidate_access_code_issue(candidate=khoa, code=code, valid_until=timezone.now() - dt.timedelta(minutes=1))
    assert _login(client, "BT0001", code).status_code == 400
    assert "_auth_user_id" not in client.session


def test_the_candidate_user_cannot_log_in_with_a_password(client, api_client, seated):
    khoa, code, _other = seated
    username = khoa.user.username
    for i, password in enumerate(("", code, "!")):  # each from its own address: refused, not locked out
        address = f"10.0.4.{i}"
        response = client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
        assert response.status_code == 200 and "_auth_user_id" not in client.session, password
        api = api_client.post(
            reverse("api:token-login"), {"username": username, "password": password}, REMOTE_ADDR=address
        )
        assert api.status_code == 400
    admin = client.post("/admin/login/", {"username": username, "password": code}, REMOTE_ADDR="10.0.4.9")
    assert admin.status_code == 200 and "_auth_user_id" not in client.session


def test_five_wrong_codes_lock_that_number_from_any_address(client, seated, settings):
    _khoa, code, _other = seated
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(Client(), "BT0001", _wrong(code), address=f"10.0.1.{attempt}").status_code == 400
    assert _login(Client(), "BT0001", _wrong(code), address="10.0.1.99").status_code == 429  # the fifth locks
    locked = _login(client, "BT0001", code, address="10.0.2.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    api = Client().post(TOKEN, {"candidate_number": "BT0001", "access_code": code}, REMOTE_ADDR="10.0.2.2")
    assert api.status_code == 429
    # another number is not locked by it
    assert _login(Client(), "BT0002", "0000000000", address="10.0.3.1").status_code == 400


def test_rotating_numbers_from_one_address_is_limited_too(client, seated, settings):
    settings.CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT = 3
    _khoa, code, _other = seated
    for number in ("BT0100", "BT0101", "BT0102"):
        assert _login(Client(), number, "ABCDEFGHJK", address="10.9.9.9").status_code == 400
    locked = _login(client, "BT0001", code, address="10.9.9.9")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    api = Client().post(TOKEN, {"candidate_number": "BT0001", "access_code": code}, REMOTE_ADDR="10.9.9.9")
    assert api.status_code == 429
    assert _login(Client(), "BT0001", code, address="10.9.9.10").status_code == 302  # another machine still may


def test_the_api_token_path_returns_an_expiring_token_for_the_candidate(api_client, seated, settings):
    khoa, code, _other = seated
    response = api_client.post(TOKEN, {"candidate_number": "BT0001", "access_code": code}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires"}
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = api_client.get(reverse("api:me"))
    assert me.status_code == 200 and me.json()["username"] == khoa.user.username
    for path in ("/api/hrm/staff/", "/api/exams/profiles/", "/api/schema/", "/api/auth/ws-ticket/"):
        assert api_client.get(path).status_code in (403, 404), path


def test_the_api_refuses_a_wrong_code_naming_the_field(api_client, seated):
    _khoa, code, _other = seated
    response = api_client.post(TOKEN, {"candidate_number": "BT0001", "access_code": _wrong(code)}, format="json")
    assert response.status_code == 400 and "access_code" in response.json()
    assert "token" not in response.json()
    assert api_client.post(TOKEN, {"candidate_number": "BT0001"}, format="json").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/hrm/staff/",
        "/hrm/units/",
        "/admin/",
        "/audit/",
        "/jobs/",
        "/api/docs/",
        "/api/schema/",
        "/exams/profiles/",
        "/api/hrm/staff/",
        "/api/exams/profiles/",
    ],
)
def test_a_logged_in_candidate_gets_404_on_every_staff_page(client, seated, path):
    _khoa, code, _other = seated
    assert _login(client, "BT0001", code).status_code == 302
    assert client.get(path).status_code == 404


def test_a_candidate_is_sent_home_from_the_front_page(client, seated):
    _khoa, code, _other = seated
    _login(client, "BT0001", code)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(LOGIN)["Location"] == HOME


def test_the_role_checks_refuse_the_candidate_principal_on_their_own(client, api_client, seated):
    """Without the confinement (a session of another backend), the pages' own role checks still say no."""
    khoa, _code, _other = seated
    client.force_login(khoa.user, backend="django.contrib.auth.backends.ModelBackend")
    for path in ("/hrm/staff/", "/audit/", "/exams/profiles/", "/skills/"):
        assert client.get(path).status_code in (403, 404), path
    api_client.force_authenticate(khoa.user)
    for path in ("/api/hrm/staff/", "/api/exams/profiles/", "/api/skills/modules/"):
        assert api_client.get(path).status_code in (403, 404), path


def test_staff_users_and_strangers_have_no_candidate_page(client, hr_manager):
    assert client.get(HOME)["Location"] == LOGIN
    client.force_login(hr_manager)
    assert client.get(HOME).status_code == 404
    assert client.get("/hrm/staff/").status_code == 200  # staff are not confined


def test_logout_ends_the_candidate_session(client, seated):
    _khoa, code, _other = seated
    _login(client, "BT0001", code)
    response = client.post("/exams/logout/")
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert client.get(HOME)["Location"] == LOGIN
