"""The grading pages and API by persona: the board grades, corrects keys and sees the changes; a grader sees only his
anonymised scripts and marks them; the other grader, a grader of another exam and an outsider get 404s."""

import pytest
from django.urls import reverse

from common.models import Job
from exams import tasks
from exams.models import GradingRun, ItemOption, KeyCorrection, ScriptMark
from exams.services.grading import exam_analyse, exam_grade
from exams.services.grading.scripts import scripts_assign, scripts_prepare
from tests.exams.factories_setup import grader_of
from tests.exams.grading.conftest import written_setup
from tests.exams.live.conftest import paper_of
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def written():
    setup = written_setup(candidates=2, graders=2)
    scripts_prepare(part=setup["part"], actor=None)
    scripts_assign(part=setup["part"], graders=setup["graders"], actor=None)
    return setup


def run_queued_jobs():
    """Deliver every queued grading job twice, as a broker may: only the first delivery runs it."""
    for job in Job.objects.filter(status=Job.Status.QUEUED):
        tasks.exam_grade_job(str(job.pk))
        tasks.exam_grade_job(str(job.pk))


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr("exams.services.grading.jobs.job_enqueue", lambda **kwargs: None)


def test_the_board_queues_grading_and_sees_the_changed_marks(client, examiner, sat):
    client.force_login(examiner)
    response = client.post(reverse("exams:grading-grade", args=[sat["exam"].pk]), {"reason": "", "kind": "grade"})
    assert response.status_code == 302
    run_queued_jobs()
    assert GradingRun.objects.filter(exam=sat["exam"]).count() == 1
    job_page = client.get(response["Location"])
    assert job_page.status_code == 200
    # the job page is the shared job template (exams/exam/_job.html) with grading's own links
    assert [t.name for t in job_page.templates][:2] == ["exams/grading/job.html", "exams/exam/_job.html"]
    html = job_page.content.decode()
    assert "data-job-progress" in html and "data-job-result" in html
    assert reverse("exams:grading-analysis", args=[sat["exam"].pk]) in html
    page = client.get(reverse("exams:grading", args=[sat["exam"].pk]))
    assert page.status_code == 200 and b"data-grading-parts" in page.content


def test_a_key_correction_by_api_then_regrading_lists_the_candidate(api_client, examiner, sat):
    exam_grade(exam=sat["exam"], actor=None)
    api_client.force_authenticate(examiner)
    question = paper_of(sat["candidates"][0])[0]["v"]
    other = ItemOption.objects.get(version_id=question, position=1).pk
    url = reverse("exams-api:grading-keys", args=[sat["exam"].pk])
    response = api_client.post(url, {"version": question, "correct": [other], "reason": "Sai đáp án"}, format="json")
    assert response.status_code == 201 and KeyCorrection.objects.filter(exam=sat["exam"]).exists()
    refused = api_client.post(url, {"version": question, "correct": [], "reason": "x"}, format="json")
    assert refused.status_code == 400 and "correct" in refused.content.decode()
    queued = api_client.post(reverse("exams-api:grading-grade", args=[sat["exam"].pk]), {}, format="json")
    assert queued.status_code == 202
    run_queued_jobs()
    runs = api_client.get(reverse("exams-api:grading-runs", args=[sat["exam"].pk])).json()
    assert sat["candidates"][0].candidate_number in {row["number"] for row in runs[0]["changed"]}


def test_outsiders_and_graders_get_404_on_the_boards_grading(client, api_client, outsider, sat):
    grader = grader_of(sat["exam"], username="grader_x")
    for user in (outsider, grader):
        client.force_login(user)
        assert client.get(reverse("exams:grading", args=[sat["exam"].pk])).status_code == 404
        assert client.get(reverse("exams:grading-analysis", args=[sat["exam"].pk])).status_code == 404
        api_client.force_authenticate(user)
        assert api_client.post(reverse("exams-api:grading-grade", args=[sat["exam"].pk]), {}).status_code == 404
        assert api_client.get(reverse("exams-api:grading-runs", args=[sat["exam"].pk])).status_code == 404


