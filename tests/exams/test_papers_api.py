"""Papers over HTTP: the board's pages and API, scoped (a board member of another exam, proctors, graders,
candidates, HR officers and outsiders get 404), refusals as 400 naming the cell, generation as a 202 job."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from common.models import AuditEntry, Job
from exams.models import BlueprintCell, CandidatePaper, Exam, PaperForm
from exams.roles import ExamRole
from exams.services.papers import papers_generate
from exams.services.papers.jobs import KIND_GENERATE, papers_job_run
from tests.exams.factories import ExamFactory
from tests.exams.factories_papers import paper_setup
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def granted(role, obj):
    user = UserFactory()
    GrantFactory(user=user, role=role, unit=None, scope_type=ContentType.objects.get_for_model(obj), scope_id=obj.pk)
    return user


@pytest.fixture
def setup():
    data = paper_setup(mode=Exam.PaperMode.POOL, pool_size=2, candidates=3)
    data["board"] = granted(ExamRole.EXAM_BOARD, data["exam"])
    return data


def urls(setup, form=None):
    exam, part = setup["exam"].pk, setup["part"].pk
    form = form or PaperForm.objects.filter(part=setup["part"]).first()
    pages = [
        ("get", f"/exams/{exam}/papers/"),
        ("get", f"/exams/{exam}/papers/parts/{part}/blueprint/"),
        ("get", f"/exams/{exam}/papers/parts/{part}/forms/"),
        ("get", f"/exams/{exam}/papers/forms/{form.pk}/"),
        ("post", f"/exams/{exam}/papers/parts/{part}/generate/"),
        ("post", f"/exams/{exam}/papers/forms/{form.pk}/decide/"),
        ("post", f"/exams/{exam}/papers/verify/"),
    ]
    api = [
        ("get", f"/api/exams/{exam}/papers/"),
        ("get", f"/api/exams/{exam}/parts/{part}/blueprint/"),
        ("put", f"/api/exams/{exam}/parts/{part}/blueprint/"),
        ("get", f"/api/exams/{exam}/parts/{part}/forms/"),
        ("post", f"/api/exams/{exam}/parts/{part}/papers/generate/"),
        ("post", f"/api/exams/{exam}/parts/{part}/papers/draw/"),
        ("get", f"/api/exams/{exam}/forms/{form.pk}/"),
        ("post", f"/api/exams/{exam}/forms/{form.pk}/decide/"),
        ("post", f"/api/exams/{exam}/forms/{form.pk}/regenerate/"),
        ("post", f"/api/exams/{exam}/papers/verify/"),
    ]
    return pages, api


@pytest.mark.parametrize("who", ["other_board", "proctor", "grader", "candidate", "hr", "outsider"])
def test_nobody_but_the_exams_board_gets_in(setup, who, hr_manager, client, api_client):
    papers_generate(part=setup["part"], user=None)
    users = {
        "other_board": lambda: granted(ExamRole.EXAM_BOARD, ExamFactory()),
        "proctor": lambda: granted(ExamRole.PROCTOR, setup["session"]),
        "grader": lambda: granted(ExamRole.GRADER, setup["exam"]),
        "candidate": lambda: setup["candidates"][0].user,
        "hr": lambda: hr_manager,
        "outsider": lambda: UserFactory(),
    }
    user = users[who]()
    client.force_login(user)
    api_client.force_authenticate(user)
    pages, api = urls(setup)
    for method, url in pages:
        assert getattr(client, method)(url).status_code == 404, url
    for method, url in api:
        assert getattr(api_client, method)(url, {}, format="json").status_code == 404, url
    assert not AuditEntry.objects.filter(model="exams.paperform", action="view").exists()


def test_the_exams_board_member_gets_every_page(setup, client):
    papers_generate(part=setup["part"], user=None)
    client.force_login(setup["board"])
    pages, _api = urls(setup)
    for _method, url in pages[:4]:
        response = client.get(url)
        assert response.status_code == 200, url
    body = client.get(pages[0][1]).content.decode()
    assert "data-papers-table" in body and setup["part"].name in body


def test_an_anonymous_visitor_is_sent_to_log_in(setup, client):
    assert client.get(f"/exams/{setup['exam'].pk}/papers/").status_code == 302


def test_the_blueprint_api_refuses_naming_the_cell_and_the_total(setup, api_client):
    api_client.force_authenticate(setup["board"])
    topic = setup["topics"][0]
    url = f"/api/exams/{setup['exam'].pk}/parts/{setup['part'].pk}/blueprint/"
    bad = api_client.put(
        url, {"cells": [{"topic": topic.pk, "difficulty": 1, "count": 2, "points": "0"}]}, format="json"
    )
    assert bad.status_code == 400 and f"cell-{topic.pk}-1" in bad.json()
    short = api_client.put(url, {"cells": [{"topic": topic.pk, "difficulty": 1, "count": 2}]}, format="json")
    assert short.status_code == 400 and "total" in short.json()
    cells = [{"topic": topic.pk, "difficulty": 1, "count": 3, "points": "2.5"}]
    ok = api_client.put(url, {"cells": cells}, format="json")
    assert ok.status_code == 200 and ok.json()["total"] == 3
    assert list(BlueprintCell.objects.values_list("count", "points")) == [(3, Decimal("2.50"))]
    grid = api_client.get(url).json()
    assert {c["available"] for c in grid["cells"] if c["difficulty"] == 1} == {9}


def test_generation_over_the_api_is_a_job_with_progress(
    setup, api_client, django_capture_on_commit_callbacks, monkeypatch
):
    api_client.force_authenticate(setup["board"])
    url = f"/api/exams/{setup['exam'].pk}/parts/{setup['part'].pk}/papers/generate/"
    with django_capture_on_commit_callbacks() as callbacks:  # the job is queued after commit, not run here
        response = api_client.post(url)
    assert response.status_code == 202 and len(callbacks) == 1
    job = Job.objects.get(pk=response.json()["job"])
    assert job.kind == KIND_GENERATE and job.params == {"part": setup["part"].pk}
    again = api_client.post(url)  # one job per part at a time
    assert again.status_code == 400 and "part" in again.json()
    seen = []
    monkeypatch.setattr("exams.services.papers.jobs.job_progress", lambda **kw: seen.append(kw))
    papers_job_run(job_id=job.pk, kind=KIND_GENERATE)
    assert papers_job_run(job_id=job.pk, kind=KIND_GENERATE) is None  # a second delivery does nothing
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.result["forms"] == 2
    assert seen[-1]["done"] == seen[-1]["total"] == 2
    assert PaperForm.objects.filter(part=setup["part"]).count() == 2


def test_a_refused_generation_is_a_400_naming_the_cell(setup, api_client):
    api_client.force_authenticate(setup["board"])
    setup["part"].blueprint.filter(topic=setup["topics"][0]).update(count=4)
    setup["part"].blueprint.filter(topic=setup["topics"][1]).delete()
    type(setup["part"]).objects.filter(pk=setup["part"].pk).update(questions=4)
    response = api_client.post(f"/api/exams/{setup['exam'].pk}/parts/{setup['part'].pk}/papers/generate/")
    key = f"cell-{setup['topics'][0].pk}-1"
    assert response.status_code == 400 and key in response.json() and not Job.objects.exists()


def test_review_draw_and_verify_over_the_api(setup, api_client, django_capture_on_commit_callbacks):
    api_client.force_authenticate(setup["board"])
    papers_generate(part=setup["part"], user=None)
    exam = setup["exam"].pk
    forms = api_client.get(f"/api/exams/{exam}/parts/{setup['part'].pk}/forms/").json()["results"]
    assert [f["number"] for f in forms] == [1, 2]
    detail = api_client.get(f"/api/exams/{exam}/forms/{forms[0]['id']}/").json()
    assert any(float(o["fraction"]) == 1 for o in detail["items"][0]["options"])
    decided = api_client.post(f"/api/exams/{exam}/forms/{forms[0]['id']}/decide/", {"decision": "approve"})
    assert decided.status_code == 200 and decided.json()["form"]["status"] == "approved"
    api_client.post(f"/api/exams/{exam}/forms/{forms[1]['id']}/decide/", {"decision": "reject"})
    new = api_client.post(f"/api/exams/{exam}/forms/{forms[1]['id']}/regenerate/")
    assert new.status_code == 201 and new.json()["number"] == 3
    api_client.post(f"/api/exams/{exam}/forms/{new.json()['id']}/decide/", {"decision": "approve"})
    with django_capture_on_commit_callbacks():
        drawn = api_client.post(f"/api/exams/{exam}/parts/{setup['part'].pk}/papers/draw/")
    assert drawn.status_code == 202
    papers_job_run(job_id=drawn.json()["job"], kind="exams.papers_draw")
    assert CandidatePaper.objects.count() == 3
    verified = api_client.post(f"/api/exams/{exam}/papers/verify/").json()
    assert verified["ok"] and verified["forms"] == 3 and verified["papers"] == 3
    summary = api_client.get(f"/api/exams/{exam}/papers/").json()
    assert summary[0]["papers"] == 3 and summary[0]["difficulty"] is None and summary[0]["job"] is None


def test_the_blueprint_page_saves_and_shows_refusals_in_the_cell(setup, client):
    client.force_login(setup["board"])
    first, second = setup["topics"]
    url = f"/exams/{setup['exam'].pk}/papers/parts/{setup['part'].pk}/blueprint/"
    page = client.get(url)
    assert page.status_code == 200 and f'name="cell-{first.pk}-1-count"' in page.content.decode()
    bad = client.post(url, {f"cell-{first.pk}-1-count": "2", f"cell-{first.pk}-1-points": "-1"})
    assert bad.status_code == 400
    short = client.post(url, {f"cell-{first.pk}-1-count": "1"})
    assert short.status_code == 400 and "data-blueprint-errors" in short.content.decode()
    ok = client.post(
        url, {f"cell-{first.pk}-1-count": "2", f"cell-{second.pk}-1-count": "1", f"cell-{second.pk}-1-points": "2,5"}
    )
    assert ok.status_code == 302
    assert dict(BlueprintCell.objects.values_list("topic_id", "points")) == {
        first.pk: Decimal("1"),
        second.pk: Decimal("2.5"),
    }


def test_the_papers_page_generates_and_shows_a_refusal_on_the_part(setup, client, django_capture_on_commit_callbacks):
    client.force_login(setup["board"])
    url = f"/exams/{setup['exam'].pk}/papers/parts/{setup['part'].pk}/generate/"
    with django_capture_on_commit_callbacks():
        response = client.post(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == f"/exams/{setup['exam'].pk}/papers/jobs/{job.pk}/"
    job_page = client.get(response.url)
    assert "data-job-progress" in job_page.content.decode() and "data-back-to-papers" in job_page.content.decode()
    assert [t.name for t in job_page.templates][:2] == ["exams/papers/job.html", "exams/exam/_job.html"]
    page = client.get(f"/exams/{setup['exam'].pk}/papers/").content.decode()
    assert "data-job-progress" in page  # the papers page shows the running job's progress too
    other = UserFactory()
    GrantFactory(user=other, role=ExamRole.EXAM_BOARD, unit=None)
    client.force_login(other)
    assert client.get(response.url).status_code == 404  # the job page is its owner's
    client.force_login(setup["board"])
    Job.objects.update(status=Job.Status.FAILED)
    setup["part"].blueprint.all().delete()
    refused = client.post(url)
    assert refused.status_code == 400 and "data-part-errors" in refused.content.decode()


def test_without_seated_candidates_a_paper_per_candidate_is_refused_at_once_and_nothing_is_queued(
    client, api_client, english
):
    setup = paper_setup(candidates=0)  # a paper per candidate, nobody seated yet
    board = granted(ExamRole.EXAM_BOARD, setup["exam"])
    exam, part = setup["exam"].pk, setup["part"].pk
    client.force_login(board)
    page = client.post(f"/exams/{exam}/papers/parts/{part}/generate/")
    assert page.status_code == 400
    assert "seat the candidates first" in page.content.decode() and "data-part-errors" in page.content.decode()
    api_client.force_authenticate(board)
    response = api_client.post(f"/api/exams/{exam}/parts/{part}/papers/generate/")
    assert response.status_code == 400 and "xếp phòng thi trước" in response.json()["part"][0]  # Vietnamese by default
    assert not Job.objects.exists()


def test_a_get_on_a_papers_action_is_a_405_not_a_server_error(setup, client):
    client.force_login(setup["board"])
    exam, part = setup["exam"].pk, setup["part"].pk
    for action in ("generate", "draw"):
        assert client.get(f"/exams/{exam}/papers/parts/{part}/{action}/").status_code == 405
    assert not Job.objects.exists()


def test_the_papers_page_reviews_a_paper(setup, client):
    papers_generate(part=setup["part"], user=None)
    client.force_login(setup["board"])
    form = PaperForm.objects.get(number=1)
    preview = client.get(f"/exams/{setup['exam'].pk}/papers/forms/{form.pk}/")
    assert preview.status_code == 200 and 'class="key"' in preview.content.decode()
    response = client.post(f"/exams/{setup['exam'].pk}/papers/forms/{form.pk}/decide/", {"action": "approve"})
    assert response.status_code == 302
    form.refresh_from_db()
    assert form.status == PaperForm.Status.APPROVED and form.decided_by == setup["board"]
    verify = client.post(f"/exams/{setup['exam'].pk}/papers/verify/")
    assert "data-verify-report" in verify.content.decode()
