"""make_load_exam: a started shift whose candidates can log in with the codes written to the CSV."""

import csv
import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from exams.models import Attempt, CandidatePaper, Exam, RoomSession
from exams.services.candidates import candidate_authenticate
from exams.services.live.attempts import attempt_state

pytestmark = pytest.mark.django_db


def test_load_exam_writes_codes_that_log_in_to_a_started_shift(tmp_path):
    out = tmp_path / "codes.csv"
    before = timezone.now()
    call_command("make_load_exam", candidates=45, out=str(out))
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["candidate_number", "access_code"]
    assert len(rows) == 46 and len({number for number, _code in rows[1:]}) == 45
    exam = Exam.objects.get(code__startswith="LOAD-")
    assert exam.status == Exam.Status.OPEN
    for number, code in rows[1:4]:
        assert candidate_authenticate(number=number, code=code).exam == exam
    assert RoomSession.objects.filter(shift__exam=exam).count() == 2  # 40 seats a room
    assert CandidatePaper.objects.filter(candidate__exam=exam).count() == 45
    attempts = Attempt.objects.filter(shift__exam=exam)
    assert attempts.count() == 45
    assert set(attempts.values_list("status", flat=True)) == {Attempt.Status.IN_PROGRESS}
    assert set(attempts.values_list("questions", flat=True)) == {60}
    attempt = attempts.first()
    assert before + dt.timedelta(minutes=59) < attempt.deadline <= timezone.now() + dt.timedelta(minutes=60)
    state = attempt_state(attempt=attempt)
    questions = [q for part in state["parts"] for q in part["questions"]]
    assert len(questions) == 60 and {q["kind"] for q in questions} == {"single"}
    assert all(len(q["options"]) == 4 for q in questions)


def test_load_exam_refuses_a_bad_count_and_writes_nothing(tmp_path):
    out = tmp_path / "codes.csv"
    with pytest.raises(CommandError, match="20000"):
        call_command("make_load_exam", candidates=0, out=str(out))
    assert not out.exists()
    assert not Exam.objects.filter(code__startswith="LOAD-").exists()
