"""What responses tell and keep: /healthz up/down only for the public, no-store for personal answers, CSP."""

import pytest
from django.urls import reverse

from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- /healthz -------------------------------------------------------------------------------------------
def test_healthz_tells_anonymous_callers_only_up_or_down(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "status": "ok",
        "checks": {"database": {"ok": True}, "channel_layer": {"ok": True}, "broker": {"ok": True}},
    }


def test_healthz_does_not_show_a_failing_brokers_address_to_the_public(client, monkeypatch):
    def broker_down():
        raise ConnectionError("Error 111 connecting to redis://10.1.2.3:6379/0")

    monkeypatch.setattr("common.health.check_broker", broker_down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error" and response.json()["checks"]["broker"] == {"ok": False}
    assert "10.1.2.3" not in response.content.decode()


def test_healthz_hides_details_from_signed_in_officers_too(client, hr_manager):
    client.force_login(hr_manager)
    assert set(client.get("/healthz").json()["checks"]["database"]) == {"ok"}


def test_the_province_administrator_sees_the_details(client, monkeypatch):
    monkeypatch.setattr("common.health.check_broker", lambda: "redis://10.1.2.3:6379/0")
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    checks = client.get("/healthz").json()["checks"]
    assert checks["broker"]["detail"] == "redis://10.1.2.3:6379/0"
    assert "ms" in checks["database"]


# --- Cache-Control: no-store ---------------------------------------------------------------------------
def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_the_profile_page_is_not_stored(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:staff-detail", args=[mai.pk]))
    assert response.status_code == 200 and _no_store(response)


def test_the_form_2c_pdf_is_not_stored(client, hr_manager, mai):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:form2c-pdf", args=[mai.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert _no_store(response)


def test_api_answers_are_not_stored(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    assert _no_store(api_client.get(reverse("hrm-api:staff-list")))
    api_client.force_authenticate(None)
    assert _no_store(api_client.get(reverse("hrm-api:staff-list")))  # a refusal too


def test_static_files_keep_their_cache_lifetime(client, hr_manager):
    client.force_login(hr_manager)
    response = client.get("/static/js/congvu.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


# --- Content Security Policy ---------------------------------------------------------------------------
def _connect_src(response) -> list[str]:
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["connect-src"].split()


def test_websockets_may_connect_only_to_this_host(client):
    assert _connect_src(client.get(reverse("login"))) == ["'self'", "ws://testserver"]


def test_over_https_only_the_secure_websocket_of_this_host(client, settings):
    settings.SECURE_SSL_REDIRECT = False
    assert _connect_src(client.get(reverse("login"), secure=True)) == ["'self'", "wss://testserver"]


def test_a_disallowed_host_gets_no_websocket_source(client):
    response = client.get(reverse("login"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert _connect_src(response) == ["'self'"]
