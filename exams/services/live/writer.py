"""The batching answer writer (group commit): one per process, for every candidate socket of that process.

A consumer hands an answer to `answer_writer().save(answer)` and awaits it. The writer's asyncio task takes
every answer waiting in its queue (up to MAX_BATCH, after lingering LINGER_S for more), writes them in ONE
transaction on its own thread, and only then resolves each waiter: the consumer sends `ack` after the commit. While
one batch is written the next one gathers, so the batch grows with the load and the database sees one commit for
many answers, not one per answer.

The transaction (`write_batch`, usable on its own): lock the batch's attempts (their chain heads), refuse answers
of attempts not open, treat a `seq` at or below the attempt's `last_seq` as a duplicate (already stored: ack
again) or an old one (refused), upsert the answers in force with one multi-row INSERT … ON CONFLICT … DO UPDATE
guarded by the sequence (PostgreSQL and SQLite alike), append the chained AnswerEvents, and move each attempt's
last_seq, answered and chain_hash. A database error fails every waiter of the batch (the consumer sends `error`,
the client resends later) and nothing of it is written.

The thread: a single-worker executor, so the writes of a process never compete with each other for locks and the
thread's database connection is handed back to the pool after each batch (close_old_connections).
"""

import asyncio
import datetime as dt
import json
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import close_old_connections, connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.models import AnswerEvent, Attempt, AttemptAnswer
from exams.services.live import chain
from exams.services.live.sql import execute as _execute
from exams.services.live.sql import rows as _rows

log = logging.getLogger(__name__)

MAX_BATCH = 1000
LINGER_S = 0.001
SAVED, DUPLICATE = "saved", "duplicate"
OPEN = (Attempt.Status.IN_PROGRESS, Attempt.Status.PAUSED)  # an answer in flight when a pause came still counts


@dataclass(frozen=True)
class Answer:
    """One answer message, checked against the candidate's paper: choices normalised, text stripped."""

    attempt_id: int
    seq: int
    question: int
    choices: list = field(default_factory=list)
    text: str = ""
    part: int | None = None  # position of the question's part when the parts are timed in turn (None: no check)


