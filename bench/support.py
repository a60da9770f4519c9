"""What the benchmarks share: a database of their own on the server DATABASE_URL names."""

import os
import sys
from urllib.parse import urlsplit, urlunsplit


def bench_database(name: str) -> str:
    """Point DATABASE_URL at database `name` on the same PostgreSQL server, creating it if needed; returns the URL."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL server, e.g. postgres://root@127.0.0.1:5432/test")
    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    return os.environ["DATABASE_URL"]
