"""Generating papers for a part: the checks (blueprint, bank size per cell, not after the first shift, no attempt
yet), the forms, the candidates' layouts, and the writes (bulk, in large batches, in one transaction).

Per-candidate mode makes one form per candidate and his layout at once; pool mode makes `Exam.pool_size` forms for
the board to review (exams.services.papers.review), and the draw gives each candidate one approved form.
"""

import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.models import AuditEntry
from common.services import audit_record
from common.statistics import tables_analyze_on_commit
from exams.models import (
    Attempt,
    CandidatePaper,
    Difficulty,
    Exam,
    ItemOption,
    ItemVersion,
    PaperForm,
    PaperGeneration,
    Part,
)
from exams.rules.bank import bank_check
from exams.selectors.papers import PAPER_MODES, cell_pools, part_candidate_ids
from exams.selectors.reference import profile_rules
from exams.services.papers.drawing import (
    MATCHING,
    SEED_BITS,
    FormDrawer,
    LayoutMaker,
    VersionShape,
    canonical,
    form_digest,
    form_seeds,
    paper_digest,
    paper_make,
    seeds,
)
from exams.services.papers.sharing import pools_split
from exams.services.papers.writing import candidate_papers_insert, paper_forms_insert

BATCH = 2000
Progress = Callable[[int, int, str], None]


def _silent(done: int, total: int, message: str) -> None:
    return None


# --- the rules the generator obeys ------------------------------------------------------------------------
def bank_min_multiple(*, exam: Exam) -> int:
    """How many times what a paper takes a cell's approved items must be on the exam's date (TT 22/2025: 3; 0 when
    the profile sets no minimum then): the profile's bank rule through the pure check of exams.rules."""
    rule = profile_rules(profile=exam.profile).bank
    return bank_check(rule, paper_questions=1, approved_items=0, on=exam.held_on).minimum


def attempts_exist(*, exam: Exam) -> bool:
    """Whether a candidate of `exam` has started an attempt (an attempt prepared and waiting does not count)."""
    return Attempt.objects.filter(candidate__exam=exam, started_at__isnull=False).exists()


def papers_replace_check(*, exam: Exam) -> None:
    """Papers may be made or replaced only before the exam's first shift starts and while no attempt exists."""
    first = exam.shifts.order_by("starts_at").first()
    if first is not None and first.starts_at <= timezone.now():
        when = date_format(timezone.localtime(first.starts_at), "SHORT_DATETIME_FORMAT")
        message = _("The exam's first shift started at %(when)s: papers can no longer be made or replaced.")
        raise ApplicationError(message % {"when": when}, field="exam")
    if attempts_exist(exam=exam):
        raise ApplicationError(_("Candidates have started the exam: papers can no longer be replaced."), field="exam")


def cell_label(*, topic_name: str, difficulty: int) -> str:
    return f"{topic_name} · {Difficulty(difficulty).label}"


@dataclass
class Plan:
    """What a generation draws from: the blueprint cells with their pools (as stored in PaperGeneration.cells)."""

    part: Part
    cells: list[dict]


def _part_ready_check(part: Part) -> None:
    if part.mode not in PAPER_MODES or part.bank_id is None:
        raise ApplicationError(_("Papers are made only for a computer-based part with a question bank."), field="part")
    total = sum(part.blueprint.values_list("count", flat=True))
    if total != part.questions:
        message = _("The blueprint takes %(total)s questions, but the part has %(questions)s.")
        raise ApplicationError(message % {"total": total, "questions": part.questions}, field="blueprint")


