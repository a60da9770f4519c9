"""Load benchmark of the live exam (issue #15): N protocol clients against a running server.

Start the server in services mode first (`make serve` with DATABASE_URL and REDIS_URL), then:

    DATABASE_URL=postgres://root@127.0.0.1:5432/test .venv/bin/python bench/exam_load.py --candidates 2000

Without --csv the script makes its own shift with `manage.py make_load_exam` (same DATABASE_URL as the server).
Every client follows docs/exam-protocol.md: `POST /api/exam/login/` → ticket → `ws/exam/?token=` → `state`, then
`answer` messages with increasing `seq`, each kept until its `ack`. Phases, in order, each printing its figures:

  raw         single-row upserts of answers into PostgreSQL with raw psycopg and a small pool (closed loop):
              raw_upserts_per_s, the database's own rate on this machine
  start       every client logs in and opens its socket at once: start_p99_s (from the storm's start to `state`)
  saturation  every client sends its next answer as soon as the previous one is acked: acks_per_s, and
              ratio = acks_per_s / raw_upserts_per_s (goal ≥ 1.0)
  steady      every client answers every 5–30 s: steady_p99_ms (answer → ack; goal ≤ 150 ms)
  crash       (with --crash-cmd) the whole server is killed with SIGKILL during the steady run and started again;
              clients reconnect by themselves and resend what was not acked
  verify      every client reconnects and compares the `state` with every answer it saw acked: lost_answers
              (goal 0), and the largest gap between `remaining_ms` and the deadline in the database
  end         every attempt's deadline is set to a few seconds ahead: end_all_graded_s, from that deadline to
              the moment every attempt is submitted and graded in the database (goal ≤ 10 s)

The last line printed is one JSON object with raw_upserts_per_s, acks_per_s, ratio, steady_p99_ms, start_p99_s,
end_all_graded_s, lost_answers (and remaining_error_ms).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import websockets
from psycopg_pool import ConnectionPool

ROOT = Path(__file__).resolve().parent.parent


def p99(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


# --- the database's own rate ------------------------------------------------------------------------------------
def measure_raw(dsn: str, *, seconds: float, workers: int = 8, pool_size: int = 4) -> float:
    """Single answer rows upserted per second by `workers` threads sharing a pool of `pool_size` connections."""
    table = "bench_raw_answers"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
        connection.execute(
            f"CREATE TABLE {table} (attempt integer, question bigint, choices jsonb, seq integer, "
            "saved_at timestamptz, PRIMARY KEY (attempt, question))"
        )
    pool = ConnectionPool(dsn, min_size=pool_size, max_size=pool_size, kwargs={"autocommit": True}, open=True)
    counts = [0] * workers
    stop = time.perf_counter() + seconds

    def work(index: int) -> None:
        rng = random.Random(index)
        seq = 0
        sql = (
            f"INSERT INTO {table} (attempt, question, choices, seq, saved_at) VALUES (%s, %s, %s, %s, now()) "
            f"ON CONFLICT (attempt, question) DO UPDATE SET choices = excluded.choices, seq = excluded.seq, "
            f"saved_at = excluded.saved_at WHERE {table}.seq < excluded.seq"
        )
        while time.perf_counter() < stop:
            seq += 1
            with pool.connection() as connection:
                connection.execute(
                    sql, (index * 10_000 + rng.randrange(2000), rng.randrange(60), json.dumps([rng.randrange(4)]), seq)
                )
            counts[index] += 1

    threads = [threading.Thread(target=work, args=(index,)) for index in range(workers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    pool.close()
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(f"DROP TABLE IF EXISTS {table}")
    return sum(counts) / elapsed


# --- a protocol client ------------------------------------------------------------------------------------------
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
        self.state_event = asyncio.Event()
        self.ack_event = asyncio.Event()
        self.submitted = asyncio.Event()
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
                    self.state = message
                    self.attempt = message["attempt"]
                    self.seq = max(self.seq, message.get("last_seq") or 0)
                    self.questions = [q for part in message["parts"] for q in part["questions"]]
                    self.state_event.set()
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


# --- phases -----------------------------------------------------------------------------------------------------
async def gather_limited(coroutines, limit: int):
    semaphore = asyncio.Semaphore(limit)

    async def run(coroutine):
        async with semaphore:
            return await coroutine

    return await asyncio.gather(*(run(c) for c in coroutines), return_exceptions=True)


async def start_storm(clients: list[Client], concurrency: int) -> float | None:
    started = time.perf_counter()
    latencies: list[float] = []

    async def one(client: Client):
        await client.connect()
        latencies.append(time.perf_counter() - started)

    results = await gather_limited([one(c) for c in clients], concurrency)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"start: {len(failures)} clients failed, first: {failures[0]!r}", file=sys.stderr)
    return p99(latencies)


async def saturation(clients: list[Client], seconds: float) -> float:
    stop = time.perf_counter() + seconds
    before = sum(c.acks for c in clients)
    started = time.perf_counter()

    async def loop(client: Client):
        while time.perf_counter() < stop:
            await client.answer()
            try:
                await asyncio.wait_for(client.ack_event.wait(), timeout=30)
            except TimeoutError:
                return

    await asyncio.gather(*(loop(c) for c in clients), return_exceptions=True)
    return (sum(c.acks for c in clients) - before) / (time.perf_counter() - started)


async def steady(clients: list[Client], seconds: float, crash: dict | None = None) -> float | None:
    for client in clients:
        client.latencies = []
    stop = time.perf_counter() + seconds

    async def loop(client: Client):
        await asyncio.sleep(random.uniform(0, 5))
        while time.perf_counter() < stop:
            try:
                await client.answer()
            except websockets.ConnectionClosed:
                await client.reconnect()
            await asyncio.sleep(random.uniform(5, 30))

    tasks = [asyncio.create_task(loop(c)) for c in clients]
    if crash:
        await asyncio.sleep(seconds / 3)
        await crash_server(crash, clients)
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(2)  # the last acks
    return p99([latency for c in clients for latency in c.latencies])


async def crash_server(crash: dict, clients: list[Client]) -> None:
    """SIGKILL every process of the server (its process group), start it again, let every client reconnect."""
    process: subprocess.Popen = crash["process"]
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    print("crash: server killed with SIGKILL", file=sys.stderr)
    crash["process"] = start_server(crash["cmd"])
    await wait_for_server(crash["base"])
    print(
        "crash: server back; each client reconnects at its next answer and resends what was not acked", file=sys.stderr
    )


async def verify(clients: list[Client], dsn: str) -> tuple[int, float | None]:
    """Reconnect every client; count acked answers missing from the new `state`; compare remaining time."""
    results = await gather_limited([c.reconnect() for c in clients], 200)
    lost = sum(1 for r in results if isinstance(r, BaseException))
    gaps = []
    with psycopg.connect(dsn) as connection:
        deadlines = dict(
            connection.execute(
                "SELECT id, extract(epoch from deadline - now()) * 1000 FROM exams_attempt WHERE id = ANY(%s)",
                ([c.attempt for c in clients if c.attempt],),
            ).fetchall()
        )
    for client in clients:
        if client.state is None:
            continue
        answers = client.state.get("answers", {})
        for question, (_seq, choices) in client.acked.items():
            if sorted(answers.get(str(question), [])) != sorted(choices):
                lost += 1
        expected = deadlines.get(client.attempt)
        if expected is not None and client.state.get("status") == "in_progress":
            gaps.append(abs(float(expected) - client.state["remaining_ms"]))
    return lost, (max(gaps) if gaps else None)


async def end_storm(clients: list[Client], dsn: str, lead_s: float = 3.0) -> float | None:
    ids = [c.attempt for c in clients if c.attempt]
    with psycopg.connect(dsn, autocommit=True) as connection:
        deadline = connection.execute(
            "UPDATE exams_attempt SET deadline = now() + make_interval(secs => %s) "
            "WHERE id = ANY(%s) AND status = 'in_progress' RETURNING deadline",
            (lead_s, ids),
        ).fetchone()
        if deadline is None:
            return None
        deadline_at = time.time() + lead_s
        while True:
            left = connection.execute(
                "SELECT count(*) FROM exams_attempt WHERE id = ANY(%s) AND (status <> 'submitted' OR score IS NULL)",
                (ids,),
            ).fetchone()[0]
            if left == 0:
                return max(0.0, time.time() - deadline_at)
            if time.time() - deadline_at > 120:
                print(f"end: {left} attempts still open two minutes after the deadline", file=sys.stderr)
                return None
            await asyncio.sleep(0.1)


# --- the server ---------------------------------------------------------------------------------------------------
def start_server(cmd: str) -> subprocess.Popen:
    return subprocess.Popen(cmd, shell=True, cwd=ROOT, start_new_session=True)


async def wait_for_server(base: str, timeout: float = 120) -> None:
    stop = time.time() + timeout
    while time.time() < stop:
        try:
            status, _ = await http_post_json(base, "/api/exam/login/", {})
            if status in (400, 403, 429):
                return
        except OSError:
            pass
        await asyncio.sleep(0.5)
    raise RuntimeError(f"the server at {base} did not answer within {timeout} s")


def load_exam(candidates: int) -> Path:
    out = Path(tempfile.mkdtemp(prefix="congvu-load-")) / "candidates.csv"
    subprocess.run(
        [sys.executable, "manage.py", "make_load_exam", "--candidates", str(candidates), "--out", str(out)],
        cwd=ROOT,
        check=True,
    )
    return out


def dsn_from_env() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the server's PostgreSQL database (see the module's docstring).")
    return url.replace("postgres://", "postgresql://", 1)


async def run(args) -> dict:
    dsn = dsn_from_env()
    figures: dict = {}
    raw = measure_raw(dsn, seconds=args.raw_seconds)
    figures["raw_upserts_per_s"] = round(raw, 1)
    print(f"raw: {raw:.0f} single-row upserts per second (psycopg, pool of 4)")
    crash = None
    if args.crash_cmd:
        crash = {"cmd": args.crash_cmd, "base": args.url, "process": start_server(args.crash_cmd)}
    await wait_for_server(args.url)
    path = Path(args.csv) if args.csv else load_exam(args.candidates)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))[: args.candidates]
    clients = [Client(args.url, row["candidate_number"], row["access_code"]) for row in rows]
    status, answer = await http_post_json(
        args.url,
        "/api/exam/login/",
        {"candidate_number": rows[0]["candidate_number"], "access_code": rows[0]["access_code"]},
    )
    if status != 200:  # stop before a storm of failures locks the address out
        sys.exit(f"The first candidate's login is refused ({status} {answer}): make the shift with the server's "
                 "DJANGO_SECRET_KEY and DATABASE_URL (the access codes are keyed with it).")  # fmt: skip
    try:
        start_p99 = await start_storm(clients, args.concurrency)
        figures["start_p99_s"] = None if start_p99 is None else round(start_p99, 3)
        print(f"start: {len(clients)} candidates, p99 {figures['start_p99_s']} s to their state (goal ≤ 10 s)")
        live = [c for c in clients if c.state is not None]
        acks = await saturation(live, args.saturation_seconds)
        figures["acks_per_s"] = round(acks, 1)
        figures["ratio"] = round(acks / raw, 3) if raw else None
        print(f"saturation: {acks:.0f} acks per second, {figures['ratio']} × the raw rate (goal ≥ 1.0)")
        steady_p99 = await steady(live, args.steady_seconds, crash)
        figures["steady_p99_ms"] = None if steady_p99 is None else round(steady_p99 * 1000, 1)
        print(f"steady: p99 {figures['steady_p99_ms']} ms answer → ack (goal ≤ 150 ms)")
        lost, remaining_error = await verify(live, dsn)
        figures["lost_answers"] = lost
        figures["remaining_error_ms"] = None if remaining_error is None else round(remaining_error, 1)
        print(f"verify: {lost} acked answers missing after reconnecting (goal 0); remaining time off by ≤ "
              f"{figures['remaining_error_ms']} ms")  # fmt: skip
        end = await end_storm(live, dsn)
        figures["end_all_graded_s"] = None if end is None else round(end, 3)
        print(f"end: every attempt closed and graded {figures['end_all_graded_s']} s after the deadline (goal ≤ 10 s)")
    finally:
        await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
        if crash:
            os.killpg(crash["process"].pid, signal.SIGTERM)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--csv", help="candidate_number,access_code lines from make_load_exam (default: make one)")
    parser.add_argument("--concurrency", type=int, default=500, help="logins in flight at once in the start storm")
    parser.add_argument("--raw-seconds", type=float, default=10)
    parser.add_argument("--saturation-seconds", type=float, default=15)
    parser.add_argument("--steady-seconds", type=float, default=60)
    parser.add_argument(
        "--crash-cmd",
        help="start the server with this command (e.g. 'make serve') and SIGKILL it during the steady run",
    )
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    figures = asyncio.run(run(args))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
