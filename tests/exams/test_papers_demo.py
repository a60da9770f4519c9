"""The papers' demo loader: a blueprint and papers for the demo exam's parts that can have them, once."""

import pytest

from exams.demo import demo_load
from exams.demo_papers import demo_blueprint, demo_papers_load
from exams.models import CandidatePaper, Exam, PaperForm, Part
from tests.exams.factories_papers import make_bank, make_items, make_topic

pytestmark = pytest.mark.django_db


def test_without_parts_the_loader_does_nothing():
    assert demo_papers_load() == ""
    demo_load()
    assert demo_papers_load() == ""


@pytest.mark.parametrize("mode", [Exam.PaperMode.PER_CANDIDATE, Exam.PaperMode.POOL])
def test_the_demo_exam_gets_a_blueprint_and_papers_once(mode):
    demo_load()
    exam = Exam.objects.get(code="DEMO-2026")
    Exam.objects.filter(pk=exam.pk).update(paper_mode=mode, pool_size=3)
    bank = make_bank("DEMO-KTC")
    for i in range(2):
        make_items(bank=bank, topic=make_topic(bank, f"Chủ đề {i}", order=i), difficulty=1 + i, n=10)
    part = Part.objects.create(exam=exam, key="general", name="Kiến thức chung", bank=bank, questions=5, minutes=30)
    Part.objects.create(exam=exam, key="language", name="Tiếng Anh", bank=None, questions=5, minutes=30)
    assert "Kiến thức chung" in demo_papers_load()
    assert sum(part.blueprint.values_list("count", flat=True)) == 5
    counts = (PaperForm.objects.count(), CandidatePaper.objects.count())
    assert counts[1] == 1  # the demo candidate
    assert demo_papers_load() == ""
    assert (PaperForm.objects.count(), CandidatePaper.objects.count()) == counts


def test_the_demo_blueprint_uses_every_cells_room_when_spreading_evenly_falls_short():
    demo_load()
    exam = Exam.objects.get(code="DEMO-2026")
    bank = make_bank("DEMO-KTC")
    for i, n in enumerate((12, 3, 3)):  # room for 4 + 1 + 1 questions at three times each
        make_items(bank=bank, topic=make_topic(bank, f"Chủ đề {i}", order=i), difficulty=1, n=n)
    part = Part.objects.create(exam=exam, key="general", name="Kiến thức chung", bank=bank, questions=6, minutes=30)
    cells = demo_blueprint(part)
    assert sorted(c["count"] for c in cells) == [1, 1, 4]
