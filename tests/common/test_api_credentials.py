"""API tokens expire and die with a password change; WebSockets open with a one-use ticket, never a token."""

import datetime as dt
import time

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from common import auth_services, services
from config.asgi import application
from tests.hrm.factories import UserFactory
from tests.sockets import Communicator

PASSWORD = "pass-1234-secret"  # the factories' password


def _token_login(api_client, username: str) -> dict:
    response = api_client.post(reverse("api:token-login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def _me(api_client, token: str):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    try:
        return api_client.get(reverse("api:me"))
    finally:
        api_client.credentials()


def _age(token_key: str, *, hours: float) -> None:
    Token.objects.filter(key=token_key).update(created=timezone.now() - dt.timedelta(hours=hours))


# --- Expiring API tokens ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_token_login_says_when_the_token_expires(api_client, settings):
    settings.CONGVU_API_TOKEN_HOURS = 12
    UserFactory(username="tokenuser")
    before = timezone.now()
    data = _token_login(api_client, "tokenuser")
    expires = dt.datetime.fromisoformat(data["expires"])
    assert (
        before + dt.timedelta(hours=12) - dt.timedelta(seconds=5) <= expires <= timezone.now() + dt.timedelta(hours=12)
    )
    assert _me(api_client, data["token"]).status_code == 200


@pytest.mark.django_db
def test_a_token_older_than_the_limit_is_refused_with_401(api_client, settings):
    settings.CONGVU_API_TOKEN_HOURS = 12
    UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    _age(token, hours=12.1)
    response = _me(api_client, token)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert "hết hạn" in response.json()["detail"]


@pytest.mark.django_db
def test_logging_in_again_after_expiry_gives_a_new_token(api_client, settings):
    UserFactory(username="tokenuser")
    old = _token_login(api_client, "tokenuser")["token"]
    assert _token_login(api_client, "tokenuser")["token"] == old  # still valid: the same token
    _age(old, hours=settings.CONGVU_API_TOKEN_HOURS + 1)
    new = _token_login(api_client, "tokenuser")["token"]
    assert new != old and _me(api_client, new).status_code == 200
    assert not Token.objects.filter(key=old).exists()


@pytest.mark.django_db
def test_expired_token_message_is_vietnamese_by_default(api_client):
    UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    _age(token, hours=1000)
    assert _me(api_client, token).json()["detail"] == "Mã truy cập API đã hết hạn: hãy đăng nhập lại để nhận mã mới."


# --- A password change revokes the tokens ---------------------------------------------------------------
@pytest.mark.django_db
def test_service_revokes_every_token_of_the_user():
    user, other = UserFactory(), UserFactory()
    auth_services.api_token_issue(user=user)
    auth_services.api_token_issue(user=other)
    assert auth_services.api_tokens_revoke(user=user) == 1
    assert not Token.objects.filter(user=user).exists() and Token.objects.filter(user=other).exists()


@pytest.mark.django_db
def test_changing_the_password_on_the_page_revokes_the_api_token(client, api_client):
    user = UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Khac-h3n-2026!", "new_password2": "Khac-h3n-2026!"},
    )
    assert response.status_code == 302
    assert _me(api_client, token).status_code == 401
    assert client.get(reverse("home")).status_code == 200  # the page's own session is kept


@pytest.mark.django_db
def test_an_administrator_changing_the_password_in_the_admin_revokes_the_api_token(client, api_client):
    user = UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),  # Django names it so for any user model
        {"password1": "Khac-h3n-2026!", "password2": "Khac-h3n-2026!", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert _me(api_client, token).status_code == 401


@pytest.mark.django_db
def test_the_changepassword_command_revokes_the_api_token(api_client, monkeypatch):
    UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    monkeypatch.setattr("getpass.getpass", lambda *args, **kwargs: "Khac-h3n-2026!")
    call_command("changepassword", "tokenuser")
    assert _me(api_client, token).status_code == 401


@pytest.mark.django_db
def test_saving_the_user_without_a_new_password_keeps_the_token(api_client):
    user = UserFactory(username="tokenuser")
    token = _token_login(api_client, "tokenuser")["token"]
    user.first_name = "Mai"
    user.save()
    assert _me(api_client, token).status_code == 200


# --- WebSocket tickets -------------------------------------------------------------------------------
@pytest.fixture
def job(hr_manager):
    return services.job_create(kind="test", title="Nhập hồ sơ", owner=hr_manager)


def _socket(path: str) -> Communicator:
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")]
    return Communicator(application, path, headers=headers)


async def _connects(path: str) -> bool:
    ws = _socket(path)
    connected, _ = await ws.connect()
    if connected:
        await ws.disconnect()
    return connected


@pytest.mark.django_db
def test_ticket_api_needs_a_login_and_gives_a_fresh_ticket_each_time(api_client, hr_manager):
    url = reverse("api:ws-ticket")
    assert api_client.post(url).status_code in (401, 403)
    api_client.force_authenticate(hr_manager)
    first, second = api_client.post(url).json(), api_client.post(url).json()
    assert first["ticket"] != second["ticket"] and len(first["ticket"]) >= 22  # at least 128 bits
    assert 0 < first["expires_in"] <= 60


@pytest.mark.django_db
def test_the_ticket_api_takes_an_api_token(api_client, hr_manager):
    token = auth_services.api_token_issue(user=hr_manager).key
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.post(reverse("api:ws-ticket")).status_code == 200


@pytest.mark.django_db
def test_a_ticket_is_stored_hashed_and_redeemed_once(hr_manager):
    from django.core.cache import cache

    ticket = auth_services.ws_ticket_issue(user=hr_manager)
    assert cache.get(auth_services._WS_TICKET_PREFIX + ticket) is None
    assert auth_services.ws_ticket_redeem(ticket=ticket) == hr_manager
    assert auth_services.ws_ticket_redeem(ticket=ticket) is None
    assert auth_services.ws_ticket_redeem(ticket="made-up") is None


@pytest.mark.django_db
def test_a_ticket_of_a_deactivated_user_opens_nothing(hr_manager):
    ticket = auth_services.ws_ticket_issue(user=hr_manager)
    hr_manager.is_active = False
    hr_manager.save()
    assert auth_services.ws_ticket_redeem(ticket=ticket) is None


@pytest.mark.django_db(transaction=True)
async def test_a_ticket_from_the_api_opens_the_socket_once(job, hr_manager):
    from rest_framework.test import APIClient

    def issue():
        api = APIClient()
        api.force_authenticate(hr_manager)
        return api.post(reverse("api:ws-ticket")).json()["ticket"]

    ticket = await database_sync_to_async(issue)()
    path = f"/ws/jobs/{job.pk}/?ticket={ticket}"
    assert await _connects(path)
    assert not await _connects(path)


@pytest.mark.django_db(transaction=True)
async def test_an_expired_ticket_is_refused(job, hr_manager, monkeypatch):
    monkeypatch.setattr(auth_services, "WS_TICKET_SECONDS", 1)
    ticket = await database_sync_to_async(auth_services.ws_ticket_issue)(user=hr_manager)
    time.sleep(1.2)
    assert not await _connects(f"/ws/jobs/{job.pk}/?ticket={ticket}")


@pytest.mark.django_db(transaction=True)
async def test_an_api_token_in_the_url_is_refused(job, hr_manager):
    token = await database_sync_to_async(lambda: auth_services.api_token_issue(user=hr_manager).key)()
    assert not await _connects(f"/ws/jobs/{job.pk}/?token={token}")
    assert not await _connects(f"/ws/jobs/{job.pk}/?ticket={token}")
