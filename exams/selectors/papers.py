"""Reads of papers: what the board may open (scoped), a part's blueprint grid and pools, who sits a part, the
papers' exposure and difficulty spread, and the candidate's own paper without its key."""

from collections import Counter
from collections.abc import Callable

from django.db.models import QuerySet

from exams.models import (
    Candidate,
    CandidateClaim,
    CandidatePaper,
    Difficulty,
    Exam,
    Item,
    ItemOption,
    ItemVersion,
    PaperForm,
    PaperGeneration,
    Part,
    Topic,
)
from exams.selectors.banks import topic_subtree_ids
from exams.selectors.setup import exam_get_for_user

PAPER_MODES = (Part.Mode.COMPUTER, Part.Mode.COMPUTER_ESSAY)


# --- scoped access ----------------------------------------------------------------------------------
def part_get_for_user(*, exam_id: int, part_id: int, user) -> Part | None:
    """A part of an exam the user's board manages, else None (the same answer for "not there" and "not yours")."""
    exam = exam_get_for_user(exam_id=exam_id, user=user)
    if exam is None:
        return None
    return Part.objects.select_related("exam__profile", "bank", "position").filter(exam=exam, pk=part_id).first()


def paper_form_get_for_user(*, exam_id: int, form_id: int, user) -> PaperForm | None:
    """A paper of an exam the user's board manages, else None."""
    exam = exam_get_for_user(exam_id=exam_id, user=user)
    if exam is None:
        return None
    return PaperForm.objects.select_related("part__exam", "generation").filter(part__exam=exam, pk=form_id).first()


def papers_job_get_for_user(*, exam: Exam, job_id, user):
    """A generation or draw job of a part of `exam` that `user` started (jobs are their owner's), else None."""
    from common.selectors import job_get_for_user
    from exams.services.papers.jobs import KINDS

    job = job_get_for_user(job_id=job_id, user=user)
    if job is None or job.kind not in KINDS or not exam.parts.filter(pk=job.params.get("part")).exists():
        return None
    return job


def paper_parts(*, exam: Exam) -> QuerySet[Part]:
    """The parts of `exam` that are sat on computers with items from a bank (the ones papers are made for)."""
    return exam.parts.filter(mode__in=PAPER_MODES).select_related("bank", "position").order_by("round", "order", "id")


# --- who sits a part ------------------------------------------------------------------------------------
def part_candidate_ids(*, part: Part) -> list[int]:
    """Ids of the candidates who sit `part`: seated in a room session, not withdrawn or ineligible, of the part's
    position if it has one, and without an accepted exemption from it; in id order."""
    candidates = Candidate.objects.filter(exam_id=part.exam_id, room_session__isnull=False).exclude(
        status__in=[Candidate.Status.WITHDRAWN, Candidate.Status.INELIGIBLE]
    )
    if part.position_id is not None:
        candidates = candidates.filter(position_id=part.position_id)
    exempt = CandidateClaim.objects.filter(
        kind=CandidateClaim.Kind.EXEMPTION, status=CandidateClaim.Status.ACCEPTED, part_key=part.key
    ).values("candidate_id")
    return list(candidates.exclude(pk__in=exempt).order_by("pk").values_list("pk", flat=True))


# --- blueprint ------------------------------------------------------------------------------------------
def _approved_items(bank_id: int) -> list[tuple[int, int, int, int]]:
    """(item, topic, difficulty, approved version) of the bank's items that papers may draw."""
    return list(
        Item.objects.filter(
            bank_id=bank_id,
            retired=False,
            approved_version__isnull=False,
            approved_version__status=ItemVersion.Status.APPROVED,
        )
        .order_by("pk")
        .values_list("pk", "topic_id", "difficulty", "approved_version_id")
    )


def cell_pools(*, part: Part, cells: list[tuple[int, int]] | None = None) -> dict[tuple[int, int], list]:
    """For each (topic, difficulty) cell of the blueprint (or of `cells`), the approved items it draws from:
    [[item id, version id]] in item order. A cell takes its topic's subtopics, except those with a cell of their
    own at that difficulty, so no item belongs to two cells."""
    if cells is None:
        cells = list(part.blueprint.values_list("topic_id", "difficulty"))
    subtrees = {topic: topic_subtree_ids(topic_ids=[topic]) for topic in {t for t, _d in cells}}
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # (topic, difficulty) -> the deepest cell that takes it
    for topic, difficulty in sorted(cells, key=lambda cell: -len(subtrees[cell[0]])):  # widest first
        for sub in subtrees[topic]:
            owner[(sub, difficulty)] = (topic, difficulty)
    pools: dict[tuple[int, int], list] = {cell: [] for cell in cells}
    for item, topic, difficulty, version in _approved_items(part.bank_id) if part.bank_id else []:
        cell = owner.get((topic, difficulty))
        if cell is not None:
            pools[cell].append([item, version])
    return pools


