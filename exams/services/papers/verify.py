"""`papers_verify`: regenerate every paper and candidate layout of an exam from its recorded seed and inputs, and
name any that differs from what is stored or whose digest does not match (the page's button and the command); and
name a candidate whose papers of two parts of one round hold the same item (exams.services.papers.sharing)."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from common.models import AuditEntry
from common.services import audit_record
from exams.models import CandidatePaper, Exam, ItemVersion, PaperForm, PaperGeneration, Part
from exams.services.papers.drawing import FormDrawer, LayoutMaker, form_digest, paper_digest, paper_make
from exams.services.papers.generation import version_shapes


@dataclass(frozen=True)
class Difference:
    kind: str  # "form" or "paper"
    id: int
    label: str
    reason: str


@dataclass
class VerifyReport:
    exam: Exam
    forms: int = 0
    papers: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.differences

    def as_dict(self) -> dict:
        return {
            "exam": self.exam.pk,
            "forms": self.forms,
            "papers": self.papers,
            "ok": self.ok,
            "differences": [d.__dict__ for d in self.differences],
        }


def papers_verify(*, exam: Exam, user=None) -> VerifyReport:
    """Regenerate every form and candidate layout of `exam` from its seed; the report names each that differs
    (items, drawn form, order) or whose stored digest does not match its content. Recorded in the audit trail."""
    report = VerifyReport(exam=exam)
    for part in exam.parts.order_by("round", "order", "id"):
        _part_verify(part, report)
    _across_parts_verify(exam, report)
    note = _("Papers verified: %(forms)s papers, %(papers)s candidates' papers, %(bad)s differences.") % {
        "forms": report.forms,
        "papers": report.papers,
        "bad": len(report.differences),
    }
    audit_record(actor=user, action=AuditEntry.Action.VIEW, obj=exam, scope=exam, note=note)
    return report


def _part_verify(part: Part, report: VerifyReport) -> None:
    generations = {g.pk: g for g in part.paper_generations.all()}
    items_of = _forms_verify(part, generations, report)
    _papers_verify(part, generations, items_of, report)


def _forms_verify(part: Part, generations: dict, report: VerifyReport) -> dict[int, list]:
    item_of = {v: i for g in generations.values() for cell in g.cells for i, v in cell["pool"]}
    uses: Counter = Counter()
    drawers: dict[int, FormDrawer] = {}
    items_of: dict[int, list] = {}
    for form in part.forms.order_by("number"):
        report.forms += 1
        label = _("%(part)s, paper %(number)s") % {"part": part.name, "number": form.number}

        def differs(reason, form=form, label=label):
            report.differences.append(Difference("form", form.pk, label, reason))

        if form.digest != form_digest(part_id=part.pk, number=form.number, seed=form.seed, items=form.items):
            differs(_("its digest does not match its content"))
        generation = generations.get(form.generation_id)
        if generation is None or generation.kind == PaperGeneration.Kind.DRAW:
            differs(_("no record of how it was generated"))
            items_of[form.pk] = form.items
            continue
        if generation.pk not in drawers:
            drawers[generation.pk] = FormDrawer(generation.cells, dict(uses))
        items = items_of[form.pk] = drawers[generation.pk].form(form.seed)
        if items != form.items:
            differs(_("its questions differ from those its seed gives"))
        uses.update(item_of[version] for version, _points in items)
    return items_of


def _papers_verify(part: Part, generations: dict, items_of: dict, report: VerifyReport) -> None:
    shapes = version_shapes(version_ids={v for items in items_of.values() for v, _p in items})
    makers: dict[int, LayoutMaker] = {}
    rows = part.candidate_papers.order_by("pk").values_list(
        "pk", "candidate_id", "candidate__candidate_number", "form_id", "seed", "layout", "digest", "generation_id"
    )
    for pk, candidate_id, number, form_id, seed, layout, digest, generation_id in rows.iterator(chunk_size=2000):
        report.papers += 1
        label = _("%(part)s, candidate %(number)s") % {"part": part.name, "number": number or candidate_id}

        def differs(reason, pk=pk, label=label):
            report.differences.append(Difference("paper", pk, label, reason))

        if digest != paper_digest(
            candidate_id=candidate_id, part_id=part.pk, form_id=form_id, seed=seed, layout=layout
        ):
            differs(_("its digest does not match its content"))
        generation = generations.get(generation_id)
        if generation is None:
            differs(_("no record of how it was generated"))
            continue
        if generation.pk not in makers:
            makers[generation.pk] = LayoutMaker(
                shapes, shuffle_questions=generation.shuffle_questions, shuffle_options=generation.shuffle_options
            )
        expected = _paper_expected(seed, generation, form_id, items_of, makers[generation.pk])
        if expected is None or expected[0] != form_id:
            differs(_("its seed draws another paper"))
        elif expected[1] != layout:
            differs(_("its order of questions or options differs from the one its seed gives"))


def _paper_expected(seed, generation, form_id, items_of, maker):
    draw_from = generation.forms if generation.kind == PaperGeneration.Kind.DRAW else None
    try:
        return paper_make(
            seed,
            form_id=form_id,
            draw_from=draw_from,
            items_of=items_of,
            maker=maker,
        )
    except KeyError:  # the form it names (or draws) is gone, or an item's options are
        return None


def _across_parts_verify(exam: Exam, report: VerifyReport) -> None:
    """A candidate's papers of two parts of one round that hold the same item (any version): the later part's
    paper is named. Nothing to read when no round has two parts with papers."""
    rounds = dict(exam.parts.filter(candidate_papers__isnull=False).distinct().values_list("pk", "round"))
    if len(rounds) == len(set(rounds.values())):
        return
    names = dict(exam.parts.values_list("pk", "name"))
    forms = dict(PaperForm.objects.filter(part_id__in=rounds).values_list("pk", "items"))
    versions = {version for items in forms.values() for version, _points in items}
    item_of = dict(ItemVersion.objects.filter(pk__in=versions).values_list("pk", "item_id"))
    items = {pk: {item_of.get(version) for version, _points in entries} for pk, entries in forms.items()}
    rows = CandidatePaper.objects.filter(part_id__in=rounds).order_by("candidate_id", "part__order", "part_id")
    seen: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (candidate, round) -> [(part, form)]
    fields = ("pk", "candidate_id", "candidate__candidate_number", "part_id", "form_id")
    for pk, candidate_id, number, part_id, form_id in rows.values_list(*fields).iterator(chunk_size=2000):
        earlier = seen.setdefault((candidate_id, rounds[part_id]), [])
        for other_part, other_form in earlier:
            common = len(items.get(form_id, set()) & items.get(other_form, set()))
            if common:
                label = _("%(part)s, candidate %(number)s") % {"part": names[part_id], "number": number or candidate_id}
                reason = _("it holds %(count)s item(s) of his paper of “%(other)s” too") % {
                    "count": common,
                    "other": names[other_part],
                }
                report.differences.append(Difference("paper", pk, label, reason))
        earlier.append((part_id, form_id))
