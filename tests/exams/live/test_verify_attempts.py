"""`verify_attempts` recomputes the chains: an untouched exam passes, a tampered answer or event is named."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exams.models import AnswerEvent, Attempt, AttemptAnswer
from exams.services.live import commands
from exams.services.live.writer import Answer, write_batch
from tests.exams.live.conftest import paper_of

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def answered(ready):
    commands.room_start(room_session=ready["session"], actor=ready["proctor"], now=T0)
    for attempt in Attempt.objects.all():
        paper = paper_of(attempt.candidate)
        batch = [Answer(attempt.pk, n + 1, entry["v"], [entry["o"][n % 2]]) for n, entry in enumerate(paper)]
        batch.append(Answer(attempt.pk, 9, paper[0]["v"], [paper[0]["o"][3]]))
        write_batch(batch, now=T0 + dt.timedelta(minutes=5))
    return ready


def run(*args, out=None):
    out = out or StringIO()
    call_command("verify_attempts", *args, stdout=out)
    return out.getvalue()


def test_untouched_attempts_verify(answered):
    assert "Đã kiểm tra 3 bài thi, 0 bài sai khác" in run("--exam", answered["exam"].code)


def test_a_changed_answer_in_force_is_named_and_the_command_fails(answered):
    attempt = Attempt.objects.order_by("pk").first()
    first = paper_of(attempt.candidate)[0]
    AttemptAnswer.objects.filter(attempt=attempt, question=first["v"]).update(choices=[first["o"][0]])
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        run(out=out)
    assert failed.value.returncode == 1
    assert f"DIFFERS attempt #{attempt.pk} ({attempt.candidate.candidate_number})" in out.getvalue()
    assert "Đã kiểm tra 3 bài thi, 1 bài sai khác" in out.getvalue()


def test_a_rewritten_event_is_named_with_its_attempt(answered):
    attempt = Attempt.objects.order_by("pk").last()
    event = AnswerEvent.objects.get(attempt=attempt, seq=2)
    AnswerEvent.objects.filter(pk=event.pk).update(choices=[12345])
    from exams.services.live.verify import attempts_verify

    checked, differences = attempts_verify(exam=answered["exam"])
    assert checked == 3 and {d.attempt_id for d in differences} == {attempt.pk}
    assert "sự kiện trả lời 2 " in differences[0].reason
