"""The batching answer writer on its own: one transaction per batch, idempotent by seq, the seq guard, the chain,
acks only after commit, a database error failing the batch's waiters."""

import asyncio
import datetime as dt

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exams.models import AnswerEvent, Attempt, AttemptAnswer
from exams.services.live import attempts as live
from exams.services.live import chain, commands, writer
from exams.services.live.writer import DUPLICATE, SAVED, Answer, AnswerWriter, WriteRefused, write_batch
from tests.exams.live.conftest import build_live, paper_of

T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)
LATER = T0 + dt.timedelta(minutes=5)


def started(ready, now=T0):
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=now)
    return [Attempt.objects.get(candidate=c) for c in ready["candidates"]]


def question(attempt, n=0):
    return paper_of(attempt.candidate)[n]


@pytest.fixture
def attempts(ready):
    return started(ready)


@pytest.mark.django_db
def test_a_batch_of_many_attempts_takes_as_many_queries_as_a_batch_of_one(attempts):
    def queries(batch):
        with CaptureQueriesContext(connection) as captured:
            results = write_batch(batch, now=LATER)
        return results, len(captured)

    a = attempts[0]
    one, one_queries = queries([Answer(a.pk, 1, question(a, 0)["v"], [question(a, 0)["o"][0]])])
    batch = [
        Answer(b.pk, seq, question(b, n)["v"], [question(b, n)["o"][0]])
        for b in attempts
        for seq, n in ((2, 0), (3, 1), (4, 2))
    ]
    many, many_queries = queries(batch)
    assert one == [SAVED] and many == [SAVED] * 9
    assert many_queries == one_queries  # one lock, one read, one upsert, one insert, one update: whatever the size


@pytest.mark.django_db
def test_a_resent_seq_is_acked_again_and_writes_nothing(attempts):
    a = attempts[0]
    q = question(a)
    assert write_batch([Answer(a.pk, 1, q["v"], [q["o"][0]])], now=LATER) == [SAVED]
    assert write_batch([Answer(a.pk, 1, q["v"], [q["o"][1]])], now=LATER) == [DUPLICATE]
    assert AnswerEvent.objects.filter(attempt=a).count() == 1
    assert AttemptAnswer.objects.get(attempt=a).choices == [q["o"][0]]


@pytest.mark.django_db
def test_an_older_seq_never_stored_is_refused_and_writes_nothing(attempts):
    a = attempts[0]
    q, r = question(a, 0), question(a, 1)
    write_batch([Answer(a.pk, 5, q["v"], [q["o"][0]])], now=LATER)
    [refused] = write_batch([Answer(a.pk, 4, r["v"], [r["o"][0]])], now=LATER)
    assert isinstance(refused, WriteRefused) and refused.code == "old_seq"
    assert not AttemptAnswer.objects.filter(attempt=a, question=r["v"]).exists()


@pytest.mark.django_db
def test_within_a_batch_the_highest_seq_of_a_question_is_in_force_and_every_event_is_chained(attempts):
    a = attempts[0]
    q = question(a)
    results = write_batch(
        [Answer(a.pk, 3, q["v"], [q["o"][2]]), Answer(a.pk, 2, q["v"], [q["o"][1]]), Answer(a.pk, 2, q["v"], [])],
        now=LATER,
    )
    assert results == [SAVED, SAVED, DUPLICATE]
    assert AttemptAnswer.objects.get(attempt=a).choices == [q["o"][2]]
    events = list(AnswerEvent.objects.filter(attempt=a).order_by("seq"))
    head = chain.genesis(a.pk)
    for event in events:
        head = chain.link(head, event.seq, event.question, event.choices, event.text)
        assert event.hash == head
    a.refresh_from_db()
    assert a.chain_hash == head and a.last_seq == 3


@pytest.mark.django_db
def test_clearing_an_answer_lowers_the_answered_count(attempts):
    a = attempts[0]
    q = question(a)
    write_batch([Answer(a.pk, 1, q["v"], [q["o"][0]])], now=LATER)
    write_batch([Answer(a.pk, 2, q["v"], [])], now=LATER)
    a.refresh_from_db()
    assert a.answered == 0 and AttemptAnswer.objects.get(attempt=a).choices == []