def _topic_rows(bank_id: int) -> list[dict]:
    """The bank's topics in tree order with their depth."""
    topics = list(Topic.objects.filter(bank_id=bank_id).order_by("order", "name").values("pk", "parent_id", "name"))
    children: dict[int | None, list] = {}
    for topic in topics:
        children.setdefault(topic["parent_id"], []).append(topic)
    rows: list[dict] = []

    def walk(parent, depth):
        for topic in children.get(parent, []):
            rows.append({**topic, "depth": depth})
            walk(topic["pk"], depth + 1)

    walk(None, 0)
    return rows


def blueprint_grid(*, part: Part) -> dict:
    """The blueprint editor's grid: one row per topic of the part's bank (tree order), one column per difficulty;
    each cell with the approved items it would draw from, its count and points; and the total."""
    difficulties = list(Difficulty)
    saved = {(c.topic_id, c.difficulty): c for c in part.blueprint.all()}
    topics = _topic_rows(part.bank_id) if part.bank_id else []
    pools = cell_pools(part=part, cells=[(t["pk"], d.value) for t in topics for d in difficulties])
    rows = []
    for topic in topics:
        cells = []
        for difficulty in difficulties:
            cell = saved.get((topic["pk"], difficulty.value))
            cells.append(
                {
                    "key": f"cell-{topic['pk']}-{difficulty.value}",
                    "topic": topic["pk"],
                    "difficulty": difficulty.value,
                    "available": len(pools[(topic["pk"], difficulty.value)]),
                    "count": cell.count if cell else 0,
                    "points": cell.points if cell else None,
                }
            )
        rows.append({"topic": topic, "cells": cells})
    total = sum(c.count for c in saved.values())
    return {"difficulties": difficulties, "rows": rows, "total": total, "questions": part.questions}


# --- exposure and difficulty spread -----------------------------------------------------------------------
# Item statistics arrive with item analysis (Exams III): it registers a source of facility values (the share of
# candidates who got the item right, 0..1) per item version. Until one is registered there are no statistics.
_facility_sources: list[Callable[[list[int]], dict[int, float]]] = []


def item_facility_source_register(source: Callable[[list[int]], dict[int, float]]) -> None:
    """Add a source of item facility values: `source(version_ids)` → {version id: facility 0..1}."""
    if source not in _facility_sources:
        _facility_sources.append(source)


def item_facility(*, version_ids: list[int]) -> dict[int, float]:
    """Facility (0..1) of each item version that has statistics; {} before any item analysis."""
    found: dict[int, float] = {}
    for source in _facility_sources:
        found.update(source(version_ids))
    return found


def _live_forms(part: Part) -> QuerySet[PaperForm]:
    return part.forms.exclude(status=PaperForm.Status.REJECTED)


def papers_part_summary(*, part: Part) -> dict:
    """What the papers page shows of a part: forms by status, candidate papers, who must sit it, exposure (fewest
    and most uses of an item among the papers candidates can get: for the part and within each blueprint cell,
    where balance is kept) and the spread of expected difficulty between forms (None without item statistics)."""
    from exams.services.papers.drawing import expected_score, exposure

    forms = list(_live_forms(part).values_list("items", flat=True))
    latest = paper_generation_latest(part=part, kinds=[PaperGeneration.Kind.FORMS, PaperGeneration.Kind.REGENERATE])
    generations = list(part.paper_generations.exclude(kind=PaperGeneration.Kind.DRAW).values_list("cells", flat=True))
    item_of = {version: item for cells in generations for cell in cells for item, version in cell["pool"]}
    uses: Counter = Counter()
    for items in forms:
        uses.update(item_of[version] for version, _points in items if version in item_of)
    cells = [
        {
            "topic": cell["topic"],
            "difficulty": cell["difficulty"],
            "pool": len(cell["pool"]),
            "exposure": exposure(uses, [item for item, _version in cell["pool"]]),
        }
        for cell in (latest.cells if latest else [])
    ]
    pool_items = {item for cells_ in generations for cell in cells_ for item, _version in cell["pool"]}
    low, high = exposure(uses, pool_items)
    facility = item_facility(version_ids=sorted({v for items in forms for v, _p in items}))
    scores = [s for s in (expected_score(items, facility) for items in forms) if s is not None] if facility else []
    statuses = Counter(part.forms.values_list("status", flat=True))
    return {
        "part": part,
        "forms": sum(statuses.values()),
        "approved": statuses.get(PaperForm.Status.APPROVED, 0),
        "rejected": statuses.get(PaperForm.Status.REJECTED, 0),
        "undecided": statuses.get(PaperForm.Status.GENERATED, 0),
        "papers": part.candidate_papers.count(),
        "candidates": len(part_candidate_ids(part=part)),
        "pool_items": len(pool_items),
        "exposure_min": low,
        "exposure_max": high,
        "cell_imbalance": max((hi - lo for _c in cells for lo, hi in [_c["exposure"]]), default=0),
        "cells": cells,
        "difficulty": _spread(scores),
        "blueprint_total": sum(part.blueprint.values_list("count", flat=True)),
    }


