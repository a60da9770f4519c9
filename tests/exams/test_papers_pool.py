"""Pool mode: K papers reviewed by the board (preview audited), a rejected one generated again, and each
candidate drawing one approved paper from his seed."""

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams.models import CandidatePaper, Exam, PaperForm
from exams.services.papers import (
    paper_form_decide,
    paper_form_preview,
    paper_form_regenerate,
    papers_draw,
    papers_generate,
    papers_verify,
)
from tests.exams.factories_papers import paper_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool():
    setup = paper_setup(mode=Exam.PaperMode.POOL, pool_size=4, candidates=12)
    papers_generate(part=setup["part"], user=None)
    return setup


def decide(numbers_approved, numbers_rejected, user=None):
    for form in PaperForm.objects.all():
        if form.number in numbers_approved:
            paper_form_decide(form=form, user=user, approve=True)
        elif form.number in numbers_rejected:
            paper_form_decide(form=form, user=user, approve=False)


def test_pool_mode_makes_k_papers_and_no_candidate_paper_yet(pool):
    assert PaperForm.objects.filter(status=PaperForm.Status.GENERATED).count() == 4
    assert not CandidatePaper.objects.exists()


def test_the_draw_waits_for_every_paper_to_be_decided(pool, english):
    decide({1, 2}, set())
    with pytest.raises(ValidationError) as refused:
        papers_draw(part=pool["part"], user=None)
    assert "2 not reviewed yet" in refused.value.messages[0]


def test_candidates_draw_only_approved_papers_and_the_draw_verifies(pool, examiner):
    decide({1, 3, 4}, {2}, user=examiner)
    papers_draw(part=pool["part"], user=examiner)
    approved = set(PaperForm.objects.filter(status=PaperForm.Status.APPROVED).values_list("pk", flat=True))
    drawn = set(CandidatePaper.objects.values_list("form_id", flat=True))
    assert CandidatePaper.objects.count() == 12 and drawn <= approved and len(drawn) > 1
    assert papers_verify(exam=pool["exam"]).ok
    decided = PaperForm.objects.get(number=1)
    assert decided.decided_by == examiner and decided.decided_at is not None


def test_a_rejected_paper_is_generated_again_as_a_new_number_balanced_against_the_others(pool):
    decide({1, 2, 3}, {4})
    rejected = PaperForm.objects.get(number=4)
    created = paper_form_regenerate(form=rejected, user=None)
    assert created.number == 5 and created.status == PaperForm.Status.GENERATED
    assert PaperForm.objects.get(number=4).status == PaperForm.Status.REJECTED
    assert papers_verify(exam=pool["exam"]).ok


def test_only_a_rejected_paper_is_generated_again(pool):
    with pytest.raises(ValidationError):
        paper_form_regenerate(form=PaperForm.objects.get(number=1), user=None)


def test_rejecting_a_drawn_paper_withdraws_the_draw(pool):
    decide({1, 2, 3, 4}, set())
    papers_draw(part=pool["part"], user=None)
    drawn = CandidatePaper.objects.first().form
    decision = paper_form_decide(form=drawn, user=None, approve=False)
    assert decision.withdrawn == 12 and not CandidatePaper.objects.exists()


def test_the_preview_with_the_key_is_audited(pool, examiner):
    form = PaperForm.objects.get(number=1)
    items = paper_form_preview(form=form, user=examiner)
    assert len(items) == 3 and any(o.fraction == 1 for o in items[0]["options"])
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW, model="exams.paperform")
    assert entry.object_id == str(form.pk) and entry.actor == examiner and entry.scope_id == pool["exam"].pk


def test_pool_mode_needs_a_pool_size():
    setup = paper_setup(mode=Exam.PaperMode.POOL, pool_size=0, candidates=1)
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=setup["part"], user=None)
    assert "pool_size" in refused.value.message_dict
