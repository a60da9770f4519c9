"""The candidate's socket `ws/exam/` with Channels' communicator: connect, refusals, answers and acks, bad
messages, the proctor's commands reaching the candidate, the deadline closing the attempt."""

import asyncio
import datetime as dt
import json

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client as DjangoClient
from django.utils import timezone
from uvicorn.protocols.utils import ClientDisconnected

from common import auth_services
from config.asgi import websocket_stack
from config.routing import websocket_urlpatterns
from exams.consumers.candidate import socket as candidate_consumer
from exams.models import AnswerEvent, Attempt, AttemptAnswer, Candidate, IntegrityEvent, ItemVersion
from exams.services.live import closing, commands
from exams.services.live.load_exam import load_exam_end, load_exam_make
from tests.exams.live.conftest import build_live, paper_of, right_choice
from tests.hrm.factories import UserFactory
from tests.sockets import Communicator

pytestmark = pytest.mark.django_db(transaction=True)
app = websocket_stack(websocket_urlpatterns)
db = database_sync_to_async


@pytest.fixture
def room():
    ready = build_live(candidates=2)
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=timezone.now())
    ready["attempts"] = [Attempt.objects.get(candidate=c) for c in ready["candidates"]]
    ready["paper"] = paper_of(ready["candidates"][0])
    return ready


async def opened(user, *, expect_state=True, application=app):
    ticket = await db(auth_services.ws_ticket_issue)(user=user)
    ws = Communicator(
        application,
        f"/ws/exam/?token={ticket}",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")],
    )
    connected, _ = await ws.connect()
    first = await ws.receive_json_from(timeout=5) if connected and expect_state else None
    return ws, connected, first


def candidate_user(room, n=0):
    return room["candidates"][n].user


async def test_the_candidate_gets_his_state_with_his_paper_and_no_key(room):
    ws, connected, state = await opened(candidate_user(room))
    assert connected and state["type"] == "state" and state["status"] == "in_progress"
    assert state["attempt"] == room["attempts"][0].pk
    assert 59 * 60_000 < state["remaining_ms"] <= 60 * 60_000
    assert [q["id"] for q in state["parts"][0]["questions"]] == [e["v"] for e in room["paper"]]
    assert "fraction" not in json.dumps(state)
    await ws.disconnect()


async def test_an_outsider_is_refused_at_the_handshake(room):
    ws, connected, _state = await opened(await db(UserFactory)(), expect_state=False)
    assert not connected


async def test_a_second_connection_is_refused_until_the_proctor_allows_a_relogin(room):
    first, _c, _s = await opened(candidate_user(room))
    second, connected, refused = await opened(candidate_user(room))
    assert connected and refused["type"] == "error" and refused["code"] == "already_connected"
    assert (await second.receive_output(timeout=2))["type"] == "websocket.close"
    await db(commands.attempt_allow_relogin)(attempt=room["attempts"][0], actor=room["proctor"])
    third, connected, state = await opened(candidate_user(room))
    assert connected and state["type"] == "state"
    kicked = await first.receive_json_from(timeout=5)
    assert kicked["type"] == "kicked"
    assert (await first.receive_output(timeout=2))["type"] == "websocket.close"
    await third.send_json_to({"type": "ping"})
    assert (await third.receive_json_from(timeout=5))["type"] == "time"
    await third.disconnect()


async def test_an_answer_is_acked_once_stored_and_a_resend_is_acked_again(room):
    ws, _c, _s = await opened(candidate_user(room))
    question = room["paper"][0]["v"]
    choice = await db(right_choice)(room["candidates"][0], question)
    for _n in range(2):
        await ws.send_json_to({"type": "answer", "seq": 1, "question": question, "choices": [choice]})
        assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 1}
    answer = await db(AttemptAnswer.objects.get)(attempt=room["attempts"][0])
    assert answer.choices == [choice] and answer.seq == 1
    assert await db(AnswerEvent.objects.count)() == 1
    await ws.send_json_to({"type": "flag", "question": question, "flagged": True})
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": None}
    await ws.send_json_to({"type": "submit"})
    submitted = await ws.receive_json_from(timeout=5)
    assert submitted["type"] == "submitted" and submitted["result"]["parts"][0]["correct"] == 1
    assert submitted["chain_hash"] and submitted["verification_code"]
    await ws.disconnect()


