"""One Redis connection pool per process for Django's Redis cache.

Django keeps a cache object per thread and per asyncio context (django.core.cache.caches), and each object makes
its own redis-py pool. Under ASGI every request and every socket handshake runs in a context of its own, so each
opened a new TCP connection to Redis (with its health check) and dropped it at the end: in a login storm of 2,000
candidates that was a fifth of a handshake's time. `CACHES[...]["OPTIONS"]["pool_class"]` names this class; every
cache object then shares the process's pool for the same address and options (redis-py's pools are thread-safe
and start afresh in a forked child).
"""

import threading

import redis


class SharedConnectionPool(redis.ConnectionPool):
    _pools: dict[tuple, "SharedConnectionPool"] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> "SharedConnectionPool":
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._lock:
            pool = cls._pools.get(key)
            if pool is None:
                pool = cls._pools[key] = super().from_url(url, **kwargs)
        return pool
