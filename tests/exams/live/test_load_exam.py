"""make_load_exam: a started shift whose candidates can log in with the codes written to the CSV."""

import csv
import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from exams.models import Attempt, CandidatePaper, Exam, RoomLog, RoomSession
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


def test_a_waiting_load_exam_waits_for_its_rooms_start_and_start_starts_them(tmp_path, capsys):
    out = tmp_path / "codes.csv"
    call_command("make_load_exam", candidates=45, out=str(out), waiting=True)
    exam = Exam.objects.get(code__startswith="LOAD-")
    attempts = Attempt.objects.filter(shift__exam=exam)
    assert set(attempts.values_list("status", flat=True)) == {Attempt.Status.WAITING}
    assert not RoomSession.objects.filter(shift__exam=exam, started_at__isnull=False).exists()
    state = attempt_state(attempt=attempts.first())
    assert state["status"] == "waiting" and len([q for p in state["parts"] for q in p["questions"]]) == 60
    capsys.readouterr()

    before = timezone.now().timestamp()
    call_command("make_load_exam", start=True)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["rooms"] == 2 and before <= printed["started_at"] <= printed["finished_at"]
    assert set(attempts.values_list("status", flat=True)) == {Attempt.Status.IN_PROGRESS}
    assert RoomLog.objects.filter(room_session__shift__exam=exam, kind=RoomLog.Kind.START).count() == 2

    with pytest.raises(CommandError, match="--waiting"):  # nothing waits any more
        call_command("make_load_exam", start=True)


def test_start_takes_no_other_option_and_making_needs_count_and_file(tmp_path):
    with pytest.raises(CommandError, match="--start"):
        call_command("make_load_exam", start=True, candidates=5)
    with pytest.raises(CommandError, match="--candidates"):
        call_command("make_load_exam", out=str(tmp_path / "x.csv"))
    assert not Exam.objects.filter(code__startswith="LOAD-").exists()


def test_end_in_moves_every_load_attempt_in_progress_and_refuses_bad_values(tmp_path, capsys):
    call_command("make_load_exam", candidates=45, out=str(tmp_path / "codes.csv"))
    attempts = Attempt.objects.filter(shift__exam__code__startswith="LOAD-")
    submitted = attempts.first()
    Attempt.objects.filter(pk=submitted.pk).update(status=Attempt.Status.SUBMITTED)  # a submitted one stays as it is
    old = submitted.deadline
    capsys.readouterr()

    before = timezone.now().timestamp()
    call_command("make_load_exam", end_in=3)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["attempts"] == 44 and before + 3 <= printed["deadline"] <= timezone.now().timestamp() + 3
    deadlines = set(attempts.filter(status=Attempt.Status.IN_PROGRESS).values_list("deadline", flat=True))
    assert [d.timestamp() for d in deadlines] == [printed["deadline"]]
    assert Attempt.objects.get(pk=submitted.pk).deadline == old

    for bad in (0, -1, 601):
        with pytest.raises(CommandError, match="600"):
            call_command("make_load_exam", end_in=bad)
    with pytest.raises(CommandError, match="--end-in"):
        call_command("make_load_exam", end_in=3, start=True)
    attempts.update(status=Attempt.Status.SUBMITTED)
    with pytest.raises(CommandError, match="đang làm"):  # no load attempt in progress
        call_command("make_load_exam", end_in=3)


def test_a_waiting_load_exam_has_its_rooms_papers_warmed_as_the_beat_would(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    from unittest import mock

    from django.core.cache import cache

    settings.CELERY_TASK_ALWAYS_EAGER = False  # services mode: a worker builds the papers
    cache.clear()
    with mock.patch("exams.tasks.live_papers_warm.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("make_load_exam", candidates=45, out=str(tmp_path / "codes.csv"), waiting=True)
    rooms = RoomSession.objects.filter(shift__exam__code__startswith="LOAD-")
    assert sorted(call.args[0] for call in queued.call_args_list) == sorted(
        (pk,) for pk in rooms.values_list("pk", flat=True)
    )