class WriteRefused(Exception):
    """An answer the writer did not store; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


def answer_blank(choices: list, text: str) -> bool:
    """Whether an answer clears its question (no choice, no text): it does not count as answered."""
    return not text and all(choice is None for choice in choices)


@dataclass(slots=True)
class _Head:
    """What the writer reads and moves of a locked attempt (a row, not a model instance: building Attempt objects
    with their init signals was a good part of the writer thread's Python)."""

    pk: int
    status: str
    deadline: dt.datetime | None
    last_seq: int
    answered: int
    chain_hash: str
    part_index: int


HEAD_FIELDS = ("id", "status", "deadline", "last_seq", "answered", "chain_hash", "part_index")


def _refusal(attempt: _Head | None, now, answer: Answer) -> WriteRefused | None:
    if attempt is None:
        return WriteRefused("closed", _("This attempt does not exist."))
    if attempt.status == Attempt.Status.WAITING:
        return WriteRefused("not_started", _("The exam has not started yet."))
    if attempt.status not in OPEN or (attempt.status == Attempt.Status.IN_PROGRESS and attempt.deadline <= now):
        return WriteRefused("closed", _("This attempt is closed: no more answers are accepted."))
    if answer.part is not None and answer.part != attempt.part_index:  # parts timed in turn: only the current one
        if answer.part < attempt.part_index:
            return WriteRefused("part_closed", _("This part is closed: its answers can no longer be changed."))
        return WriteRefused("part_not_started", _("This part has not started yet."))
    return None


def _stored_seqs(answers: list[Answer], attempts: dict) -> set[tuple[int, int]]:
    old = [a for a in answers if a.attempt_id in attempts and a.seq <= attempts[a.attempt_id].last_seq]
    if not old:
        return set()
    rows = (
        AnswerEvent.objects.filter(attempt_id__in={a.attempt_id for a in old}, seq__in={a.seq for a in old})
        .order_by()  # a set: the model's ordering would join the attempts table and its relations
        .values_list("attempt_id", "seq")
    )
    return set(rows)


# In the three statements below the table is the model's own name and every value is a parameter.
def _upsert(latest: list[Answer], now) -> None:
    """The answers in force, one multi-row upsert; a row holding a later seq is left alone."""
    table, at = AttemptAnswer._meta.db_table, connection.ops.adapt_datetimefield_value(now)
    source, params = _rows(
        [(a.attempt_id, a.question, a.choices, a.text, a.seq, at) for a in latest],
        ("bigint", "bigint", "jsonb", "text", "integer", "timestamptz"),
    )
    _execute(
        f"INSERT INTO {table} (attempt_id, question, choices, text, seq, saved_at) {source} "  # noqa: S608
        f"ON CONFLICT (attempt_id, question) DO UPDATE SET choices = excluded.choices, text = excluded.text, "
        f"seq = excluded.seq, saved_at = excluded.saved_at WHERE {table}.seq < excluded.seq",
        params,
    )


def _events_insert(events: list[tuple]) -> None:
    """Append the chained events (attempt, seq, question, choices, text, at, hash) in one multi-row INSERT."""
    source, params = _rows(events, ("bigint", "integer", "bigint", "jsonb", "text", "timestamptz", "text"))
    table = AnswerEvent._meta.db_table
    _execute(f"INSERT INTO {table} (attempt_id, seq, question, choices, text, at, hash) {source}", params)  # noqa: S608


def _attempts_update(attempts: list[_Head]) -> None:
    """Move the attempts' last_seq, answered and chain_hash in one statement (Django's bulk_update builds a CASE
    per row and field: half a second of Python for 200 attempts)."""
    table = Attempt._meta.db_table
    source, params = _rows(
        [(a.pk, a.last_seq, a.answered, a.chain_hash) for a in attempts], ("bigint", "integer", "integer", "text")
    )
    _execute(
        f"WITH v (id, last_seq, answered, chain_hash) AS ({source}) "  # noqa: S608
        f"UPDATE {table} SET last_seq = v.last_seq, answered = v.answered, chain_hash = v.chain_hash "
        f"FROM v WHERE {table}.id = v.id",
        params,
    )


def _answered_delta(latest: list[Answer]) -> dict[int, int]:
    """Attempt → change of its answered count: a question answered now that was blank (or absent) counts +1, one
    cleared now -1. One query joined on the batch's own (attempt, question) pairs."""
    table = AttemptAnswer._meta.db_table
    source, params = _rows([(a.attempt_id, a.question) for a in latest], ("bigint", "bigint"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v (attempt_id, question) AS ({source}) SELECT t.attempt_id, t.question, t.choices, t.text "  # noqa: S608
            f"FROM {table} t JOIN v ON t.attempt_id = v.attempt_id AND t.question = v.question",
            params,
        )
        before = {
            (attempt_id, question): answer_blank(json.loads(choices) if isinstance(choices, str) else choices, text)
            for attempt_id, question, choices, text in cursor.fetchall()
        }
    delta: dict[int, int] = {}
    for answer in latest:
        was_blank = before.get((answer.attempt_id, answer.question), True)
        delta[answer.attempt_id] = (
            delta.get(answer.attempt_id, 0) + was_blank - answer_blank(answer.choices, answer.text)
        )
    return delta


def _accept(answer: Answer, attempt: _Head, at, events: list, latest: dict) -> None:
    attempt.chain_hash = chain.link(
        chain.head(attempt.pk, attempt.chain_hash), answer.seq, answer.question, answer.choices, answer.text
    )
    attempt.last_seq = answer.seq
    events.append((attempt.pk, answer.seq, answer.question, answer.choices, answer.text, at, attempt.chain_hash))
    latest[(answer.attempt_id, answer.question)] = answer  # in seq order: the last one wins


def write_batch(answers: list[Answer], *, now=None) -> list:
    """Write a batch in one transaction; per answer SAVED, DUPLICATE (already stored) or a WriteRefused. Raises a
    DatabaseError (nothing written) when the database fails."""
    now = now or timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)  # the events' time, once for the batch
    results: list = [None] * len(answers)
    with transaction.atomic():
        # The batch's ids as one array parameter (`sql.rows`): the statement's text is the same for every batch, so
        # the driver reuses its parsed form (an IN list of a new length each time was parsed anew: this query was half
        # of the writer thread's samples in the saturation run).
        source, params = _rows([(pk,) for pk in sorted({a.attempt_id for a in answers})], ("bigint",))
        batch = RawSQL(source, params)  # noqa: S611 (sql.rows' own text; every value is a parameter)
        locked = Attempt.objects.select_for_update().filter(pk__in=batch).order_by("pk").values_list(*HEAD_FIELDS)
        attempts = {row[0]: _Head(*row) for row in locked}
        stored, events, latest, changed = _stored_seqs(answers, attempts), [], {}, {}
        for i, answer in sorted(enumerate(answers), key=lambda pair: (pair[1].attempt_id, pair[1].seq)):
            attempt = attempts.get(answer.attempt_id)
            refusal = _refusal(attempt, now, answer)
            if refusal is None and answer.seq <= attempt.last_seq:
                known = (answer.attempt_id, answer.seq) in stored
                refusal = None if known else WriteRefused("old_seq", _("An answer with a later number is stored."))
                results[i] = DUPLICATE if known else refusal
                continue
            if refusal is not None:
                results[i] = refusal
                continue
            _accept(answer, attempt, at, events, latest)
            stored.add((answer.attempt_id, answer.seq))
            changed[attempt.pk] = attempt
            results[i] = SAVED
        if latest:
            for attempt_id, delta in _answered_delta(list(latest.values())).items():
                attempts[attempt_id].answered += delta
            _upsert(list(latest.values()), now)
            _events_insert(events)
            _attempts_update(list(changed.values()))
    return results


def _write_in_thread(answers: list[Answer]) -> list:
    close_old_connections()
    try:
        return write_batch(answers)
    finally:
        close_old_connections()  # hands the connection back to the pool (CONN_MAX_AGE = 0)


class AnswerWriter:
    """The process's group-commit writer: `await save(answer)` returns SAVED or DUPLICATE once committed, or raises
    WriteRefused."""

    def __init__(self, *, max_batch: int = MAX_BATCH, linger: float = LINGER_S):
        self.max_batch, self.linger = max_batch, linger
        self.queue: asyncio.Queue = asyncio.Queue()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exam-answer-writer")
        self.task: asyncio.Task | None = None
        self.batches = self.written = 0

    async def save(self, answer: Answer) -> str:
        """Queue one answer and wait for its batch to commit."""
        future = asyncio.get_running_loop().create_future()
        self.queue.put_nowait((answer, future))
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run(), name="exam-answer-writer")
        return await future

    async def _gather(self) -> list:
        batch = [await self.queue.get()]
        if self.linger and self.queue.qsize() < self.max_batch:
            await asyncio.sleep(self.linger)
        while len(batch) < self.max_batch and not self.queue.empty():
            batch.append(self.queue.get_nowait())
        return batch

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._gather()
            try:
                results = await loop.run_in_executor(self.executor, _write_in_thread, [a for a, _f in batch])
            except Exception:
                log.exception("the answer writer could not write a batch of %s", len(batch))
                results = [WriteRefused("server_error", _("The answer could not be saved; it will be sent again."))]
                results *= len(batch)
            self.batches, self.written = self.batches + 1, self.written + len(batch)
            for (_answer, future), result in zip(batch, results, strict=True):
                if future.done():  # the socket went away meanwhile
                    continue
                if isinstance(result, WriteRefused):
                    future.set_exception(result)
                else:
                    future.set_result(result)


_writers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AnswerWriter]" = weakref.WeakKeyDictionary()


def answer_writer() -> AnswerWriter:
    """The writer of the running event loop (one per server process), created on first use."""
    loop = asyncio.get_running_loop()
    writer = _writers.get(loop)
    if writer is None:
        writer = _writers[loop] = AnswerWriter()
    return writer
