"""The review (phúc khảo) on the board's grading page: asked for by candidate number and part (a mark's number is
shown nowhere), refusals named by the field's label in the page's language, a score of 0 shown as a score."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from common.models import AuditEntry
from common.selectors import audit_rows_for_user
from exams.models import Mark, ResultSheet, Review
from exams.selectors.reference import profile_rules
from exams.services.grading.reviews import review_last_day
from tests.exams.factories_setup import board_of
from tests.exams.grading.conftest import written_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified():
    setup = written_setup(candidates=2, graders=2)
    now = timezone.now()
    ResultSheet.objects.create(
        exam=setup["exam"], status="published", computed_at=now, published_at=now, notified_at=now
    )
    candidate = setup["candidates"][0]
    mark = Mark.objects.create(candidate=candidate, part=setup["part"], score=0, max_score=100, source="graders")
    return {**setup, "mark": mark, "board": board_of(setup["exam"], username="board_review_page")}


def errors_of(response) -> str:
    html = response.content.decode()
    return html[html.index("data-grading-errors") :].split("</div>")[0]


def ask(client, setup, **data):
    url = reverse("exams:grading-review", args=[setup["exam"].pk])
    defaults = {"candidate_number": setup["mark"].candidate.candidate_number, "part": setup["part"].pk}
    return client.post(url, {**defaults, "reason": "Cộng sót điểm", **data})


def test_the_board_asks_by_candidate_number_and_part_and_a_zero_shows_as_a_score(client, notified):
    client.force_login(notified["board"])
    number = notified["mark"].candidate.candidate_number
    assert ask(client, notified, candidate_number=f" {number.lower()} ").status_code == 302
    review = Review.objects.get(mark=notified["mark"])
    assert review.old_score == 0
    with translation.override("vi"):
        page = client.get(reverse("exams:grading", args=[notified["exam"].pk]), HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    row = html[html.index(f'data-review="{number}"') :].split("</tr>")[0]
    assert '<td class="num">0,00</td>' in row  # before review: a 0 is a score, not a blank


def test_an_unknown_number_or_another_exams_part_writes_nothing(client, notified):
    client.force_login(notified["board"])
    response = ask(client, notified, candidate_number="KHONGCO")
    assert response.status_code == 400 and "KHONGCO" in response.content.decode()
    other = written_setup(candidates=1, graders=2)["part"]
    assert ask(client, notified, part=other.pk).status_code == 404
    assert not Review.objects.exists()


def test_refusals_name_the_field_by_its_label_in_vietnamese(client, notified):
    client.force_login(notified["board"])
    with translation.override("vi"):
        response = client.post(
            reverse("exams:grading-review", args=[notified["exam"].pk]),
            {"part": notified["part"].pk, "reason": "x"},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    errors = errors_of(response)
    assert response.status_code == 400 and "Số báo danh:" in errors and "candidate_number" not in errors


def test_an_outsider_and_a_grader_cannot_ask(client, notified):
    for user in (notified["graders"][0], board_of(written_setup(candidates=1)["exam"], username="board_other")):
        client.force_login(user)
        assert ask(client, notified).status_code == 404
    assert not Review.objects.exists()


def test_a_request_after_the_window_is_refused_with_its_last_day(client, notified):
    late = timezone.now() - dt.timedelta(days=40)
    ResultSheet.objects.filter(exam=notified["exam"]).update(notified_at=late)
    client.force_login(notified["board"])
    response = ask(client, notified)
    rules = profile_rules(profile=notified["exam"].profile).review
    last = review_last_day(given=timezone.localdate(late), window=rules.window, unit=rules.window_unit)
    assert response.status_code == 400 and last.strftime("%d/%m/%Y") in errors_of(response)
    assert not Review.objects.exists()


def test_the_audit_trail_names_the_review_actions_and_fields_in_words(client, notified, english):
    from exams.services.grading.reviews import review_decide

    client.force_login(notified["board"])
    ask(client, notified)
    review_decide(review=Review.objects.get(), new_score="5", outcome="Cộng 5 điểm", actor=notified["board"])
    rows = audit_rows_for_user(user=notified["board"], entries=AuditEntry.objects.filter(model="exams.review"))
    assert [row["action"] for row in rows] == ["Review decided", "Review requested"]
    fields = {change["field"] for row in rows for change in row["changes"]}
    assert "score" in {str(f).lower() for f in fields} and "outcome" in {str(f).lower() for f in fields}
    assert "Decided" in rows[0]["record"] and "5,00" in rows[0]["record"]
