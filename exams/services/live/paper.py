"""The candidate's paper as the live exam sends it (the protocol's `parts`) and checks answers against it.

Built from exams.selectors.candidate_paper_for_candidate (no key) once per paper and kept in the cache under the
papers' ids and digests: a login storm of 2,000 candidates reads one small row per candidate, not the items. A
paper replaced before the start has a new digest, so a stale copy is never served.
"""

import hashlib

from django.core.cache import cache

from exams.models import Candidate, CandidatePaper, Part, Shift
from exams.selectors import candidate_paper_for_candidate

LIVE_MODES = (Part.Mode.COMPUTER, Part.Mode.COMPUTER_ESSAY)
TEXT_KINDS = ("fill_in", "numerical", "essay")  # answered with the "text" extension field
CHOICE_KINDS = ("single", "multiple", "true_false")
_TIMEOUT = 6 * 3600
_local: dict[str, dict] = {}  # this process's copies (the cache may be a network hop away)
_LOCAL_MAX = 5000


def live_parts(*, shift: Shift) -> list[Part]:
    """The parts of a shift sat on a computer, in their order."""
    return list(shift.parts.filter(mode__in=LIVE_MODES).order_by("round", "order", "pk"))


def _papers(candidate_id: int, shift: Shift) -> list[tuple[int, int, str]]:
    part_ids = [part.pk for part in live_parts(shift=shift)]
    rows = CandidatePaper.objects.filter(candidate_id=candidate_id, part_id__in=part_ids).values_list(
        "part_id", "pk", "digest"
    )
    order = {part_id: n for n, part_id in enumerate(part_ids)}
    return sorted(rows, key=lambda row: order[row[0]])


def _question(question: dict) -> dict:
    shown = {
        "id": question["version"],
        "kind": question["kind"],
        "text": question["stem"],
        "options": question["options"],
        "number": question["number"],
        "format": question["format"],
        "points": question["points"],
    }
    if "matches" in question:
        shown["matches"] = question["matches"]
    return shown


def _build(candidate: Candidate, shift: Shift, papers: list[tuple[int, int, str]]) -> dict:
    names = dict(Part.objects.filter(pk__in=[part_id for part_id, _p, _d in papers]).values_list("pk", "name"))
    parts, index = [], {}
    for part_id, _paper, _digest in papers:
        read = candidate_paper_for_candidate(candidate=candidate, part_id=part_id)
        questions = [_question(question) for question in read["questions"]]
        parts.append({"id": part_id, "title": names[part_id], "questions": questions})
        for question in questions:
            index[question["id"]] = {
                "kind": question["kind"],
                "options": [option["id"] for option in question["options"]],
                "matches": len(question.get("matches", [])),
                "part": part_id,
            }
    return {"parts": parts, "index": index, "total": len(index)}


def live_paper(*, candidate: Candidate, shift: Shift) -> dict:
    """{"parts": the protocol's parts, "index": question id → {kind, options, matches, part}, "total": n} for the
    candidate's computer parts of `shift` (empty when he has no paper yet). Cached per paper digest."""
    papers = _papers(candidate.pk, shift)
    digest = hashlib.sha256(repr(papers).encode()).hexdigest()[:16]
    key = f"congvu:live:paper:{candidate.pk}:{shift.pk}:{digest}"
    paper = _local.get(key)
    if paper is None:
        paper = cache.get(key)
        if paper is None:
            paper = _build(candidate, shift, papers)
            cache.set(key, paper, _TIMEOUT)
        if len(_local) >= _LOCAL_MAX:
            _local.clear()
        _local[key] = paper
    return paper


def question_counts(*, shift: Shift, candidate_ids: list[int]) -> dict[int, int]:
    """Candidate id → number of questions of his computer papers for `shift` (one query)."""
    part_ids = [part.pk for part in live_parts(shift=shift)]
    counts: dict[int, int] = {}
    rows = CandidatePaper.objects.filter(candidate_id__in=candidate_ids, part_id__in=part_ids)
    for candidate_id, layout in rows.values_list("candidate_id", "layout"):
        counts[candidate_id] = counts.get(candidate_id, 0) + len(layout)
    return counts