async def test_bad_messages_get_an_error_write_nothing_and_keep_the_connection(room):
    ws, _c, _s = await opened(candidate_user(room))
    mine = room["paper"][0]
    foreign = await db(lambda: ItemVersion.objects.exclude(pk__in=[e["v"] for e in room["paper"]]).first().pk)()
    cases = [
        ("{not json", "bad_json"),
        (json.dumps({"type": "dance"}), "unknown_type"),
        (json.dumps([1, 2]), "bad_message"),
        (json.dumps({"type": "answer", "seq": "1", "question": mine["v"], "choices": []}), "bad_seq"),
        (json.dumps({"type": "answer", "seq": 1, "question": 999999, "choices": []}), "bad_question"),
        (json.dumps({"type": "answer", "seq": 1, "question": mine["v"], "choices": [999999]}), "bad_option"),
        (json.dumps({"type": "answer", "seq": 1, "question": mine["v"], "choices": mine["o"][:2]}), "bad_choices"),
        (json.dumps({"type": "answer", "seq": 1, "question": foreign, "choices": []}), "bad_question"),
        (json.dumps({"type": "flag", "question": foreign, "flagged": True}), "bad_question"),
        (json.dumps({"type": "event", "kind": "sneeze"}), "bad_kind"),
    ]
    for text, code in cases:
        await ws.send_to(text_data=text)
        reply = await ws.receive_json_from(timeout=5)
        assert reply["type"] == "error" and reply["code"] == code, text
        assert reply["message"]
    await ws.send_json_to({"type": "answer", "seq": 5, "question": mine["v"], "choices": [mine["o"][0]]})
    assert (await ws.receive_json_from(timeout=5))["type"] == "ack"
    await ws.send_json_to({"type": "answer", "seq": 4, "question": mine["v"], "choices": [mine["o"][1]]})
    old = await ws.receive_json_from(timeout=5)
    assert old["code"] == "old_seq" and old["seq"] == 4
    assert await db(AnswerEvent.objects.count)() == 1
    assert (await db(AttemptAnswer.objects.get)()).choices == [mine["o"][0]]
    await ws.send_json_to({"type": "ping"})
    assert (await ws.receive_json_from(timeout=5))["type"] == "time"
    await ws.disconnect()


async def test_an_integrity_event_is_recorded_without_a_reply(room):
    ws, _c, _s = await opened(candidate_user(room))
    await ws.send_json_to({"type": "event", "kind": "blur"})
    await ws.send_json_to({"type": "ping"})
    assert (await ws.receive_json_from(timeout=5))["type"] == "time"
    assert await db(IntegrityEvent.objects.filter(kind="blur").count)() == 1
    await ws.disconnect()


async def test_pause_resume_extend_and_force_submit_reach_the_candidate(room):
    ws, _c, state = await opened(candidate_user(room))
    attempt, proctor = room["attempts"][0], room["proctor"]
    await db(commands.room_pause)(room_session=room["session"], actor=proctor, reason="Mất điện")
    paused = await ws.receive_json_from(timeout=5)
    assert paused["type"] == "paused"
    await ws.send_json_to({"type": "answer", "seq": 1, "question": room["paper"][0]["v"], "choices": []})
    assert (await ws.receive_json_from(timeout=5))["type"] == "ack"  # in flight when the pause came: kept
    await db(commands.room_resume)(room_session=room["session"], actor=proctor)
    assert (await ws.receive_json_from(timeout=5))["type"] == "resumed"
    await db(commands.attempt_extend)(attempt=attempt, actor=proctor, minutes=5, reason="Máy hỏng")
    extended = await ws.receive_json_from(timeout=5)
    assert extended["type"] == "extended" and extended["reason"] == "Máy hỏng"
    assert extended["remaining_ms"] > state["remaining_ms"] + 4 * 60_000
    await db(closing.attempt_submit)(attempt=attempt, ending="forced", actor=proctor, reason="Gian lận")
    submitted = await ws.receive_json_from(timeout=5)
    assert submitted["type"] == "submitted" and submitted["ending"] == "forced"
    await ws.send_json_to({"type": "answer", "seq": 2, "question": room["paper"][0]["v"], "choices": []})
    assert (await ws.receive_json_from(timeout=5))["code"] == "closed"
    await ws.disconnect()


async def test_the_deadline_closes_the_attempt_and_the_candidate_is_told():
    ready = await db(build_live)(candidates=1)
    almost = timezone.now() - dt.timedelta(minutes=60) + dt.timedelta(seconds=1)
    await db(commands.room_start)(room_session=ready["session"], actor=ready["proctor"], now=almost)
    ws, _c, state = await opened(ready["candidates"][0].user)
    assert state["remaining_ms"] <= 1000
    submitted = await ws.receive_json_from(timeout=5)
    assert submitted["type"] == "submitted" and submitted["ending"] == "timeout"
    attempt = await db(Attempt.objects.get)()
    assert attempt.status == Attempt.Status.SUBMITTED
    await ws.disconnect()


