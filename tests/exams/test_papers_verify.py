"""`papers_verify` (service and command) regenerates every paper from its seed and names any that differs."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from exams.models import CandidatePaper, PaperForm
from exams.services.papers import papers_generate, papers_verify
from exams.services.papers.drawing import paper_digest
from tests.exams.factories_papers import paper_setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    setup = paper_setup(candidates=4)
    papers_generate(part=setup["part"], user=None)
    return setup


def test_a_tampered_layout_is_named_even_with_a_matching_digest(generated):
    paper = CandidatePaper.objects.order_by("pk").first()
    layout = list(reversed(paper.layout))  # the questions in another order…
    paper.layout = layout
    paper.digest = paper_digest(  # …and a digest recomputed to hide it
        candidate_id=paper.candidate_id, part_id=paper.part_id, form_id=paper.form_id, seed=paper.seed, layout=layout
    )
    paper.save()
    report = papers_verify(exam=generated["exam"])
    assert [(d.kind, d.id) for d in report.differences] == [("paper", paper.pk)]
    assert paper.candidate.candidate_number in report.differences[0].label


def test_a_layout_changed_without_its_digest_is_named_twice_over(generated):
    paper = CandidatePaper.objects.order_by("pk").last()
    paper.layout[0]["o"] = list(reversed(paper.layout[0]["o"]))
    paper.save()
    reasons = [d.reason for d in papers_verify(exam=generated["exam"]).differences]
    assert len(reasons) == 2


def test_a_tampered_form_is_named(generated):
    form = PaperForm.objects.get(number=2)
    form.items[0][1] = "9.00"
    form.save()
    report = papers_verify(exam=generated["exam"])
    assert {("form", form.pk)} <= {(d.kind, d.id) for d in report.differences}


def test_the_command_names_what_differs_and_exits_non_zero(generated, capsys, english):
    call_command("papers_verify", "--exam", str(generated["exam"].pk))
    assert "4 papers, 4 candidates' papers checked, 0 differences" in capsys.readouterr().out
    paper = CandidatePaper.objects.order_by("pk").first()
    paper.seed += 1
    paper.save()
    with pytest.raises(CommandError) as failed:
        call_command("papers_verify", "--exam", generated["exam"].code)
    assert failed.value.returncode == 1
    assert f"DIFFERS paper #{paper.pk}" in capsys.readouterr().out