def plan_make(*, part: Part) -> Plan:
    """The cells and pools a generation would draw from; refused, naming every cell, when a cell's approved items
    are fewer than the profile's multiple (TT 22/2025: three times) of what a paper takes from it. Items the part
    shares with another part of the shift are split between them first (exams.services.papers.sharing)."""
    _part_ready_check(part)
    multiple = bank_min_multiple(exam=part.exam)
    blueprint = list(part.blueprint.select_related("topic").order_by("topic__order", "topic__name", "difficulty"))
    labels = {
        (c.topic_id, c.difficulty): cell_label(topic_name=c.topic.name, difficulty=c.difficulty) for c in blueprint
    }
    whole = cell_pools(part=part)
    pools, shared = pools_split(part=part, pools=whole, multiple=multiple, labels=labels)
    cells, errors = [], dict(shared)
    for cell in blueprint:
        key, needed = (cell.topic_id, cell.difficulty), max(multiple * cell.count, cell.count)
        if len(whole[key]) < needed:
            message = _(
                "Cell %(cell)s: %(available)s approved items, fewer than %(multiple)s × %(count)s = %(needed)s "
                "(a bank holds at least %(multiple)s times what a paper takes, TT 22/2025)."
            )
            values = {"cell": labels[key], "available": len(whole[key]), "count": cell.count, "needed": needed}
            errors[f"cell-{cell.topic_id}-{cell.difficulty}"] = [message % {**values, "multiple": multiple}]
        points = str(cell.points)
        cells.append({"topic": cell.topic_id, "difficulty": cell.difficulty, "count": cell.count, "points": points})
        cells[-1]["pool"] = pools[key]
    if errors:
        raise ValidationError(errors)
    return Plan(part=part, cells=cells)


# --- what layouts need of item versions ---------------------------------------------------------------------
def version_shapes(*, version_ids) -> dict[int, VersionShape]:
    """Kind, shuffle setting and option ids (authoring order) of each version, for `layout_make`."""
    kinds = dict(ItemVersion.objects.filter(pk__in=version_ids).values_list("pk", "kind"))
    shuffles = dict(ItemVersion.objects.filter(pk__in=version_ids).values_list("pk", "shuffle_options"))
    options: dict[int, list] = {}
    matches: dict[int, list] = {}
    rows = ItemOption.objects.filter(version_id__in=version_ids).order_by("version_id", "position")
    for version, option, text, match_text in rows.values_list("version_id", "pk", "text", "match_text"):
        if kinds[version] != MATCHING or text.strip():
            options.setdefault(version, []).append(option)
        if kinds[version] == MATCHING and match_text.strip():
            matches.setdefault(version, []).append(option)
    return {v: VersionShape(kinds[v], shuffles[v], tuple(options.get(v, ())), tuple(matches.get(v, ()))) for v in kinds}


def _plan_versions(cells: list[dict]) -> list[int]:
    return [version for cell in cells for _item, version in cell["pool"]]


# --- writing -----------------------------------------------------------------------------------------------
def _generation_create(*, part: Part, kind: str, user, cells=(), forms=()) -> PaperGeneration:
    exam = part.exam
    return PaperGeneration.objects.create(
        part=part,
        kind=kind,
        seed=secrets.randbits(SEED_BITS),
        mode=exam.paper_mode,
        shuffle_questions=exam.shuffle_questions,
        shuffle_options=exam.shuffle_options,
        cells=list(cells),
        forms=list(forms),
        created_by=user if getattr(user, "pk", None) else None,
    )


def _forms_write(
    *,
    part: Part,
    generation: PaperGeneration,
    drawer: FormDrawer,
    form_seeds,
    first_number: int,
    progress: Progress,
    done: int,
    total: int,
) -> list[PaperForm]:
    forms, texts = [], []
    for offset, seed in enumerate(form_seeds):
        number = first_number + offset
        items = drawer.form(seed)
        text = canonical(items)
        digest = form_digest(part_id=part.pk, number=number, seed=seed, items=items, items_json=text)
        forms.append(PaperForm(part=part, number=number, seed=seed, items=items, digest=digest, generation=generation))
        texts.append(text)
    paper_forms_insert(forms, texts, lambda n: progress(done + n, total, _("Writing the papers")))
    return forms