async def test_a_load_exams_end_reaches_the_socket_whose_own_timer_then_closes_the_attempt():
    await db(load_exam_make)(candidates=2)
    candidate = await db(Candidate.objects.select_related("user").earliest)("pk")
    ws, _c, state = await opened(candidate.user)
    assert state["remaining_ms"] > 59 * 60_000
    await db(load_exam_end)(seconds=0.5)
    told = await ws.receive_json_from(timeout=5)
    assert told == {"type": "time", "remaining_ms": 500, "status": "in_progress"}
    submitted = await ws.receive_json_from(timeout=5)  # no periodic closer runs in the tests: the socket's timer
    assert submitted["type"] == "submitted" and submitted["ending"] == "timeout"
    assert (await db(Attempt.objects.get)(candidate=candidate)).status == Attempt.Status.SUBMITTED
    await ws.disconnect()


async def test_a_socket_without_the_safe_exam_browser_key_is_refused_when_the_exam_requires_it(room):
    exam = room["exam"]
    exam.seb_config_keys = "a" * 64
    await db(exam.save)(update_fields=["seb_config_keys"])
    ws, connected, _state = await opened(candidate_user(room), expect_state=False)
    assert connected  # accepted only to say why, then closed
    refused = await ws.receive_json_from(timeout=5)
    assert refused["type"] == "error" and refused["code"] == "safe_exam_browser"
    attempt = await db(Attempt.objects.get)(pk=room["attempts"][0].pk)
    assert attempt.connection == ""  # nothing claimed
    await ws.disconnect()


class HeldWriter:
    """The process's answer writer, except that each answer waits for `release` before it is written."""

    def __init__(self):
        self.writing, self.release = asyncio.Event(), asyncio.Event()
        self.real = candidate_consumer.answer_writer()

    async def save(self, answer):
        self.writing.set()
        await self.release.wait()
        return await self.real.save(answer)


async def test_a_push_that_comes_while_an_answer_is_written_is_sent_after_its_ack(room, monkeypatch):
    held = HeldWriter()
    monkeypatch.setattr(candidate_consumer, "answer_writer", lambda: held)
    ws, _c, _s = await opened(candidate_user(room))
    await ws.send_json_to({"type": "answer", "seq": 1, "question": room["paper"][0]["v"], "choices": []})
    await asyncio.wait_for(held.writing.wait(), timeout=5)
    attempt, proctor = room["attempts"][0], room["proctor"]
    await db(commands.attempt_extend)(attempt=attempt, actor=proctor, minutes=5, reason="Máy hỏng")
    assert await ws.receive_nothing(timeout=0.3)  # the push waits for the answer being handled
    held.release.set()
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 1}
    assert (await ws.receive_json_from(timeout=5))["type"] == "extended"
    await ws.send_json_to({"type": "ping"})  # the socket goes on as before
    assert (await ws.receive_json_from(timeout=5))["type"] == "time"
    await ws.disconnect()


async def test_a_candidate_who_leaves_while_his_answer_is_written_has_it_stored_and_can_come_back(room, monkeypatch):
    held, gone = HeldWriter(), asyncio.Event()
    monkeypatch.setattr(candidate_consumer, "answer_writer", lambda: held)

    async def server(scope, receive, send):  # as uvicorn: a send after the client has gone raises
        async def sending(message):
            if gone.is_set():
                raise ClientDisconnected()
            await send(message)

        return await app(scope, receive, sending)

    ws, _c, _s = await opened(candidate_user(room), application=server)
    question = room["paper"][0]["v"]
    await ws.send_json_to({"type": "answer", "seq": 1, "question": question, "choices": []})
    await asyncio.wait_for(held.writing.wait(), timeout=5)
    gone.set()
    await ws.send_input({"type": "websocket.disconnect", "code": 1006})
    held.release.set()
    with pytest.raises(ClientDisconnected):  # its ack could not be sent
        await ws.wait(timeout=5)
    attempt = await db(Attempt.objects.get)(pk=room["attempts"][0].pk)
    assert attempt.last_seq == 1 and attempt.connection == ""  # stored, and the attempt released
    again, connected, state = await opened(candidate_user(room))
    assert connected and state["type"] == "state" and state["last_seq"] == 1
    await again.disconnect()


async def test_a_candidate_logged_in_by_the_form_opens_his_socket_with_the_session_cookie(room):
    browser = DjangoClient()
    await db(browser.force_login)(candidate_user(room))
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    headers = [(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1"), (b"cookie", cookie.encode())]
    ws = Communicator(app, "/ws/exam/", headers=headers)
    connected, _ = await ws.connect()
    state = await ws.receive_json_from(timeout=5)
    assert connected and state["type"] == "state" and state["attempt"] == room["attempts"][0].pk
    await ws.send_json_to({"type": "answer", "seq": 1, "question": room["paper"][0]["v"], "choices": []})
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 1}
    await ws.disconnect()
