"""Generating papers: counts per cell, per-candidate shuffles that regenerate identically, exposure balance, the
bank-size refusal naming the cell, who sits the part, and when papers may no longer be replaced."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams.models import Candidate, CandidatePaper, ItemVersion, PaperForm, Part, Position
from exams.services.papers import generation, papers_generate, papers_verify
from tests.exams.factories import RoomSessionFactory, make_candidate
from tests.exams.factories_papers import exemption, make_item, paper_setup, shift_started

pytestmark = pytest.mark.django_db


def pools_by_topic(setup):
    return {topic.pk: {item.approved_version_id for item in topic.items.all()} for topic in setup["topics"]}


def test_each_form_takes_the_blueprint_count_from_each_cell_with_the_cells_points():
    setup = paper_setup(candidates=5, counts=(2, 1))
    papers_generate(part=setup["part"], user=None)
    pools = pools_by_topic(setup)
    forms = list(PaperForm.objects.filter(part=setup["part"]))
    assert len(forms) == 5
    for form in forms:
        versions = [v for v, _p in form.items]
        assert len(set(versions)) == 3
        assert sum(v in pools[setup["topics"][0].pk] for v in versions) == 2
        assert sum(v in pools[setup["topics"][1].pk] for v in versions) == 1
        assert {p for _v, p in form.items} == {"1.50"}


def test_every_seated_candidate_gets_his_own_shuffled_paper_and_it_regenerates_identically():
    setup = paper_setup(candidates=6, counts=(2, 1))
    result = papers_generate(part=setup["part"], user=None)
    assert result["papers"] == 6
    papers = list(CandidatePaper.objects.filter(part=setup["part"]).select_related("form"))
    assert {p.candidate_id for p in papers} == {c.pk for c in setup["candidates"]}
    assert len({p.form_id for p in papers}) == 6  # a form per candidate
    orders = {tuple(e["v"] for e in p.layout) for p in papers}
    options = {tuple(o for e in p.layout for o in e["o"]) for p in papers}
    assert len(options) > 1 and len(orders) >= 1
    for paper in papers:
        assert sorted(e["v"] for e in paper.layout) == sorted(v for v, _p in paper.form.items)
        assert len(paper.digest) == 64
    report = papers_verify(exam=setup["exam"])
    assert report.ok and report.forms == 6 and report.papers == 6


def test_shuffles_are_off_when_the_exam_says_so():
    setup = paper_setup(candidates=3)
    exam = setup["exam"]
    exam.shuffle_questions = exam.shuffle_options = False
    exam.save()
    papers_generate(part=setup["part"], user=None)
    for paper in CandidatePaper.objects.filter(part=setup["part"]).select_related("form"):
        assert [e["v"] for e in paper.layout] == [v for v, _p in paper.form.items]
        for entry in paper.layout:
            assert entry["o"] == sorted(entry["o"])  # option ids follow the authors' order here
    assert papers_verify(exam=exam).ok


def test_item_exposure_is_balanced_across_forms():
    setup = paper_setup(candidates=20, per_cell=9, counts=(2, 1))
    papers_generate(part=setup["part"], user=None)
    uses = Counter(v for form in PaperForm.objects.filter(part=setup["part"]) for v, _p in form.items)
    for versions in pools_by_topic(setup).values():
        counts = [uses[v] for v in versions]
        assert max(counts) - min(counts) <= 1
    from exams.selectors import papers_part_summary

    summary = papers_part_summary(part=setup["part"])
    assert summary["pool_items"] == 18 and summary["cell_imbalance"] <= 1
    assert [cell["exposure"] for cell in summary["cells"]] == [(4, 5), (2, 3)]  # 40 uses of 9 items, 20 of 9
    assert summary["difficulty"] is None  # no item statistics yet


def test_the_difficulty_spread_uses_registered_item_statistics(monkeypatch):
    from exams.selectors import papers as paper_selectors

    setup = paper_setup(candidates=4)
    papers_generate(part=setup["part"], user=None)
    monkeypatch.setattr(paper_selectors, "_facility_sources", [lambda ids: {v: (v % 10) / 10 for v in ids}])
    spread = paper_selectors.papers_part_summary(part=setup["part"])["difficulty"]
    assert spread["forms"] == 4 and 0 <= spread["min"] <= spread["max"] <= 1


def test_generation_is_refused_naming_the_cell_when_its_bank_is_under_three_times_the_count(english):
    setup = paper_setup(candidates=2, per_cell=5, counts=(2, 1))  # topic 1: 5 items < 3 × 2
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=setup["part"], user=None)
    topic = setup["topics"][0]
    key = f"cell-{topic.pk}-1"
    assert list(refused.value.message_dict) == [key]
    assert "Chủ đề 1 · Recall" in refused.value.message_dict[key][0]
    assert "5 approved items, fewer than 3 × 2 = 6" in refused.value.message_dict[key][0]
    assert not PaperForm.objects.exists() and not CandidatePaper.objects.exists()
    make_item(bank=setup["bank"], topic=topic)  # the sixth approved item makes it
    papers_generate(part=setup["part"], user=None)


def test_the_bank_multiple_comes_from_one_function(monkeypatch):
    setup = paper_setup(candidates=2, per_cell=5, counts=(2, 1))
    monkeypatch.setattr(generation, "bank_min_multiple", lambda *, exam: 2)
    assert papers_generate(part=setup["part"], user=None)["forms"] == 2


def test_the_bank_multiple_is_the_profiles_rule_in_force_on_the_exam_date():
    setup = paper_setup(candidates=2, per_cell=5, counts=(2, 1))
    exam = setup["part"].exam
    rule = exam.profile.config["rules"]["bank"]  # TT 22/2025, in force from its valid_from
    exam.held_on = dt.date.fromisoformat(rule["valid_from"]) - dt.timedelta(days=1)
    assert generation.bank_min_multiple(exam=exam) == 0  # before it: no minimum
    exam.held_on = dt.date.fromisoformat(rule["valid_from"])
    assert generation.bank_min_multiple(exam=exam) == rule["min_multiple"]


def test_draft_and_retired_items_are_not_in_a_cells_pool():
    setup = paper_setup(candidates=1, per_cell=6, counts=(2, 1))
    topic = setup["topics"][0]
    make_item(bank=setup["bank"], topic=topic, approved=False)
    retired = topic.items.first()
    retired.retired = True
    retired.save()
    with pytest.raises(ValidationError):  # 5 approved and live items < 6
        papers_generate(part=setup["part"], user=None)


def test_the_blueprint_must_take_the_parts_questions():
    setup = paper_setup(candidates=1)
    Part.objects.filter(pk=setup["part"].pk).update(questions=5)
    setup["part"].refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=setup["part"], user=None)
    assert "blueprint" in refused.value.message_dict


def test_only_seated_candidates_who_sit_the_part_get_a_paper():
    setup = paper_setup(candidates=3)
    exam = setup["exam"]
    exempt, withdrawn, ok = setup["candidates"]
    exemption(exempt)
    exemption(ok, status="rejected")
    Candidate.objects.filter(pk=withdrawn.pk).update(status=Candidate.Status.WITHDRAWN)
    make_candidate(exam=exam, number="UNSEATED")
    papers_generate(part=setup["part"], user=None)
    assert set(CandidatePaper.objects.values_list("candidate_id", flat=True)) == {ok.pk}


def test_a_part_for_one_position_is_only_for_that_positions_candidates():
    setup = paper_setup(candidates=2)
    exam = setup["exam"]
    position = Position.objects.create(exam=exam, code="VT1", name="Chuyên viên")
    Part.objects.filter(pk=setup["part"].pk).update(position=position, key="professional")
    setup["part"].refresh_from_db()
    mine = make_candidate(exam=exam, number="VT1-01", room_session=setup["session"])
    Candidate.objects.filter(pk=mine.pk).update(position=position)
    papers_generate(part=setup["part"], user=None)
    assert list(CandidatePaper.objects.values_list("candidate_id", flat=True)) == [mine.pk]


def test_used_versions_are_marked_and_generation_is_audited():
    setup = paper_setup(candidates=2)
    papers_generate(part=setup["part"], user=None)
    used = {v for form in PaperForm.objects.all() for v, _p in form.items}
    assert set(ItemVersion.objects.filter(used=True).values_list("pk", flat=True)) == used
    entry = AuditEntry.objects.get(model="exams.papergeneration")
    assert entry.scope_id == setup["exam"].pk


def test_generating_again_replaces_the_papers_before_the_first_shift():
    setup = paper_setup(candidates=3)
    papers_generate(part=setup["part"], user=None)
    first = set(CandidatePaper.objects.values_list("digest", flat=True))
    assert papers_generate(part=setup["part"], user=None)["replaced_papers"] == 3
    assert CandidatePaper.objects.count() == 3 and set(CandidatePaper.objects.values_list("digest", flat=True)) != first
    assert papers_verify(exam=setup["exam"]).ok


def test_papers_are_not_replaced_once_the_first_shift_started(english):
    setup = paper_setup(candidates=2)
    papers_generate(part=setup["part"], user=None)
    RoomSessionFactory(shift__exam=setup["exam"])  # a later shift changes nothing
    shift_started(setup["exam"])
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=setup["part"], user=None)
    assert "first shift started" in refused.value.messages[0]
    assert CandidatePaper.objects.count() == 2


def test_papers_are_not_replaced_once_an_attempt_exists(monkeypatch, english):
    setup = paper_setup(candidates=2)
    monkeypatch.setattr(generation, "attempts_exist", lambda *, exam: True)
    with pytest.raises(ValidationError) as refused:
        papers_generate(part=setup["part"], user=None)
    assert "started the exam" in refused.value.messages[0]


def test_no_seated_candidate_is_refused():
    setup = paper_setup(candidates=0)
    with pytest.raises(ValidationError):
        papers_generate(part=setup["part"], user=None)
