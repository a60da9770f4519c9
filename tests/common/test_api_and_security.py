import pytest
from django.urls import reverse

from common.errors import ApplicationError
from common.models import AuditEntry
from common.services import audit_record, snapshot
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_and_docs_are_served_locally(client, outsider):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "cdn" not in html.lower() and "swagger-ui" in html.lower()


def test_token_login_returns_a_token_usable_by_the_api(client):
    UserFactory(username="tokenuser")
    response = client.post(reverse("api:token-login"), {"username": "tokenuser", "password": "pass-1234-secret"})
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200 and me.json()["username"] == "tokenuser"


def test_api_needs_authentication(client):
    assert client.get(reverse("api:me")).status_code in (401, 403)


def test_domain_error_becomes_400_with_the_field_name():
    from common.api import exception_handler

    response = exception_handler(ApplicationError("Ngày không hợp lệ", field="valid_from"), {})
    assert response.status_code == 400
    assert response.data == {"valid_from": ["Ngày không hợp lệ"]}


def test_five_failed_logins_lock_the_account(client):
    UserFactory(username="victim")
    for _ in range(5):
        client.post(reverse("login"), {"username": "victim", "password": "wrong"})
    locked = client.post(reverse("login"), {"username": "victim", "password": "pass-1234-secret"})
    assert locked.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_security_headers_are_set(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_interface_speaks_vietnamese_by_default_and_english_on_request(client):
    assert '<html lang="vi">' in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


def test_audit_trail_records_before_and_after(province, admin_user):
    unit = province["dept"]
    before = snapshot(unit)
    unit.name = "Sở Nội vụ tỉnh Bến Tre"
    unit.save()
    entry = audit_record(
        actor=admin_user, action="update", obj=unit, before=before, after=snapshot(unit), unit_id=unit.pk
    )
    assert entry.changes == {"name": ["Sở Nội vụ", "Sở Nội vụ tỉnh Bến Tre"]}
    assert AuditEntry.objects.filter(model="hrm.orgunit", object_id=str(unit.pk), action="update").exists()


def test_openapi_schema_generates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    err = StringIO()
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=StringIO(), stderr=err)


def test_an_english_browser_still_gets_vietnamese_until_the_user_chooses(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="vi">' in page.content.decode()
