"""Parts timed in turn over the candidate's socket: the state's timing, `finish_part`, answers to a closed part
refused, a part's deadline moving the candidate to the next part, the proctor's commands on the current part."""

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from exams.models import Attempt, AttemptAnswer, CandidatePaper
from exams.services.live import commands
from tests.exams.live.conftest import build_timed
from tests.exams.live.test_candidate_consumer import opened

pytestmark = pytest.mark.django_db(transaction=True)
db = database_sync_to_async


def _started(minutes=(60, 30), left_s=None):
    """Started now, or (`left_s`) so long ago that the first part has that many seconds left (after the build)."""
    ready = build_timed(candidates=1, minutes=minutes)
    now = timezone.now()
    if left_s is not None:
        now -= dt.timedelta(minutes=minutes[0]) - dt.timedelta(seconds=left_s)
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=now)
    ready["attempt"] = Attempt.objects.get()
    candidate = ready["candidates"][0]
    ready["questions"] = [
        [entry["v"] for entry in CandidatePaper.objects.get(candidate=candidate, part=part).layout]
        for part in ready["parts"]
    ]
    return ready


async def test_finishing_a_part_moves_on_and_its_answers_are_refused_afterwards():
    ready = await db(_started)()
    first, second = ready["parts"]
    ws, _c, state = await opened(ready["candidates"][0].user)
    assert state["timing"]["current"] == first.pk
    assert [p["status"] for p in state["timing"]["parts"]] == ["current", "waiting"]
    await ws.send_json_to({"type": "answer", "seq": 1, "question": ready["questions"][1][0], "choices": []})
    early = await ws.receive_json_from(timeout=5)
    assert early["type"] == "error" and early["code"] == "part_not_started" and early["seq"] == 1
    await ws.send_json_to({"type": "answer", "seq": 2, "question": ready["questions"][0][0], "choices": []})
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 2}
    await ws.send_json_to({"type": "finish_part", "part": second.pk})
    wrong = await ws.receive_json_from(timeout=5)
    assert wrong["type"] == "error" and wrong["code"] == "part_closed"
    await ws.send_json_to({"type": "finish_part", "part": first.pk})
    moved = await ws.receive_json_from(timeout=5)
    assert moved["type"] == "part" and moved["current"] == second.pk
    assert 29 * 60_000 < moved["remaining_ms"] <= 30 * 60_000
    assert moved["timing"]["parts"][0]["status"] == "closed"
    await ws.send_json_to({"type": "answer", "seq": 3, "question": ready["questions"][0][0], "choices": []})
    closed = await ws.receive_json_from(timeout=5)
    assert closed["type"] == "error" and closed["code"] == "part_closed" and closed["seq"] == 3
    await ws.send_json_to({"type": "answer", "seq": 4, "question": ready["questions"][1][0], "choices": []})
    assert await ws.receive_json_from(timeout=5) == {"type": "ack", "seq": 4}
    assert await db(AttemptAnswer.objects.count)() == 2
    await ws.send_json_to({"type": "finish_part", "part": second.pk})
    submitted = await ws.receive_json_from(timeout=5)
    assert submitted["type"] == "submitted" and submitted["ending"] == "candidate"
    await ws.disconnect()


async def test_a_part_deadline_moves_the_candidate_on_by_the_server_clock():
    ready = await db(_started)(left_s=3)
    ws, _c, state = await opened(ready["candidates"][0].user)
    assert state["remaining_ms"] <= 3000 and state["timing"]["current"] == ready["parts"][0].pk
    moved = await ws.receive_json_from(timeout=10)
    assert moved["type"] == "part" and moved["current"] == ready["parts"][1].pk
    attempt = await db(Attempt.objects.get)()
    assert attempt.status == Attempt.Status.IN_PROGRESS and attempt.part_index == 1
    await ws.disconnect()


async def test_pause_and_extend_reach_the_candidate_on_his_current_part():
    ready = await db(_started)()
    ws, _c, state = await opened(ready["candidates"][0].user)
    await db(commands.room_pause)(room_session=ready["session"], actor=ready["proctor"], reason="Mất điện")
    assert (await ws.receive_json_from(timeout=5))["type"] == "paused"
    await ws.send_json_to({"type": "finish_part", "part": ready["parts"][0].pk})
    refused = await ws.receive_json_from(timeout=5)
    assert refused["type"] == "error" and refused["code"] == "paused"
    await db(commands.room_resume)(room_session=ready["session"], actor=ready["proctor"])
    assert (await ws.receive_json_from(timeout=5))["type"] == "resumed"
    await db(commands.attempt_extend)(attempt=ready["attempt"], actor=ready["proctor"], minutes=5, reason="Máy hỏng")
    extended = await ws.receive_json_from(timeout=5)
    assert extended["remaining_ms"] > state["remaining_ms"] + 4 * 60_000
    await ws.send_json_to({"type": "state"})
    again = await ws.receive_json_from(timeout=5)
    assert again["timing"]["parts"][0]["remaining_ms"] > 64 * 60_000
    assert again["timing"]["parts"][1]["remaining_ms"] == 30 * 60_000
    await ws.disconnect()
