"""Two parts of one round drawing from the same bank: a candidate's papers never hold the same item twice
(per-candidate and pool mode), the refusal naming the parts and counts when the bank cannot give each part its
own items, and `papers_verify` naming a candidate whose papers repeat an item across parts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from exams.models import BlueprintCell, CandidatePaper, Exam, PaperForm, Part
from exams.services.papers import paper_form_decide, papers_draw, papers_generate, papers_verify, sharing
from tests.exams.factories_cands import PositionFactory
from tests.exams.factories_papers import make_item, paper_setup

pytestmark = pytest.mark.django_db


def second_part(setup, *, counts=(1, 1), name="Tin học") -> Part:
    """A second part of the exam's round 1 on the same bank, taking `counts` items of each topic."""
    part = Part.objects.create(
        exam=setup["exam"], key="it", name=name, bank=setup["bank"], questions=sum(counts), minutes=30, order=1
    )
    for topic, count in zip(setup["topics"], counts, strict=True):
        BlueprintCell.objects.create(part=part, topic=topic, difficulty=1, count=count, points=Decimal("1"))
    return part


def items_of(form: PaperForm) -> set[int]:
    return set(PaperForm.objects.get(pk=form.pk).generation.part.bank.items.filter(
        versions__pk__in=[v for v, _p in form.items]).values_list("pk", flat=True))  # fmt: skip


def test_a_candidates_papers_of_two_parts_sharing_a_bank_hold_no_item_twice():
    setup = paper_setup(candidates=4, per_cell=9, counts=(2, 1))  # topic 1: 9 items = 3 × 2 + 3 × 1
    first, second = setup["part"], second_part(setup)
    papers_generate(part=first, user=None)
    papers_generate(part=second, user=None)
    for candidate in setup["candidates"]:
        papers = {p.part_id: p.form for p in CandidatePaper.objects.filter(candidate=candidate).select_related("form")}
        assert len(papers) == 2
        assert not items_of(papers[first.pk]) & items_of(papers[second.pk])
    report = papers_verify(exam=setup["exam"])
    assert report.ok, report.differences
    # generating the first part again keeps away from the second part's papers
    papers_generate(part=first, user=None)
    assert papers_verify(exam=setup["exam"]).ok


def test_items_a_sibling_part_already_uses_stay_its_own_when_the_bank_grew_in_between():
    setup = paper_setup(candidates=6, per_cell=9, counts=(2, 1))
    first, second = setup["part"], second_part(setup)
    papers_generate(part=second, user=None)
    used = set().union(*(items_of(f) for f in second.forms.all()))
    for topic in setup["topics"]:  # new approved items change how the shared items are dealt
        for _n in range(5):
            make_item(bank=setup["bank"], topic=topic)
    papers_generate(part=first, user=None)
    assert not used & set().union(*(items_of(f) for f in first.forms.all()))
    assert papers_verify(exam=setup["exam"]).ok


def test_pool_mode_forms_of_parts_sharing_a_bank_are_disjoint_and_so_is_every_draw():
    setup = paper_setup(mode=Exam.PaperMode.POOL, pool_size=3, candidates=6, per_cell=9, counts=(2, 1))
    first, second = setup["part"], second_part(setup)
    for part in (first, second):
        papers_generate(part=part, user=None)
        for form in part.forms.all():
            paper_form_decide(form=form, user=None, approve=True)
        papers_draw(part=part, user=None)
    first_items = set().union(*(items_of(f) for f in first.forms.all()))
    second_items = set().union(*(items_of(f) for f in second.forms.all()))
    assert first_items and second_items and not first_items & second_items
    assert papers_verify(exam=setup["exam"]).ok


def test_a_bank_too_small_for_both_parts_is_refused_naming_the_parts_and_counts(english):
    setup = paper_setup(candidates=2, per_cell=8, counts=(2, 1))  # topic 1: 8 items < 3 × 2 + 3 × 1
    first, second = setup["part"], second_part(setup)
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=first, user=None)
    key = f"cell-{setup['topics'][0].pk}-1"
    assert list(refused.value.message_dict) == [key]
    message = refused.value.message_dict[key][0]
    assert "Chủ đề 1 · Recall" in message and "“Kiến thức chung” and “Tin học”" in message
    assert "same 8 approved items" in message and "keeps 5 of them, fewer than the 6 it needs" in message
    assert "“Kiến thức chung” needs 6; “Tin học” needs 3" in message
    assert not PaperForm.objects.filter(part=first).exists()
    papers_generate(part=second, user=None)  # the part whose share is whole is not held back
    make_item(bank=setup["bank"], topic=setup["topics"][0])  # the ninth item gives the first part its six
    papers_generate(part=first, user=None)
    assert papers_verify(exam=setup["exam"]).ok


def test_parts_for_different_positions_do_not_split_the_bank_but_a_part_for_all_does():
    setup = paper_setup(candidates=2, per_cell=6, counts=(2, 1))
    first, second = setup["part"], second_part(setup)
    third = Part.objects.create(
        exam=setup["exam"], key="law", name="Luật", bank=setup["bank"], questions=1, minutes=10, order=2
    )
    positions = [PositionFactory(exam=setup["exam"]) for _n in range(2)]
    Part.objects.filter(pk=first.pk).update(position=positions[0])
    Part.objects.filter(pk=second.pk).update(position=positions[1])
    first.refresh_from_db()
    assert sharing.sibling_parts(part=first) == [third]  # the part for every candidate is one of his


def test_verify_names_a_candidate_whose_papers_repeat_an_item_across_parts(monkeypatch, english):
    setup = paper_setup(candidates=3, per_cell=3, counts=(2, 1))
    first, second = setup["part"], second_part(setup, counts=(2, 1))
    monkeypatch.setattr("exams.services.papers.generation.bank_min_multiple", lambda *, exam: 1)
    monkeypatch.setattr(
        "exams.services.papers.generation.pools_split", lambda *, part, pools, multiple, labels: (pools, {})
    )
    papers_generate(part=first, user=None)
    papers_generate(part=second, user=None)  # both take 2 of topic 1's 3 items: one at least twice
    report = papers_verify(exam=setup["exam"])
    repeated = [d for d in report.differences if "of his paper of “Kiến thức chung” too" in d.reason]
    assert len(repeated) == 3 and all(d.label.startswith("Tin học, candidate ") for d in repeated)
    assert len(repeated) == len(report.differences)
