"""The phases of bench/exam_load.py (the database's own rate, the storms, the steady run, the crash, the check) and
the server it may start and kill."""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import psycopg
import websockets
from psycopg_pool import ConnectionPool

from bench.exam_load_client import Client, http_post_json

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


# --- phases -----------------------------------------------------------------------------------------------------
async def gather_limited(coroutines, limit: int):
    semaphore = asyncio.Semaphore(limit)

    async def run(coroutine):
        async with semaphore:
            return await coroutine

    return await asyncio.gather(*(run(c) for c in coroutines), return_exceptions=True)


async def login_storm(clients: list[Client], concurrency: int) -> float | None:
    """Every client logs in and opens its socket at once: p99 seconds from the storm's start to its `state`."""
    started = time.perf_counter()
    latencies: list[float] = []

    async def one(client: Client):
        await client.connect()
        latencies.append(time.perf_counter() - started)

    results = await gather_limited([one(c) for c in clients], concurrency)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"login: {len(failures)} clients failed, first: {failures[0]!r}", file=sys.stderr)
    return p99(latencies)


async def start_storm(clients: list[Client], *, timeout: float = 120) -> float | None:
    """The proctors start every waiting room (`make_load_exam --start`, through room_start) while every client waits
    on its socket: p99 seconds from the first room's start to a client's `started`. None (with a message) when the
    clients' shift was not waiting (a CSV made without --waiting)."""
    if any((c.state or {}).get("status") != "waiting" for c in clients):
        print(
            "start: the shift was not waiting (make the CSV with --waiting): start storm not measured", file=sys.stderr
        )
        return None
    process = await asyncio.create_subprocess_exec(
        sys.executable, "manage.py", "make_load_exam", "--start", cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    output, _ = await process.communicate()
    if process.returncode:
        sys.exit("make_load_exam --start failed (see above)")
    started_at = json.loads(output.decode().strip().splitlines()[-1])["started_at"]
    try:
        await asyncio.wait_for(asyncio.gather(*(c.started.wait() for c in clients)), timeout)
    except TimeoutError:
        missing = sum(not c.started.is_set() for c in clients)
        print(f"start: {missing} clients got no `started` within {timeout:.0f} s", file=sys.stderr)
    return p99([c.started_at - started_at for c in clients if c.started.is_set()])


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


async def steady(clients: list[Client], seconds: float, crash: dict | None = None) -> tuple:
    """p99 answer → ack over the whole run (with `crash`: the restart and the reconnect storm included) and, with
    `crash`, before the server is killed."""
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
    before = None
    if crash:
        await asyncio.sleep(seconds / 3)
        before = p99([latency for c in clients for latency in c.latencies])
        print(f"steady: p99 {before and before * 1000:.1f} ms answer → ack before the crash", file=sys.stderr)
        await crash_server(crash, clients)
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(2)  # the last acks
    return p99([latency for c in clients for latency in c.latencies]), before


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


async def verify(clients: list[Client], dsn: str) -> tuple[int, int, float | None]:
    """Reconnect every client and check the `state` it receives NOW (never an older one) against every answer it
    saw acked: (lost answers, clients that got no new state, the largest remaining-time error in ms).

    A client whose reconnect failed is counted apart, not as lost: nothing can be said of its answers. The
    remaining-time error compares each state's `remaining_ms` with the database's deadline minus the state's own
    `server_time` (the moment it was made): the server's error, apart from how long the state took to arrive
    (printed on its own: under load it is the handshake's queueing, not a wrong clock).
    """
    # What each client knows before reconnecting: its acked answers, and the later answers still unacked (one of
    # those may have been stored before the crash and its ack lost: the state then rightly shows it instead). The
    # acks of the answers it resends after reconnecting come after its state, so they are not compared with it.
    expected = {}
    for client in clients:
        client.state = None
        later = {}
        for seq, (_sent, question, choices) in client.pending.items():
            if seq > client.acked.get(question, (0, None))[0]:
                later.setdefault(question, []).append(sorted(choices))
        expected[client.number] = {q: [sorted(c), *later.get(q, [])] for q, (_seq, c) in client.acked.items()}
    results = await gather_limited([c.reconnect() for c in clients], 200)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        print(f"verify: {len(failures)} clients could not reconnect, first: {failures[0]!r}", file=sys.stderr)
    lost, gaps, delays = 0, [], []
    with psycopg.connect(dsn) as connection:
        deadlines = dict(
            connection.execute(
                "SELECT id, extract(epoch from deadline) * 1000 FROM exams_attempt WHERE id = ANY(%s)",
                ([c.attempt for c in clients if c.attempt],),
            ).fetchall()
        )
    verified = [c for c in clients if c.state is not None]
    for client in verified:
        answers = client.state.get("answers", {})
        for question, allowed in expected[client.number].items():
            if sorted(answers.get(str(question), [])) not in allowed:
                lost += 1
        deadline_ms = deadlines.get(client.attempt)
        if deadline_ms is not None and client.state.get("status") == "in_progress":
            server_ms = datetime.fromisoformat(client.state["server_time"]).timestamp() * 1000
            gaps.append(abs(float(deadline_ms) - server_ms - client.state["remaining_ms"]))
            delays.append(client.state_at * 1000 - server_ms)
    if delays:
        print(f"verify: states arrived up to {max(delays):.0f} ms after the server made them", file=sys.stderr)
    return lost, len(clients) - len(verified), (max(gaps) if gaps else None)


async def end_storm(clients: list[Client], dsn: str, lead_s: float = 3.0) -> float | None:
    """The end of the shift: `make_load_exam --end-in` moves every attempt's deadline `lead_s` ahead and tells each
    socket its new time (as an extension does), so that the server closes them as on exam day; seconds from that
    deadline until every attempt is submitted and graded in the database."""
    ids = [c.attempt for c in clients if c.attempt]
    process = await asyncio.create_subprocess_exec(
        sys.executable, "manage.py", "make_load_exam", "--end-in", str(lead_s), cwd=ROOT, stdout=asyncio.subprocess.PIPE
    )
    output, _ = await process.communicate()
    if process.returncode:
        print("end: make_load_exam --end-in failed (see above)", file=sys.stderr)
        return None
    deadline_at = json.loads(output.decode().strip().splitlines()[-1])["deadline"]
    with psycopg.connect(dsn, autocommit=True) as connection:
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


def stop_server(process: subprocess.Popen, grace: float = 15) -> None:
    """Ask every process of the server's group to stop, and kill what is still there `grace` seconds later (uvicorn
    may wait for ever on its connections)."""
    os.killpg(process.pid, signal.SIGTERM)
    stop = time.time() + grace
    while time.time() < stop:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


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
        [
            sys.executable,
            "manage.py",
            "make_load_exam",
            "--candidates",
            str(candidates),
            "--out",
            str(out),
            "--waiting",
        ],
        cwd=ROOT,
        check=True,
    )
    return out


def dsn_from_env() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to the server's PostgreSQL database (see the module's docstring).")
    return url.replace("postgres://", "postgresql://", 1)