def _spread(scores: list[float]) -> dict | None:
    if not scores:
        return None
    return {"min": min(scores), "max": max(scores), "spread": max(scores) - min(scores), "forms": len(scores)}


def paper_form_list(*, part: Part) -> QuerySet[PaperForm]:
    """The forms of a part by number."""
    return part.forms.order_by("number")


def paper_form_detail(*, form: PaperForm) -> list[dict]:
    """A form's items in order with their content and key (for the board's preview only)."""
    versions = {v.pk: v for v in ItemVersion.objects.filter(pk__in=[v for v, _p in form.items]).select_related("item")}
    options: dict[int, list] = {}
    for option in ItemOption.objects.filter(version_id__in=versions).order_by("version_id", "position"):
        options.setdefault(option.version_id, []).append(option)
    return [
        {"number": n, "version": versions.get(v), "points": p, "options": options.get(v, [])}
        for n, (v, p) in enumerate(form.items, start=1)
    ]


def paper_generation_latest(*, part: Part, kinds=None) -> PaperGeneration | None:
    generations = part.paper_generations.all()
    if kinds:
        generations = generations.filter(kind__in=kinds)
    return generations.order_by("-id").first()


# --- the candidate's paper (read by the live exam): no key --------------------------------------------------------
CANDIDATE_VERSION_FIELDS = ("pk", "kind", "stem", "stem_format")


def candidate_paper_for_candidate(*, candidate: Candidate, part_id: int) -> dict | None:
    """The paper `candidate` receives for part `part_id`, in his order: questions with their text and options, and
    nothing of the key (no fraction, feedback, accepted answers, values or tolerances, and matching pairs only as
    two separately ordered columns). None if he has no paper for that part."""
    return candidate_papers_for_candidates(candidate_ids=[candidate.pk], part_id=part_id).get(candidate.pk)


def candidate_papers_for_candidates(*, candidate_ids, part_id: int) -> dict[int, dict]:
    """Candidate id → his paper for part `part_id` as candidate_paper_for_candidate gives it, for many candidates in
    three queries (a room's papers made ready before its candidates connect); candidates without one are absent."""
    papers = list(CandidatePaper.objects.filter(candidate_id__in=candidate_ids, part_id=part_id).select_related("form"))
    version_ids = {entry["v"] for paper in papers for entry in paper.layout}
    versions = {
        row["pk"]: row for row in ItemVersion.objects.filter(pk__in=version_ids).values(*CANDIDATE_VERSION_FIELDS)
    }
    option_ids = {o for paper in papers for entry in paper.layout for o in entry["o"] + entry.get("m", [])}
    texts = {o["pk"]: o for o in ItemOption.objects.filter(pk__in=option_ids).values("pk", "text", "match_text")}
    read = {}
    for paper in papers:
        points = {version: points for version, points in paper.form.items}
        read[paper.candidate_id] = {
            "part": part_id,
            "paper": paper.pk,
            "digest": paper.digest,
            "questions": [
                _candidate_question(n, entry, versions, texts, points) for n, entry in enumerate(paper.layout, 1)
            ],
        }
    return read


def _candidate_question(number: int, entry: dict, versions: dict, texts: dict, points: dict) -> dict:
    version = versions[entry["v"]]
    question = {
        "number": number,
        "version": entry["v"],
        "kind": version["kind"],
        "stem": version["stem"],
        "format": version["stem_format"],
        "points": str(points.get(entry["v"], "")),
        "options": [{"id": o, "text": texts[o]["text"]} for o in entry["o"]],
    }
    if "m" in entry:  # the right-hand column by its place in this candidate's order: its ids would be the key
        question["matches"] = [{"key": i, "text": texts[o]["match_text"]} for i, o in enumerate(entry["m"])]
    return question


def candidate_paper_list_for_candidate(*, candidate: Candidate) -> list[dict]:
    """Every paper of `candidate`, part by part (round, order), each as `candidate_paper_for_candidate` gives it."""
    part_ids = (
        CandidatePaper.objects.filter(candidate=candidate)
        .order_by("part__round", "part__order", "part_id")
        .values_list("part_id", flat=True)
    )
    return [candidate_paper_for_candidate(candidate=candidate, part_id=part_id) for part_id in part_ids]