@pytest.mark.django_db
def test_answers_of_a_closed_or_waiting_attempt_are_refused(ready):
    waiting = live.attempt_for_candidate(candidate=ready["candidates"][0], now=T0)
    q = question(waiting)
    [refused] = write_batch([Answer(waiting.pk, 1, q["v"], [q["o"][0]])], now=LATER)
    assert refused.code == "not_started"
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=T0)
    [late] = write_batch([Answer(waiting.pk, 1, q["v"], [q["o"][0]])], now=T0 + dt.timedelta(minutes=61))
    assert late.code == "closed" and not AttemptAnswer.objects.exists()


def run(coroutine):
    return asyncio.run(coroutine)


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_share_batches_and_resolve_only_after_commit():
    ready = build_live(candidates=3)
    attempts = started(ready, now=timezone.now())
    batches = []
    original = writer.write_batch

    def spy(answers, **kwargs):
        results = original(answers, **kwargs)
        batches.append(len(answers))
        return results

    answers = [Answer(a.pk, n + 1, question(a, n)["v"], [question(a, n)["o"][0]]) for a in attempts for n in range(3)]

    async def main():
        sink = AnswerWriter(linger=0.01)
        return await asyncio.gather(*[sink.save(answer) for answer in answers])

    writer.write_batch = spy
    try:
        assert run(main()) == [SAVED] * 9
    finally:
        writer.write_batch = original
    assert sum(batches) == 9 and len(batches) < 9  # grouped
    assert AttemptAnswer.objects.count() == 9  # committed before the waiters were resolved


@pytest.mark.django_db(transaction=True)
def test_a_database_error_fails_every_waiter_of_the_batch(monkeypatch):
    def broken(answers, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(writer, "write_batch", broken)

    async def main():
        sink = AnswerWriter()
        results = await asyncio.gather(
            sink.save(Answer(1, 1, 1, [])), sink.save(Answer(1, 2, 2, [])), return_exceptions=True
        )
        return results

    results = run(main())
    assert all(isinstance(r, WriteRefused) and r.code == "server_error" for r in results)


@pytest.mark.django_db
def test_texts_and_choices_are_stored_as_given_and_the_chain_verifies(attempts):
    """The rows reach the database as one JSON parameter (PostgreSQL): quotes, backslashes, newlines, Vietnamese
    and blanks (None) come back exactly, and the hash chain recomputed from the stored events matches."""
    a = attempts[0]
    text = 'Trả lời "có" \\ và\nxuống dòng: 3,5 %'
    q0, q1 = question(a, 0), question(a, 1)
    batch = [Answer(a.pk, 1, q0["v"], [], text), Answer(a.pk, 2, q1["v"], [None, q1["o"][1]])]
    assert write_batch(batch, now=LATER) == [SAVED, SAVED]
    stored = {row.question: row for row in AttemptAnswer.objects.filter(attempt=a)}
    assert stored[q0["v"]].text == text and stored[q0["v"]].choices == []
    assert stored[q1["v"]].choices == [None, q1["o"][1]]
    events = list(AnswerEvent.objects.filter(attempt=a).order_by("seq"))
    assert [e.text for e in events] == [text, ""] and events[1].choices == [None, q1["o"][1]]
    head = chain.head(a.pk, "")
    for event in events:
        head = chain.link(head, event.seq, event.question, event.choices, event.text)
    assert Attempt.objects.get(pk=a.pk).chain_hash == events[-1].hash == head
    assert Attempt.objects.get(pk=a.pk).last_seq == 2 and Attempt.objects.get(pk=a.pk).answered == 2


def test_a_typed_answer_loses_its_control_characters_before_it_reaches_the_writer():
    """PostgreSQL refuses a NUL in a text: one candidate's would fail the whole batch of his process."""
    from exams.services.live.paper import answer_normalize

    paper = {"index": {5: {"kind": "fill_in"}}}
    assert answer_normalize(paper=paper, question=5, text=" Hà\x00 Nội\u200b\x07 ") == ([], "Hà Nội")
