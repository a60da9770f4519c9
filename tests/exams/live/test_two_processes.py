"""Two real server processes behind one Redis: what happens on one reaches the other (PostgreSQL + Redis only).

A candidate connects to process A; a listener on the room's group (as the proctor's console listens) in this test
process sees him; a proctor's extension given from here reaches him; a relogin on process B kicks his socket on A.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.utils import timezone

from exams.models import Attempt
from exams.services import candidate_access_code_issue
from exams.services.live import commands
from exams.services.live.groups import room_group
from tests.exams.live.conftest import build_live

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="needs DATABASE_URL (PostgreSQL) and REDIS_URL: processes share nothing else",
    ),
]
ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "DJANGO_DEBUG": "1",
        "CONGVU_EMBEDDED_BEAT": "0",
    }
    command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise AssertionError(server.stderr.read().decode()[-2000:])


def _login(port: int, number: str, code: str) -> str:
    body = json.dumps({"candidate_number": number, "access_code": code}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/exam/login/", body, headers={"Content-Type": "application/json"}
    )
    return json.loads(urllib.request.urlopen(request, timeout=10).read())["token"]


async def _socket(port: int, token: str):
    import websockets

    ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws/exam/?token={token}", origin=f"http://127.0.0.1:{port}")
    return ws, json.loads(await asyncio.wait_for(ws.recv(), 10))


async def _next(ws, kind: str) -> dict:
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if message["type"] == kind:
            return message


@pytest.fixture
def servers():
    started = [_serve(_free_port()) for _ in range(2)]
    yield [int(s.args[-1]) for s in started]
    for server in started:
        server.terminate()
        server.wait(10)


def test_a_candidate_on_one_process_is_seen_and_reached_from_the_others(servers):
    assert "Redis" in settings.CHANNEL_LAYERS["default"]["BACKEND"]
    ready = build_live(candidates=1)
    candidate = ready["candidates"][0]
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=timezone.now())
    code = candidate_access_code_issue(candidate=candidate)
    attempt = Attempt.objects.get(candidate=candidate)
    port_a, port_b = servers

    async def scenario():
        layer = get_channel_layer()
        console = await layer.new_channel()
        await layer.group_add(room_group(ready["session"].pk), console)
        first, state = await _socket(port_a, await asyncio.to_thread(_login, port_a, candidate.candidate_number, code))
        assert state["type"] == "state" and state["attempt"] == attempt.pk
        seen = await asyncio.wait_for(layer.receive(console), 10)  # the seat, coalesced and pushed by process A
        assert seen["type"] == "room.seats"
        assert [(seat["id"], seat["connected"]) for seat in seen["seats"]] == [(candidate.pk, True)]
        await asyncio.to_thread(
            commands.attempt_extend, attempt=attempt, actor=ready["proctor"], minutes=5, reason="Máy chậm"
        )
        assert (await _next(first, "extended"))["reason"] == "Máy chậm"
        await asyncio.to_thread(commands.attempt_allow_relogin, attempt=attempt, actor=ready["proctor"])
        token = await asyncio.to_thread(_login, port_b, candidate.candidate_number, code)
        second, state = await _socket(port_b, token)
        assert state["type"] == "state"
        assert (await _next(first, "kicked"))["type"] == "kicked"  # sent by process B through Redis to A
        await second.close()
        await layer.group_discard(room_group(ready["session"].pk), console)

    asyncio.run(scenario())
