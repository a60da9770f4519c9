"""Each pytest-xdist worker gets its own Redis database (loaded with `-p`, before Django reads its settings).

The workers share one Redis server but not one test database: their primary keys overlap, so a push to the group
of attempt 5 in one worker would reach a socket of the other's attempt 5, and one worker's `cache.clear()` would
wipe the other's login tickets. The worker's number moves REDIS_URL's database down from the one given (15 → 14,
13, …); server processes that a test spawns inherit the environment and so the same database.
"""

import os
from urllib.parse import urlsplit, urlunsplit


def worker_redis_url(url: str, worker: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not worker.startswith("gw"):
        return url
    base = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(base - 1 - int(worker[2:])) % 16}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["REDIS_URL"] = worker_redis_url(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])
