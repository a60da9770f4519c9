"""The Redis cache's connection pool is shared by every cache object of a process (common.redis_pool)."""

import threading

import pytest
from django.conf import settings

from common.redis_pool import SharedConnectionPool


def test_cache_objects_of_every_thread_share_one_pool_per_address_and_options():
    url = "redis://127.0.0.1:6379/14"
    pools = []

    def open_pool():
        pools.append(SharedConnectionPool.from_url(url, socket_timeout=5))

    threads = [threading.Thread(target=open_pool) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(pool) for pool in pools}) == 1
    assert SharedConnectionPool.from_url(url, socket_timeout=6) is not pools[0]  # other options: a pool of its own
    assert SharedConnectionPool.from_url("redis://127.0.0.1:6379/15", socket_timeout=5) is not pools[0]


def test_the_services_mode_cache_uses_the_shared_pool():
    """Django's Redis cache makes a pool per cache object (one per request and per socket handshake under ASGI);
    the services mode names the shared one."""
    if not settings.REDIS_URL:
        pytest.skip("embedded mode: the cache is in memory (run with REDIS_URL to check the services mode)")
    from django.core.cache import cache

    assert isinstance(cache._cache._get_connection_pool(True), SharedConnectionPool)
