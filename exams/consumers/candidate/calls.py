"""The candidate socket's database calls, each on the live exam's own thread pool (`db`: database_sync_to_async,
not thread-sensitive, so a start storm's handshakes run side by side instead of queueing on Channels' one shared
thread), with this process's turns for handshakes and its one batched closer at a deadline."""

import asyncio
import weakref
from concurrent.futures import ThreadPoolExecutor

from channels.db import database_sync_to_async
from django.conf import settings

from common.auth_services import ws_ticket_user_id
from common.errors import ApplicationError
from exams.models import Attempt
from exams.services.live import attempts, closing, connections, timing
from exams.services.live.seb import seb_refusal_for_scope

# Each thread holds one pooled database connection while it runs a call (handed back after it): the pool
# (CONGVU_DB_POOL_SIZE) must have room for these, the answer writer's thread and the sync views' thread. SQLite
# (embedded mode and the tests) gets one thread: its writers lock the whole file.
_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")
_executor = ThreadPoolExecutor(
    max_workers=1 if _SQLITE else settings.CONGVU_LIVE_DB_THREADS, thread_name_prefix="exam-live-db"
)


def db(func):
    """database_sync_to_async on the live exam's thread pool (connections closed, i.e. pooled, around each call)."""
    return database_sync_to_async(func, thread_sensitive=False, executor=_executor)


_handshake_turns: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = (
    weakref.WeakKeyDictionary()
)


def handshake_turn() -> asyncio.Semaphore:
    """This event loop's CONGVU_LIVE_HANDSHAKES_AT_ONCE turns for a handshake's database part: a storm of handshakes
    queues here instead of occupying every `db` thread (and pooled connection), so the flags, pings and states of
    candidates already connected still find a thread."""
    loop = asyncio.get_running_loop()
    turns = _handshake_turns.get(loop)
    if turns is None:
        turns = _handshake_turns[loop] = asyncio.Semaphore(settings.CONGVU_LIVE_HANDSHAKES_AT_ONCE)
    return turns


_closers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task]" = weakref.WeakKeyDictionary()


async def close_expired_together() -> None:
    """Run the closer once for every socket whose deadline falls now (the end of a shift: one batched run, not
    2,000 single submissions)."""
    loop = asyncio.get_running_loop()
    task = _closers.get(loop)
    if task is None or task.done():
        task = _closers[loop] = loop.create_task(db(closing.attempts_close_expired)())
    await asyncio.shield(task)


@db
def attempt_open(user, token: str, channel_name: str, scope: dict):
    """(attempt, state, paper) of the candidate `user` (or the ticket's) is, his connection claimed; None for anyone
    else; ValidationError if refused (among others when the exam requires Safe Exam Browser and the socket's headers
    do not carry its keys)."""
    if user is not None and user.is_authenticated:
        candidate = connections.candidate_for_user(user=user)
    else:  # the ticket names a user id: his candidate (and whether he is active) in one query
        candidate = connections.candidate_for_user_id(user_id=ws_ticket_user_id(ticket=token))
    if candidate is None:
        return None
    refusal = seb_refusal_for_scope(exam=candidate.exam, scope=scope)
    if refusal:
        raise ApplicationError(refusal, code="safe_exam_browser")
    return connections.attempt_open(candidate=candidate, channel_name=channel_name)


@db
def state(attempt_id: int) -> dict:
    attempt = connections.attempt_load(attempt_id=attempt_id)
    return attempts.attempt_state(attempt=attempt, paper=connections.paper_of(attempt))


@db
def flag(attempt_id: int, question: int, flagged: bool) -> None:
    attempts.attempt_flag(attempt=connections.attempt_load(attempt_id=attempt_id), question=question, flagged=flagged)


@db
def event(attempt_id: int, kind: str) -> None:
    attempts.attempt_integrity_event(attempt=connections.attempt_load(attempt_id=attempt_id), kind=kind)


@db
def submit(attempt_id: int) -> dict:
    attempt = connections.attempt_load(attempt_id=attempt_id)
    return closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE)


@db
def finish_part(attempt_id: int, part) -> None:
    timing.part_finish(attempt=connections.attempt_load(attempt_id=attempt_id), part=part)
