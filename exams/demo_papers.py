"""Demo papers: for each part of the demo exam sat on computers with a bank and seated candidates, a blueprint
(made from the bank if the part has none) and papers (pool mode: generated, approved and drawn). Quiet when
something is missing (no part, no bank, too few items, the first shift already started); idempotent and quick."""

from django.core.exceptions import ValidationError
from django.db import transaction

from exams.demo import DEMO_EXAM_CODE
from exams.models import Exam, PaperForm
from exams.selectors.papers import blueprint_grid, paper_parts, part_candidate_ids
from exams.services.papers import (
    bank_min_multiple,
    blueprint_save,
    paper_form_decide,
    papers_draw,
    papers_generate,
)


def demo_blueprint(part) -> list[dict]:
    """Cells taking the part's questions from the bank's cells with enough approved items (largest first)."""
    multiple = max(bank_min_multiple(exam=part.exam), 1)
    grid = blueprint_grid(part=part)
    cells = [c for row in grid["rows"] for c in row["cells"] if c["available"] >= multiple]
    cells.sort(key=lambda c: (-c["available"], c["topic"], c["difficulty"]))
    counts, left = [0] * len(cells), part.questions
    for index, cell in enumerate(cells):
        share = -(-left // (len(cells) - index))  # spread what is left evenly over the remaining cells
        counts[index] = min(cell["available"] // multiple, share, left)
        left -= counts[index]
    for index, cell in enumerate(cells):  # then fill what the spread left over from the cells' spare room
        extra = min(cell["available"] // multiple - counts[index], left)
        counts[index] += extra
        left -= extra
    plan = [
        {"topic": cell["topic"], "difficulty": cell["difficulty"], "count": count, "points": 1}
        for cell, count in zip(cells, counts, strict=True)
        if count
    ]
    return plan if left == 0 and part.questions else []


def _part_papers(part) -> str:
    if not part.blueprint.exists():
        cells = demo_blueprint(part)
        if not cells:
            return ""
        blueprint_save(part=part, cells=cells, user=None)
    if part.forms.exists() or not part_candidate_ids(part=part):
        return ""
    result = papers_generate(part=part, user=None)
    if part.exam.paper_mode == Exam.PaperMode.POOL:
        for form in part.forms.filter(status=PaperForm.Status.GENERATED):
            paper_form_decide(form=form, user=None, approve=True)
        result = papers_draw(part=part, user=None)
    return f"{part.name}: {result['forms']} papers, {result['papers']} candidates' papers"


def demo_papers_load() -> str:
    """Blueprints and papers of the demo exam's parts, where they can be made; what was made, in words."""
    exam = Exam.objects.filter(code=DEMO_EXAM_CODE).first()
    if exam is None:
        return ""
    made = []
    for part in paper_parts(exam=exam).filter(bank__isnull=False):
        try:
            with transaction.atomic():
                made.append(_part_papers(part))
        except ValidationError:  # too few items, the shift has started…: the demo goes on without papers
            continue
    return "; ".join(m for m in made if m)
