"""Under ASGI the web processes hold no more database connections than their pool, however many requests come.

Persistent connections leaked about one per 7-8 requests under uvicorn (each request runs in a thread of its own);
`bench/db_connections.py` measures the same thing at scale.
"""

import os

import pytest
from django.db import connection

from bench.db_connections import free_port, load, start_server, stop_server

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="services mode only (PostgreSQL connections)"),
    pytest.mark.django_db(transaction=True),
]


def _connections_to(database: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        )
        return cursor.fetchone()[0]


def test_a_web_process_holds_no_more_connections_than_its_pool(tmp_path):
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CONGVU_DB_POOL_SIZE": "4",
        "CONGVU_EMBEDDED_BEAT": "0",
        "CONGVU_VAR_DIR": str(tmp_path),
        "CONGVU_LOG_LEVEL": "WARNING",
    }
    before = _connections_to(db["NAME"])
    port = free_port()
    server = start_server(env, port, workers=1)
    try:
        errors, _seconds = load(port, [("/healthz", {}), ("/accounts/login/", {})], total=400, clients=8)
        held = _connections_to(db["NAME"]) - before
    finally:
        stop_server(server)
    assert errors == 0
    assert held <= 4