def _papers_write(*, part, generation, pairs, forms: dict[int, PaperForm], shapes, progress, done, total) -> int:
    """Lay out and write the candidates' papers of a generation: `pairs` is [(candidate id, his own form id, or
    None when he draws one from the generation's approved forms)]."""
    draw_from = generation.forms if generation.kind == PaperGeneration.Kind.DRAW else None
    items_of = {form_id: form.items for form_id, form in forms.items()}
    maker = LayoutMaker(
        shapes, shuffle_questions=generation.shuffle_questions, shuffle_options=generation.shuffle_options
    )
    rows = []
    for (candidate_id, own_form), seed in zip(pairs, seeds(generation.seed, len(pairs)), strict=True):
        form_id, layout = paper_make(
            seed,
            form_id=own_form,
            draw_from=draw_from,
            items_of=items_of,
            maker=maker,
        )
        text = canonical(layout)
        digest = paper_digest(
            candidate_id=candidate_id, part_id=part.pk, form_id=form_id, seed=seed, layout=layout, layout_json=text
        )
        rows.append((candidate_id, form_id, seed, layout, text, digest))
    candidate_papers_insert(
        part_id=part.pk,
        generation_id=generation.pk,
        rows=rows,
        progress=lambda n: progress(done + n, total, _("Writing the candidates' papers")),
    )
    return len(rows)


def _versions_mark_used(forms: list[PaperForm]) -> None:
    used = sorted({version for form in forms for version, _points in form.items})
    for start in range(0, len(used), BATCH):
        ItemVersion.objects.filter(pk__in=used[start : start + BATCH], used=False).update(used=True)


def _papers_clear(part: Part) -> int:
    removed = part.candidate_papers.count()
    part.candidate_papers.all().delete()
    part.forms.all().delete()
    part.paper_generations.all().delete()
    return removed


# --- the services ----------------------------------------------------------------------------------------
@transaction.atomic
def papers_generate_check(*, part: Part):
    """Refuse, naming why, what `papers_generate` would refuse: papers no longer replaceable, a blueprint the bank
    cannot fill (the cell named), no seated candidate (a paper per candidate), an empty pool. Returns the plan and
    the candidates' ids, so that the page refuses at once instead of queuing a job that fails."""
    exam = part.exam
    papers_replace_check(exam=exam)
    plan = plan_make(part=part)
    per_candidate = exam.paper_mode == Exam.PaperMode.PER_CANDIDATE
    candidate_ids = part_candidate_ids(part=part) if per_candidate else []
    if per_candidate and not candidate_ids:
        raise ApplicationError(_("No seated candidate sits this part yet: seat the candidates first."), field="part")
    if not per_candidate and exam.pool_size < 1:
        raise ApplicationError(_("Set how many papers the pool holds."), field="pool_size")
    return plan, candidate_ids


def papers_generate(*, part: Part, user, progress: Progress = _silent) -> dict:
    """Make the papers of `part`, replacing any it had: per-candidate mode, a form and a layout per candidate;
    pool mode, `pool_size` forms for the board to review. All or nothing; refused before writing anything when a
    check fails (blueprint, bank size by cell, first shift started, attempts exist)."""
    exam = part.exam
    plan, candidate_ids = papers_generate_check(part=part)
    per_candidate = exam.paper_mode == Exam.PaperMode.PER_CANDIDATE
    count = len(candidate_ids) if per_candidate else exam.pool_size
    total = count * (2 if per_candidate else 1)
    progress(0, total, _("Generating papers"))
    replaced = _papers_clear(part)
    generation = _generation_create(part=part, kind=PaperGeneration.Kind.FORMS, user=user, cells=plan.cells)
    drawer = FormDrawer(plan.cells, {})
    forms = _forms_write(
        part=part,
        generation=generation,
        drawer=drawer,
        form_seeds=form_seeds(generation.seed, count),
        first_number=1,
        progress=progress,
        done=0,
        total=total,
    )
    if per_candidate:
        shapes = version_shapes(version_ids=_plan_versions(plan.cells))
        pairs = [(cid, form.pk) for cid, form in zip(candidate_ids, forms, strict=True)]
        _papers_write(
            part=part,
            generation=generation,
            pairs=pairs,
            forms={f.pk: f for f in forms},
            shapes=shapes,
            progress=progress,
            done=count,
            total=total,
        )
    _versions_mark_used(forms)
    tables_analyze_on_commit(models=(PaperForm, CandidatePaper), rows=len(forms) + len(candidate_ids))
    summary = {"part": part.pk, "forms": len(forms), "papers": len(candidate_ids), "replaced_papers": replaced}
    audit_record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        obj=generation,
        scope=exam,
        note=_("%(forms)s papers generated, %(papers)s candidates' papers.") % summary,
    )
    return summary


