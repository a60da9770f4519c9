import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_login_counters():
    """The per-address counter of candidate logins lives in the cache, which outlives a test's transaction."""
    cache.clear()
    yield
    cache.clear()
