"""Benchmark: database connections held by the ASGI web processes under load (issue "Security", item 2).

Run:  DATABASE_URL=postgres://root@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/14 \
      .venv/bin/python bench/db_connections.py [--requests 6000] [--clients 24] [--workers 2]

It never touches the database named in DATABASE_URL: it migrates its own database `congvu_bench_conn` on the
same server, creates one user with an API token, starts `--workers` uvicorn processes the way `make serve` does
(DJANGO_DEBUG=0), and sends `--requests` requests from `--clients` keep-alive clients to pages and API routes
that use the database (the staff list by token, /healthz, the login page). A sampler counts the connections to
the bench database in pg_stat_activity every 100 ms. Goal: the connections held never exceed the pools' size
(workers x CONGVU_DB_POOL_SIZE), they do not grow with the number of requests, and no request fails.
The last line printed is JSON: requests, errors, clients, workers, conn_before, conn_peak, conn_after,
pool_bound (workers x CONGVU_DB_POOL_SIZE), within_bound, max_connections, requests_per_s.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.support import bench_database  # noqa: E402

BENCH_DB = "congvu_bench_conn"
USER, PASSWORD = "bench_conn", "bench-conn-pass-2026"


def setup(env: dict) -> None:
    """Migrate the bench database and make sure its user exists (in a child process: this one stays Django-free)."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    code = (
        "from hrm.models import User\n"
        f"u, _ = User.objects.get_or_create(username={USER!r}, defaults={{'is_superuser': True, 'is_staff': True}})\n"
        f"u.set_password({PASSWORD!r}); u.save()\n"
    )
    subprocess.run([sys.executable, "manage.py", "shell", "-v", "0", "-c", code], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).parent / "uvicorn"),
        "config.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--lifespan",
        "on",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, "GET", "/accounts/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_server(server)
    sys.exit("the server did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def request(port, method, path, body=None, headers=None, conn=None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def api_token(port: int) -> str:
    body = json.dumps({"username": USER, "password": PASSWORD})
    status, data = request(port, "POST", "/api/auth/token/", body, {"Content-Type": "application/json"})
    if status != 200:
        sys.exit(f"token login failed: {status} {data[:200]!r}")
    return json.loads(data)["token"]


class Sampler(threading.Thread):
    """Counts the bench database's connections in pg_stat_activity every 100 ms."""

    def __init__(self, url: str):
        import psycopg

        super().__init__(daemon=True)
        self.peak, self.stopped, self.lock = 0, threading.Event(), threading.Lock()
        self.conn = psycopg.connect(url, autocommit=True)  # opened before the load: it must never be refused

    def count(self) -> int:
        with self.lock:
            row = self.conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [BENCH_DB]
            ).fetchone()
        return row[0]

    def max_connections(self) -> int:
        with self.lock:
            return int(self.conn.execute("SHOW max_connections").fetchone()[0])

    def run(self):
        while not self.stopped.wait(0.1):
            self.peak = max(self.peak, self.count())


def load(port: int, routes: list[tuple[str, dict]], total: int, clients: int) -> tuple[int, float]:
    """Send `total` GET requests, taking (path, headers) from `routes` in turn, from `clients` keep-alive clients;
    returns (failed requests, seconds)."""
    counter, errors, lock = iter(range(total)), [0], threading.Lock()

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path, headers = routes[n % len(routes)]
            try:
                status, _ = request(port, "GET", path, headers=headers, conn=conn)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            if status != 200:
                with lock:
                    errors[0] += 1
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors[0], time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = bench_database(BENCH_DB)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret",
        "DJANGO_SECURE_COOKIES": "0",
        "CONGVU_LOG_LEVEL": "WARNING",
        "CONGVU_EMBEDDED_BEAT": "0",
        "CONGVU_VAR_DIR": "/tmp/congvu-bench-conn",
    }
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost"
    setup(env)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    sampler = Sampler(url)
    before = sampler.count()
    port = free_port()
    server = start_server(env, port, args.workers)
    try:
        token = api_token(port)
        sampler.start()
        routes = [
            ("/api/hrm/staff/?limit=5", {"Authorization": f"Token {token}"}),
            ("/healthz", {}),
            ("/accounts/login/", {}),
        ]
        errors, seconds = load(port, routes, args.requests, args.clients)
        time.sleep(2)  # let the last requests finish their clean-up
        after = sampler.count()
        sampler.stopped.set()
        max_connections = sampler.max_connections()
    finally:
        stop_server(server)
    pool_bound = args.workers * int(env.get("CONGVU_DB_POOL_SIZE", "8"))
    print(
        json.dumps(
            {
                "requests": args.requests,
                "errors": errors,
                "clients": args.clients,
                "workers": args.workers,
                "conn_before": before,
                "conn_peak": max(sampler.peak, after),
                "conn_after": after,
                "pool_bound": pool_bound,
                "within_bound": after - before <= pool_bound,
                "max_connections": max_connections,
                "requests_per_s": round(args.requests / seconds, 1),
                "database": urlsplit(url).path.lstrip("/"),
            }
        )
    )


if __name__ == "__main__":
    main()