def _item_uses(forms) -> Counter:
    item_of = dict(
        ItemVersion.objects.filter(pk__in={v for f in forms for v, _p in f.items}).values_list("pk", "item_id")
    )
    return Counter(item_of[version] for form in forms for version, _points in form.items)


@transaction.atomic
def paper_form_regenerate(*, form: PaperForm, user) -> PaperForm:
    """Generate again a paper the board rejected (pool mode): a new paper, numbered after the last, drawn from the
    bank as it is now and balanced against every paper of the part; the rejected one stays, rejected."""
    part = form.part
    papers_replace_check(exam=part.exam)
    if form.status != PaperForm.Status.REJECTED:
        raise ApplicationError(_("Only a rejected paper can be generated again."), field="form")
    plan = plan_make(part=part)
    earlier = list(part.forms.order_by("number"))
    generation = _generation_create(part=part, kind=PaperGeneration.Kind.REGENERATE, user=user, cells=plan.cells)
    drawer = FormDrawer(plan.cells, dict(_item_uses(earlier)))
    number = earlier[-1].number + 1
    (created,) = _forms_write(
        part=part,
        generation=generation,
        drawer=drawer,
        form_seeds=form_seeds(generation.seed, 1),
        first_number=number,
        progress=_silent,
        done=0,
        total=1,
    )
    _versions_mark_used([created])
    audit_record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        obj=created,
        scope=part.exam,
        note=_("Paper %(new)s generated in place of rejected paper %(old)s.") % {"new": number, "old": form.number},
    )
    return created


def papers_draw_check(*, part: Part) -> tuple[list[PaperForm], list[int]]:
    """The approved forms and the candidates of a draw; refused with the reason when a draw may not run."""
    exam = part.exam
    if exam.paper_mode != Exam.PaperMode.POOL:
        raise ApplicationError(_("Papers are drawn only in pool mode."), field="part")
    papers_replace_check(exam=exam)
    undecided = part.forms.filter(status=PaperForm.Status.GENERATED).count()
    if undecided:
        message = _("Approve or reject every paper first: %(count)s not reviewed yet.")
        raise ApplicationError(message % {"count": undecided}, field="part")
    forms = list(part.forms.filter(status=PaperForm.Status.APPROVED).order_by("number"))
    if not forms:
        raise ApplicationError(_("No paper of this part is approved."), field="part")
    candidate_ids = part_candidate_ids(part=part)
    if not candidate_ids:
        raise ApplicationError(_("No seated candidate sits this part yet: seat the candidates first."), field="part")
    return forms, candidate_ids


@transaction.atomic
def papers_draw(*, part: Part, user, progress: Progress = _silent) -> dict:
    """Give each candidate of `part` one approved form (seeded draw) and his layout, replacing an earlier draw."""
    forms, candidate_ids = papers_draw_check(part=part)
    total = len(candidate_ids)
    progress(0, total, _("Drawing papers"))
    replaced = part.candidate_papers.count()
    part.candidate_papers.all().delete()
    part.paper_generations.filter(kind=PaperGeneration.Kind.DRAW).delete()
    generation = _generation_create(
        part=part, kind=PaperGeneration.Kind.DRAW, user=user, forms=[form.pk for form in forms]
    )
    shapes = version_shapes(version_ids={v for form in forms for v, _p in form.items})
    pairs = [(candidate_id, None) for candidate_id in candidate_ids]
    _papers_write(
        part=part,
        generation=generation,
        pairs=pairs,
        forms={f.pk: f for f in forms},
        shapes=shapes,
        progress=progress,
        done=0,
        total=total,
    )
    summary = {"part": part.pk, "forms": len(forms), "papers": total, "replaced_papers": replaced}
    audit_record(
        actor=user,
        action=AuditEntry.Action.CREATE,
        obj=generation,
        scope=part.exam,
        note=_("%(papers)s candidates drew one of %(forms)s approved papers.") % summary,
    )
    return summary
