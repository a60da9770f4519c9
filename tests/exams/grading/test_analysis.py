"""Item analysis of an exam: the statistics stored per item version match the pure module on the same responses,
flags follow the thresholds, the papers' difficulty spread reads the facility, nothing analysable is refused."""

import pandas as pd
import pytest
from django.urls import reverse

from common.errors import ApplicationError
from exams.models import CandidateSeat, ItemStatistic, ItemVersion, PaperForm
from exams.selectors import item_facility
from exams.services.analysis import analysis_report
from exams.services.grading import exam_analyse, item_flags
from exams.services.papers import papers_draw, papers_generate
from tests.exams.factories_papers import paper_setup
from tests.exams.grading.conftest import sit
from tests.exams.live.conftest import paper_of
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db
PICKS = [[0, 0, 0], [0, 0, 1], [0, None, 2], [1, 2, 3], [0, 1, 0], [0, 0, None]]


@pytest.fixture
def pooled(settings):
    settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES = 2
    from exams.models import Exam

    setup = paper_setup(mode=Exam.PaperMode.POOL, pool_size=1, candidates=len(PICKS))
    session, part = setup["session"], setup["part"]
    session.shift.parts.add(part)
    for number, candidate in enumerate(setup["candidates"], start=1):
        CandidateSeat.objects.create(candidate=candidate, shift=session.shift, room_session=session, number=number)
    papers_generate(part=part, user=None)
    PaperForm.objects.filter(part=part).update(status=PaperForm.Status.APPROVED)
    papers_draw(part=part, user=None)
    setup["shift"], setup["proctor"] = session.shift, UserFactory()
    setup["attempts"] = sit(setup, PICKS)
    return setup


def by_hand(setup) -> dict:
    """The same responses written as a response file would be: labels by the option's place in the item."""
    rows = []
    for candidate, picks in zip(setup["candidates"], PICKS, strict=True):
        for entry, pick in zip(paper_of(candidate), picks, strict=True):
            response = () if pick is None else ("ABCD"[pick],)
            rows.append((candidate.pk, entry["v"], response, int(pick == 0)))
    return analysis_report(pd.DataFrame(rows, columns=["candidate", "item", "response", "correct"]))


def test_the_exams_statistics_are_the_pure_modules_on_its_responses(pooled):
    result = exam_analyse(exam=pooled["exam"])
    expected = by_hand(pooled)
    stored = {s.version_id: s for s in ItemStatistic.objects.filter(exam=pooled["exam"])}
    assert result["items"] == 3 and set(stored) == {int(v) for v in expected["items"]}
    for version, figures in expected["items"].items():
        row = stored[int(version)]
        # the same figures, up to the last rounded digit (the rows come in another order: float sums differ by 1e-16)
        mine = (row.p, row.r_pbis, row.d27, row.rasch_b)
        assert mine == pytest.approx((figures["p"], figures["r_pbis"], figures["d27"], figures["rasch_b"]), abs=2e-4)
        assert row.n == len(PICKS) and row.options["options"] == pytest.approx(figures["options"], abs=2e-4)
    assert next(iter(result["forms"].values()))["kr20"] == pytest.approx(expected["kr20"], abs=2e-4)


def test_analysing_again_replaces_the_rows(pooled):
    exam_analyse(exam=pooled["exam"])
    exam_analyse(exam=pooled["exam"])
    assert ItemStatistic.objects.filter(exam=pooled["exam"]).count() == 3


def test_flags_and_the_facility_fed_to_the_papers(pooled, settings):
    exam_analyse(exam=pooled["exam"])
    row = ItemStatistic.objects.filter(exam=pooled["exam"]).order_by("-p").first()
    settings.CONGVU_ITEM_MAX_FACILITY = row.p - 0.01
    assert "too easy" in item_flags(statistic=row)
    settings.CONGVU_ITEM_MAX_FACILITY = 1.0
    settings.CONGVU_ITEM_MIN_FACILITY = 0.0
    settings.CONGVU_ITEM_MIN_DISCRIMINATION = -1.0
    assert item_flags(statistic=row) == []
    assert item_facility(version_ids=[row.version_id]) == {row.version_id: row.p}


def test_per_candidate_papers_are_not_analysed(db, settings):
    from tests.exams.live.conftest import build_live

    ready = build_live(candidates=3)
    sit(ready, [[0, 0, 0], [0, 1, 0], [1, 1, 1]])
    with pytest.raises(ApplicationError, match="No paper was sat"):
        exam_analyse(exam=ready["exam"])
    assert not ItemStatistic.objects.exists()


def test_the_banks_item_page_shows_the_flags(pooled, settings, client, examiner):
    exam_analyse(exam=pooled["exam"])
    row = ItemStatistic.objects.filter(exam=pooled["exam"]).select_related("version__item").order_by("-p").first()
    settings.CONGVU_ITEM_MAX_FACILITY = row.p - 0.01
    client.force_login(examiner)
    item = row.version.item
    ItemVersion.objects.filter(item=item).update(created_by=examiner)  # the page names each version's author
    page = client.get(reverse("exams:item-detail", args=[item.bank_id, item.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200 and "data-item-statistics" in body and pooled["exam"].code in body


def test_the_minimum_applies_per_paper_and_the_page_says_which_was_too_small(pooled, settings, client, examiner):
    from exams.services.grading import analysis_coverage

    exam, part = pooled["exam"], pooled["part"]
    settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES = len(PICKS) + 1
    with pytest.raises(ApplicationError, match="No paper was sat by at least 7"):
        exam_analyse(exam=exam)
    (row,) = analysis_coverage(exam=exam, part=part)
    assert (row["sat"], row["enough"], row["analysed"], row["minimum"]) == (len(PICKS), False, False, 7)
    client.force_login(examiner)
    page = client.get(reverse("exams:grading-analysis", args=[exam.pk]), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    number = row["form"].number
    assert "data-too-few" in body and f'data-paper="{number}" data-sat="6" data-minimum="7"' in body
    notice = body.split("data-too-few")[1].split("</div>")[0]
    assert any(f"{word} {number}: 6" in notice for word in ("Paper", "Đề số"))  # in the page's language
    settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES = len(PICKS)  # exactly the minimum: analysed
    exam_analyse(exam=exam)
    (row,) = analysis_coverage(exam=exam, part=part)
    assert row["enough"] and row["analysed"]
    page = client.get(reverse("exams:grading-analysis", args=[exam.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "data-too-few" not in page.content.decode()
