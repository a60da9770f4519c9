import pytest

from exams import demo, demo_candidates
from exams.models import Candidate, CandidateClaim, CandidateSeat, Exam

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Candidate, CandidateClaim, CandidateSeat)]


def test_the_demo_exam_gets_seated_applicants_twice_the_same_and_bt0001_still_logs_in(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo.demo_load()
    demo_candidates.demo_load()
    first = _counts()
    numbers = dict(Candidate.objects.values_list("pk", "candidate_number"))
    demo.demo_load()  # make run loads every loader again on each start
    demo_candidates.demo_load()
    assert _counts() == first and dict(Candidate.objects.values_list("pk", "candidate_number")) == numbers
    exam = Exam.objects.get(code=demo.DEMO_EXAM_CODE)
    assert exam.candidates.count() == demo_candidates.APPLICANTS + 1
    assert CandidateClaim.objects.filter(status="accepted").exists()
    assert not exam.candidates.filter(seats__isnull=True).exists()
    response = client.post("/exams/login/", {"candidate_number": "BT0001", "access_code": demo.DEMO_ACCESS_CODE})
    assert response.status_code == 302
