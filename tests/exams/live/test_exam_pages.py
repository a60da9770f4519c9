"""The candidate's exam page and result slip: his own attempt only, the slip with its code and final hash."""

import json
import re

import pytest
from django.test import Client

from exams.models import Attempt
from exams.services.live import attempts as live
from exams.services.live import closing, commands
from tests.exams.live.conftest import paper_of, right_choice

pytestmark = pytest.mark.django_db


def client_of(candidate) -> Client:
    client = Client()
    client.force_login(candidate.user, backend="exams.backends.CandidateBackend")
    return client


def submitted(ready, candidate, *, shown=True) -> Attempt:
    commands.room_start(room_session=ready["session"], actor=ready["proctor"])
    attempt = live.attempt_for_candidate(candidate=candidate)
    question = paper_of(candidate)[0]["v"]
    Attempt.objects.filter(pk=attempt.pk).update(chain_hash="f" * 64)
    attempt.answers.create(
        question=question, choices=[right_choice(candidate, question)], seq=1, saved_at=attempt.started_at
    )
    closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.CANDIDATE)
    attempt.refresh_from_db()
    if not shown:
        Attempt.objects.filter(pk=attempt.pk).update(result={**attempt.result, "shown": False})
    return attempt


def test_the_exam_page_carries_his_attempt_and_the_socket(ready):
    candidate = ready["candidates"][0]
    response = client_of(candidate).get("/exams/me/exam/")
    attempt = Attempt.objects.get(candidate=candidate)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'data-attempt="{attempt.pk}"' in page and 'data-socket="/ws/exam/"' in page
    assert 'id="exam-texts"' in page and "static/js/exam.js" in page
    assert "https://" not in page and "http://" not in page  # nothing from elsewhere


def test_the_exam_page_is_for_candidates_only(ready, examiner):
    assert Client().get("/exams/me/exam/").status_code == 302
    staff = Client()
    staff.force_login(examiner)
    assert staff.get("/exams/me/exam/").status_code == 404


def test_a_candidate_without_a_computer_seat_is_told_so(ready):
    candidate = ready["candidates"][0]
    candidate.seats.all().delete()
    response = client_of(candidate).get("/exams/me/exam/")
    assert response.status_code == 409
    assert "computer" in response.content.decode() or "máy tính" in response.content.decode()


def test_the_result_slip_shows_score_code_and_final_hash(ready):
    candidate = ready["candidates"][0]
    attempt = submitted(ready, candidate)
    page = client_of(candidate).get(f"/exams/me/results/{attempt.pk}/").content.decode()
    assert attempt.verification_code in page and "f" * 64 in page
    assert "data-score" in page and "1,5 / 4,5" in page and "1 / 3" in page


def test_a_slip_without_any_answer_says_so_where_the_final_hash_goes(ready):
    candidate = ready["candidates"][0]
    commands.room_start(room_session=ready["session"], actor=ready["proctor"])
    attempt = live.attempt_for_candidate(candidate=candidate)
    closing.attempt_submit(attempt=attempt, ending=Attempt.Ending.FORCED, actor=ready["proctor"], reason="Vắng")
    page = client_of(candidate).get(f"/exams/me/results/{attempt.pk}/").content.decode()
    assert '<code class="hash" data-hash>không có: chưa lưu câu trả lời nào</code>' in page
    exam_page = client_of(candidate).get("/exams/me/exam/").content.decode()
    texts = json.loads(re.search(r'<script id="exam-texts" type="application/json">(.*?)</script>', exam_page)[1])
    assert texts["no_answers"] == "không có: chưa lưu câu trả lời nào"  # what exam.js shows on the page


def test_the_result_slip_hides_the_score_where_the_profile_does_not_show_it(ready):
    candidate = ready["candidates"][0]
    attempt = submitted(ready, candidate, shown=False)
    page = client_of(candidate).get(f"/exams/me/results/{attempt.pk}/").content.decode()
    assert attempt.verification_code in page and "1,5 / 4,5" not in page and "1 / 3" not in page


def test_the_result_slip_pdf_is_a_pdf(ready):
    candidate = ready["candidates"][0]
    attempt = submitted(ready, candidate)
    response = client_of(candidate).get(f"/exams/me/results/{attempt.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")


def test_nobody_else_reads_a_slip_nor_one_still_running(ready):
    first, second = ready["candidates"][:2]
    attempt = submitted(ready, first)
    assert client_of(second).get(f"/exams/me/results/{attempt.pk}/").status_code == 404
    assert client_of(second).get(f"/exams/me/results/{attempt.pk}.pdf").status_code == 404
    running = live.attempt_for_candidate(candidate=second)
    assert client_of(second).get(f"/exams/me/results/{running.pk}/").status_code == 404


def waiting_room(page: str) -> str:
    return page[page.index("data-waiting>") : page.index("data-body")]


def test_the_waiting_room_lists_each_part_timed_in_turn_with_its_questions_and_minutes(timed):
    page = waiting_room(client_of(timed["candidates"][0]).get("/exams/me/exam/").content.decode())
    assert "Phần 1 — Kiến thức chung: 3 câu, 60 phút" in page
    assert "Phần 2 — Ngoại ngữ: 2 câu, 30 phút" in page
    assert "90 phút" in page  # the whole allowance: the parts' minutes, not the shift's


def test_the_waiting_room_of_one_clock_shows_the_shifts_time_and_no_parts(ready):
    page = waiting_room(client_of(ready["candidates"][0]).get("/exams/me/exam/").content.decode())
    minutes = ready["shift"].duration_minutes
    assert f"{minutes} phút" in page and "data-waiting-parts" not in page and "Phần 1 —" not in page
