"""Parts timed in turn in the room's minutes: one line per part a candidate ends, early (finish_part, or submitting
the last part) or when its time runs out (the closer), at its time; the printed minutes say which and when."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from exams.models import RoomLog
from exams.services.live import attempts as live
from exams.services.live import closing, commands, timing
from exams.services.live.minutes import room_minutes_pdf, room_minutes_rows
from tests.exams.factories_setup import proctor_of

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def at(minutes=0):
    return T0 + dt.timedelta(minutes=minutes)


def start(timed):
    commands.room_start(room_session=timed["session"], actor=timed["proctor"], now=T0)
    return [live.attempt_for_candidate(candidate=c, now=T0) for c in timed["candidates"]]


def part_lines(session):
    return list(
        RoomLog.objects.filter(room_session=session, kind=RoomLog.Kind.PART_END)
        .order_by("at", "pk")
        .values_list("attempt_id", "at", "data")
    )


def test_finishing_parts_early_writes_one_line_each_with_the_time(timed, english):
    first, second = timed["parts"]
    attempt = start(timed)[0]
    timing.part_finish(attempt=attempt, part=first.pk, now=at(20))
    timing.part_finish(attempt=attempt, part=second.pk, now=at(35))  # the last part: the attempt is submitted
    assert part_lines(timed["session"]) == [
        (attempt.pk, at(20), {"part": 1, "part_id": first.pk, "ending": "early"}),
        (attempt.pk, at(35), {"part": 2, "part_id": second.pk, "ending": "early"}),
    ]
    rows = [r for r in room_minutes_rows(room_session=timed["session"]) if r["what"] == "Finished a part"]
    number = timed["candidates"][0].candidate_number
    assert [(r["at"], r["detail"]) for r in rows] == [
        (timezone.localtime(at(20)), "part 1, finished early"),
        (timezone.localtime(at(35)), "part 2, finished early"),
    ]
    assert all(r["candidate"].startswith(f"{number} — ") for r in rows)


def test_a_part_whose_time_runs_out_is_ended_in_the_minutes_at_its_deadline(timed, english):
    first, second = timed["parts"]
    attempts = start(timed)
    assert closing.attempts_close_expired(now=at(61)) == 2
    lines = part_lines(timed["session"])
    assert sorted(a for a, _at, _d in lines) == sorted(a.pk for a in attempts)
    assert {(when, data["part"], data["ending"]) for _a, when, data in lines} == {(at(60), 1, "timeout")}
    closing.attempts_close_expired(now=at(91))  # the last part: the attempt's own "time ran out" line names it
    assert len(part_lines(timed["session"])) == 2
    timeouts = RoomLog.objects.filter(kind=RoomLog.Kind.TIMEOUT).values_list("at", "data")
    assert list(timeouts) == [(at(90), {"part": 2, "part_id": second.pk})] * 2
    details = {r["detail"] for r in room_minutes_rows(room_session=timed["session"]) if r["candidate"]}
    assert details == {"part 1, time ran out", "part 2"}


def test_a_server_down_across_a_part_end_still_writes_the_part_at_its_deadline(timed):
    attempt = start(timed)[0]
    state = live.attempt_state(attempt=attempt, now=at(95))  # read after both deadlines: submitted at 90
    assert state["status"] == "submitted"
    assert [(when, data["part"]) for _a, when, data in part_lines(timed["session"])] == [(at(60), 1)]


def test_the_printed_minutes_say_which_part_ended_when_and_how(timed):
    first = timed["parts"][0]
    early, late = start(timed)
    timing.part_finish(attempt=early, part=first.pk, now=at(20))
    closing.attempts_close_expired(now=at(61))
    pdf = room_minutes_pdf(room_session=timed["session"], actor=timed["proctor"])
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
    early_at = timezone.localtime(at(20)).strftime("%H:%M")
    late_at = timezone.localtime(at(60)).strftime("%H:%M")
    assert f"{early_at}" in text and f"{late_at}" in text
    assert "Kết thúc phần thi (phần 1, nộp sớm)" in text and "Kết thúc phần thi (phần 1, hết giờ)" in text
    assert early.candidate.candidate_number in text and late.candidate.candidate_number in text


def test_the_console_and_its_log_api_say_which_part_ended(timed, client, api_client):
    first = timed["parts"][0]
    attempt = start(timed)[0]
    timing.part_finish(attempt=attempt, part=first.pk, now=at(20))
    proctor = proctor_of(timed["session"])
    client.force_login(proctor)
    exam, session = timed["exam"], timed["session"]
    page = client.get(reverse("exams:live-room", args=[exam.pk, session.pk])).content.decode()
    assert "Kết thúc phần thi (phần 1, nộp sớm)" in page
    api_client.force_authenticate(proctor)
    lines = api_client.get(reverse("exams-api:live-log", args=[exam.pk, session.pk])).json()
    ended = [line for line in lines if line["kind"] == "part_end"]
    assert [(line["detail"], line["candidate"]["id"]) for line in ended] == [
        ("phần 1, nộp sớm", timed["candidates"][0].pk)
    ]