def test_a_grader_sees_only_his_scripts_by_code_and_never_a_name(client, api_client, written):
    one = written["graders"][0]
    api_client.force_authenticate(one)
    rows = api_client.get(reverse("exams-api:grading-scripts", args=[written["exam"].pk])).json()
    mine = ScriptMark.objects.filter(grader=one)
    assert {row["id"] for row in rows} == set(mine.values_list("pk", flat=True))
    client.force_login(one)
    page = client.get(reverse("exams:grading-scripts", args=[written["exam"].pk])).content.decode()
    for candidate in written["candidates"]:
        assert candidate.person.full_name not in page and candidate.candidate_number not in page
    assert all(row["code"] in page for row in rows)


def test_a_grader_cannot_mark_another_graders_script_nor_see_another_exam(api_client, written):
    one, two = written["graders"]
    theirs = ScriptMark.objects.filter(grader=two).first()
    api_client.force_authenticate(one)
    url = reverse("exams-api:grading-mark", args=[written["exam"].pk, theirs.pk])
    assert api_client.post(url, {"score": "50"}, format="json").status_code == 404
    elsewhere = written_setup(candidates=1, graders=0)["exam"]
    assert api_client.get(reverse("exams-api:grading-scripts", args=[elsewhere.pk])).status_code == 404
    api_client.force_authenticate(UserFactory())
    assert api_client.get(reverse("exams-api:grading-scripts", args=[written["exam"].pk])).status_code == 404


def test_a_grader_marks_through_the_page_and_a_bad_score_is_named(client, written):
    one = written["graders"][0]
    mark = ScriptMark.objects.filter(grader=one).first()
    client.force_login(one)
    url = reverse("exams:grading-scripts", args=[written["exam"].pk])
    bad = client.post(url, {"mark": mark.pk, "score": "150"})
    assert bad.status_code == 400 and "100" in bad.content.decode()
    assert client.post(url, {"mark": mark.pk, "score": "72,5"}).status_code == 302
    mark.refresh_from_db()
    assert str(mark.score) == "72.50"


def test_the_analysis_page_draws_its_charts_inline(client, examiner, sat, settings):
    settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES = 1
    exam_grade(exam=sat["exam"], actor=None)
    exam_analyse(exam=sat["exam"])
    client.force_login(examiner)
    page = client.get(reverse("exams:grading-analysis", args=[sat["exam"].pk])).content.decode()
    assert "data-histogram" in page and "data-scatter" in page and "data-distractors" in page
    assert "<script" not in page.split("data-histogram")[1].split("</section>")[0] and "cdn" not in page.lower()


def test_the_board_makes_scripts_and_assigns_the_exams_graders_on_the_page(client, examiner):
    setup = written_setup(candidates=2, graders=2)
    client.force_login(examiner)
    url = reverse("exams:grading-assign", args=[setup["exam"].pk])
    page = client.get(reverse("exams:grading", args=[setup["exam"].pk])).content.decode()
    assert all(f'value="{g.pk}"' in page for g in setup["graders"])
    refused = client.post(url, {"part": setup["part"].pk, "graders": [setup["graders"][0].pk]})
    assert refused.status_code == 400 and not ScriptMark.objects.exists()
    done = client.post(url, {"part": setup["part"].pk, "graders": [g.pk for g in setup["graders"]]})
    assert done.status_code == 302 and ScriptMark.objects.count() == 4


def test_a_grader_finds_his_exams_with_the_scripts_waiting_and_others_get_404(client, written, examiner):
    one, two = written["graders"]
    client.force_login(one)
    page = client.get(reverse("exams:grader-exams"))
    html = page.content.decode()
    mine = ScriptMark.objects.filter(grader=one).count()
    assert page.status_code == 200 and f'data-exam="{written["exam"].code}"' in html
    assert f'<td class="num">{mine}</td><td class="num">{mine}</td>' in html  # none marked yet
    assert reverse("exams:grading-scripts", args=[written["exam"].pk]) in html
    for user in (examiner, UserFactory(username="nobody_grades")):
        client.force_login(user)
        assert client.get(reverse("exams:grader-exams")).status_code == 404
