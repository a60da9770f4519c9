"""A candidate's login, rate limited per candidate number (django-axes) and per client address (a cache counter).

Axes counts failures per candidate number (exams.backends.axes_username) with the project's limit. It cannot
give the address a second, higher limit, and a room of candidates may share one address behind a router: the
per-address counter here allows CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT failures per lockout window, which
still stops one machine trying number after number.
"""

import threading
from contextlib import contextmanager

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import connection
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.middleware import client_ip
from exams.models import Candidate
from exams.services.candidates import candidate_login_record, candidate_number_normalize

_ADDRESS_PREFIX = "congvu:candidate-login-failures:"
_database_turns = threading.BoundedSemaphore(settings.CONGVU_LOGIN_DB_AT_ONCE)


class CandidateLoginLocked(ApplicationError):
    """Too many failed logins for this candidate number or from this address: wait for the lockout to end."""


def axes_key(number: str) -> str:
    """What axes counts a candidate's failures under (its 'username')."""
    return f"candidate:{candidate_number_normalize(number)}"


def _lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


def address_failures(address: str | None, *, prefix: str = _ADDRESS_PREFIX) -> int:
    """How many failures `address` has in the current window of the counter named by `prefix`."""
    return cache.get(prefix + str(address), 0)


def address_failure_add(address: str | None, *, prefix: str = _ADDRESS_PREFIX) -> None:
    """Count one failure of `address` (the window starts with its first failure)."""
    key = prefix + str(address)
    cache.add(key, 0, timeout=_lockout_seconds())  # the window starts with the first failure
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=_lockout_seconds())


def _locked() -> CandidateLoginLocked:
    minutes = _lockout_seconds() // 60
    return CandidateLoginLocked(
        _("Too many failed logins. Try again in %(minutes)s minutes or ask the proctor.") % {"minutes": minutes},
        code="locked",
    )


@contextmanager
def _database_turn():
    """One of this process's CONGVU_LOGIN_DB_AT_ONCE turns at the database, its connection handed back to the pool
    at the end of the turn (under ASGI each request runs on a thread of its own and would otherwise keep it until
    the response is sent): a storm of 2,000 logins waits for turns instead of emptying the pool."""
    with _database_turns:
        try:
            yield
        finally:
            if not connection.in_atomic_block:  # a caller's transaction (the tests') keeps its connection
                connection.close()


def _failures_reset(key: str) -> None:
    """Forget the candidate number's failures after a good login. With axes' database handler, one EXISTS query
    when there is nothing to forget (the usual case), instead of a delete's select and transaction."""
    if isinstance(AxesProxyHandler.get_implementation(), AxesDatabaseHandler):
        if not AccessAttempt.objects.filter(username=key).exists():
            return
    AxesProxyHandler.reset_attempts(username=key)


def candidate_login(*, request, number: str, code: str, exam_code: str = "") -> Candidate:
    """The candidate these credentials name; refused (ApplicationError) or locked (CandidateLoginLocked).

    `request` is Django's own HttpRequest (axes marks the lockout on it); the address is common.middleware.client_ip.
    """
    with _database_turn():
        return _login(request=request, number=number, code=code, exam_code=exam_code)


def _login(*, request, number: str, code: str, exam_code: str) -> Candidate:
    address = client_ip(request)
    if address_failures(address) >= settings.CONGVU_CANDIDATE_LOGIN_ADDRESS_LIMIT:
        raise _locked()
    user = authenticate(request, candidate_number=number, access_code=code, exam=exam_code)
    if user is None:
        if getattr(request, "axes_locked_out", False):
            raise _locked()
        address_failure_add(address)
        raise ApplicationError(
            _("Wrong candidate number or access code, or the code is no longer valid."), field="access_code"
        )
    _failures_reset(axes_key(number))
    candidate = user.candidate
    candidate_login_record(candidate=candidate)
    return candidate
