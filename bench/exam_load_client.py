"""The protocol client of bench/exam_load.py: one candidate per Client, over a minimal HTTP POST and a websocket
(docs/exam-protocol.md)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from urllib.parse import urlsplit

import websockets


async def http_post_json(base: str, path: str, payload: dict) -> tuple[int, dict]:
    """A minimal HTTP/1.1 POST (no third-party client needed; keeps thousands of logins on one event loop)."""
    parts = urlsplit(base)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
    body = json.dumps(payload).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    writer.write(request)
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if b"transfer-encoding: chunked" in head.lower():
        decoded, rest = b"", content
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line, 16)
            if size == 0:
                break
            decoded, rest = decoded + rest[:size], rest[size + 2 :]
        content = decoded
    try:
        return status, json.loads(content or b"{}")
    except ValueError:
        return status, {"raw": content[:200].decode(errors="replace")}


class Client:
    """One candidate: logs in, keeps its socket open (reconnecting by itself), answers and counts acks."""

    def __init__(self, base: str, number: str, code: str):
        self.base, self.number, self.code = base, number, code
        self.ws = None
        self.attempt: int | None = None
        self.questions: list[dict] = []
        self.seq = 0
        self.pending: dict[int, tuple[float, int, list[int]]] = {}  # seq → (sent at, question, choices)
        self.acked: dict[int, tuple[int, list[int]]] = {}  # question → (seq, choices) of the newest acked answer
        self.latencies: list[float] = []
        self.acks = 0
        self.state: dict | None = None
        self.state_at = 0.0  # wall-clock time the last `state` arrived (its remaining_ms holds at that moment)
        self.state_event = asyncio.Event()
        self.ack_event = asyncio.Event()
        self.submitted = asyncio.Event()
        self.started = asyncio.Event()
        self.started_at = 0.0  # wall-clock time the `started` of his room arrived
        self.errors: list[dict] = []
        self.reader: asyncio.Task | None = None
        self.refused: str | None = None

    async def connect(self) -> None:
        status, answer = await http_post_json(
            self.base, "/api/exam/login/", {"candidate_number": self.number, "access_code": self.code}
        )
        if status != 200 or "token" not in answer:
            raise RuntimeError(f"login of {self.number} refused: {status} {answer}")
        ws_base = self.base.replace("http://", "ws://").replace("https://", "wss://")
        self.state_event.clear()
        self.ws = await websockets.connect(
            f"{ws_base}/ws/exam/?token={answer['token']}", origin=self.base, max_size=None, open_timeout=60
        )
        self.refused = None
        self.reader = asyncio.create_task(self._read())
        await self.state_event.wait()
        if self.refused is not None:  # e.g. already_connected while a killed server's connection expires
            raise RuntimeError(f"{self.number} refused: {self.refused}")

    async def _read(self) -> None:
        try:
            async for text in self.ws:
                message = json.loads(text)
                kind = message.get("type")
                if kind == "ack" and message.get("seq") is not None:
                    sent = self.pending.pop(message["seq"], None)
                    if sent is not None:
                        self.latencies.append(time.perf_counter() - sent[0])
                        previous = self.acked.get(sent[1])
                        if previous is None or previous[0] < message["seq"]:
                            self.acked[sent[1]] = (message["seq"], sent[2])
                        self.acks += 1
                    self.ack_event.set()
                elif kind == "state":
                    self.state, self.state_at = message, time.time()
                    self.attempt = message["attempt"]
                    self.seq = max(self.seq, message.get("last_seq") or 0)
                    self.questions = [q for part in message["parts"] for q in part["questions"]]
                    self.state_event.set()
                elif kind == "started":
                    self.started_at = time.time()
                    self.started.set()
                elif kind == "submitted":
                    self.submitted.set()
                elif kind == "error":
                    self.errors.append(message)
                    if not self.state_event.is_set():
                        self.refused = message.get("code")
                        self.state_event.set()
                    self.ack_event.set()
        except websockets.ConnectionClosed:
            pass
        if not self.state_event.is_set():  # closed before its state: let connect() fail and retry
            self.refused = self.refused or "closed"
            self.state_event.set()

    async def resend(self) -> None:
        """After a reconnect: resend every unacked answer in seq order (the server ignores what it already has)."""
        for seq in sorted(self.pending):
            _sent, question, choices = self.pending[seq]
            self.pending[seq] = (time.perf_counter(), question, choices)
            await self.ws.send(json.dumps({"type": "answer", "seq": seq, "question": question, "choices": choices}))

    async def answer(self) -> None:
        question = random.choice(self.questions)
        choices = [random.choice(question["options"])["id"]]
        self.seq += 1
        self.pending[self.seq] = (time.perf_counter(), question["id"], choices)
        self.ack_event.clear()
        await self.ws.send(
            json.dumps({"type": "answer", "seq": self.seq, "question": question["id"], "choices": choices})
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            await asyncio.gather(self.reader, return_exceptions=True)

    async def reconnect(self, *, attempts: int = 120) -> None:
        """Log in again with backoff until the server answers, then resend what was not acked."""
        delay = 0.2
        for _ in range(attempts):
            try:
                await self.close()
                await self.connect()
                await self.resend()
                return
            except (TimeoutError, OSError, RuntimeError, websockets.WebSocketException):
                await asyncio.sleep(delay + random.random() * delay)
                delay = min(delay * 1.5, 3.0)
        raise RuntimeError(f"{self.number} could not reconnect")
