"""POST /api/exam/login/: number + access code → a one-use, short-lived ticket for ws/exam/?token=; rate limited."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.utils import timezone

from config.asgi import websocket_stack
from config.routing import websocket_urlpatterns
from exams.services import candidate_access_code_issue
from exams.services.live import commands
from tests.exams.live.conftest import build_live
from tests.sockets import Communicator

LOGIN = "/api/exam/login/"


def _wrong(code: str) -> str:
    return ("1" if code[0] != "1" else "2") + code[1:]


@pytest.fixture
def coded(db):
    ready = build_live(candidates=1)
    candidate = ready["candidates"][0]
    ready["code"] = candidate_access_code_issue(candidate=candidate)
    ready["number"] = candidate.candidate_number
    return ready


@pytest.mark.django_db
def test_a_right_code_gets_a_ticket_and_a_wrong_one_a_400_naming_the_field(coded):
    ok = Client().post(
        LOGIN, {"candidate_number": coded["number"], "access_code": coded["code"]}, REMOTE_ADDR="10.1.1.1"
    )
    assert ok.status_code == 200 and set(ok.json()) == {"token", "expires_in"} and ok.json()["expires_in"] <= 60
    wrong = Client().post(LOGIN, {"candidate_number": coded["number"], "access_code": _wrong(coded["code"])})
    assert wrong.status_code == 400 and "access_code" in wrong.json() and "token" not in wrong.json()


@pytest.mark.django_db
def test_failed_logins_are_rate_limited_per_number(coded, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        Client().post(LOGIN, {"candidate_number": coded["number"], "access_code": _wrong(coded["code"])},
                      REMOTE_ADDR=f"10.2.0.{n}")  # fmt: skip
    locked = Client().post(
        LOGIN, {"candidate_number": coded["number"], "access_code": _wrong(coded["code"])}, REMOTE_ADDR="10.2.1.1"
    )
    assert locked.status_code == 429
    right = Client().post(LOGIN, {"candidate_number": coded["number"], "access_code": coded["code"]})
    assert right.status_code == 429


@pytest.mark.django_db(transaction=True)
async def test_the_ticket_opens_the_exam_socket_once():
    coded = await database_sync_to_async(_coded)()
    body = {"candidate_number": coded["number"], "access_code": coded["code"]}
    token = (await database_sync_to_async(Client().post)(LOGIN, body)).json()["token"]
    app = websocket_stack(websocket_urlpatterns)
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")]
    ws = Communicator(app, f"/ws/exam/?token={token}", headers=headers)
    connected, _ = await ws.connect()
    assert connected and (await ws.receive_json_from(timeout=5))["type"] == "state"
    await ws.disconnect()
    again = Communicator(app, f"/ws/exam/?token={token}", headers=headers)
    connected, _ = await again.connect()
    assert not connected  # a ticket works once: a reconnecting client logs in again


def _coded():
    ready = build_live(candidates=1)
    candidate = ready["candidates"][0]
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=timezone.now())
    return {"code": candidate_access_code_issue(candidate=candidate), "number": candidate.candidate_number}
