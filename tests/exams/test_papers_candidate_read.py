"""The candidate's paper as the live exam reads it: his order, and nothing of the key."""

import json

import pytest

from exams.models import CandidatePaper, ItemOption
from exams.selectors import candidate_paper_for_candidate, candidate_paper_list_for_candidate
from exams.services.papers import papers_generate
from tests.exams.factories_papers import make_item, paper_setup

pytestmark = pytest.mark.django_db
KEY_WORDS = ("fraction", "feedback", "value", "tolerance", "match_text", "accepted", "correct", "general_feedback")


@pytest.fixture
def mixed():
    """A part whose first cell mixes choice, fill-in, numerical and matching items."""
    setup = paper_setup(candidates=2, per_cell=0, counts=(4, 1))
    bank, (first, second) = setup["bank"], setup["topics"]
    for _ in range(3):
        make_item(bank=bank, topic=first, kind="single")
        fill = make_item(bank=bank, topic=first, kind="fill_in", options=2)
        ItemOption.objects.filter(version=fill.approved_version).update(text="Hà Nội")
        number = make_item(bank=bank, topic=first, kind="numerical", options=1)
        ItemOption.objects.filter(version=number.approved_version).update(text="", value=42, tolerance=1)
        matching = make_item(bank=bank, topic=first, kind="matching", options=3)
        for option in ItemOption.objects.filter(version=matching.approved_version):
            option.match_text = f"Vế phải {option.position}"
            option.save()
        make_item(bank=bank, topic=second)
    setup["part"].blueprint.filter(topic=first).update(count=4)
    papers_generate(part=setup["part"], user=None)
    return setup


def test_the_candidate_gets_his_questions_in_his_order_and_no_key(mixed):
    candidate = mixed["candidates"][0]
    paper = CandidatePaper.objects.get(candidate=candidate)
    read = candidate_paper_for_candidate(candidate=candidate, part_id=mixed["part"].pk)
    assert [q["version"] for q in read["questions"]] == [e["v"] for e in paper.layout]
    text = json.dumps(read, ensure_ascii=False)
    for word in KEY_WORDS:
        assert f'"{word}"' not in text
    assert "Hà Nội" not in text  # the fill-in item's accepted answer (the numerical one's 42 is checked below)
    for question in read["questions"]:
        entry = next(e for e in paper.layout if e["v"] == question["version"])
        assert [o["id"] for o in question["options"]] == entry["o"]
        if question["kind"] in ("fill_in", "numerical"):
            assert question["options"] == [] and set(question) == {
                "number",
                "version",
                "kind",
                "stem",
                "format",
                "points",
                "options",
            }
        if question["kind"] == "matching":
            left = [o["id"] for o in question["options"]]
            assert [m["key"] for m in question["matches"]] == [0, 1, 2]
            assert not set(m["key"] for m in question["matches"]) & set(left)
            assert sorted(m["text"] for m in question["matches"]) == ["Vế phải 0", "Vế phải 1", "Vế phải 2"]
            assert set(question["matches"][0]) == {"key", "text"}


def test_a_candidate_reads_only_his_own_paper(mixed):
    alice, bob = mixed["candidates"]
    assert (
        candidate_paper_for_candidate(candidate=alice, part_id=mixed["part"].pk)["paper"]
        != (candidate_paper_for_candidate(candidate=bob, part_id=mixed["part"].pk)["paper"])
    )
    assert candidate_paper_for_candidate(candidate=alice, part_id=mixed["part"].pk + 999) is None
    assert len(candidate_paper_list_for_candidate(candidate=alice)) == 1
