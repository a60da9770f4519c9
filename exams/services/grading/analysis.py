"""Item analysis of an exam: the response table of each paper (form) of its computer parts built from the submitted
attempts (graded with the exam's key corrections, as bulk grading does), run through exams.services.analysis, and
stored per item version and paper (ItemStatistic); the bank flags items from those rows and the papers' difficulty
spread reads their facility. Classical statistics compare candidates who sat the same items, so a paper is analysed
when at least CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES sat it (pool mode); per-candidate papers are not analysed.

Options are labelled A, B, C… by their place in the item (not in the candidate's shuffled order), so a distractor
table reads like the item page.
"""

from collections import Counter, defaultdict
from collections.abc import Callable

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Attempt, CandidatePaper, Exam, ItemOption, ItemStatistic, ItemVersion, PaperForm, Part
from exams.rules.grading import CHOICE_KINDS
from exams.services.analysis import analysis_report
from exams.services.grading.objective import (
    _answers,
    _attempts,
    grader_for,
    grading_parts,
    papers_entries,
)
from exams.services.live.scoring import parsed_answer

Progress = Callable[[int, int, str], None]
ANSWERED = "✓"  # the label of a text or numeric answer given (only choices have options to compare)


def analysis_parts(*, exam: Exam, part: Part | None = None) -> list[Part]:
    """The parts analysed: those graded by the computer (or `part`, checked)."""
    return grading_parts(exam=exam, part=part)


def _labels(version_ids: list[int]) -> dict[int, str]:
    rows = ItemOption.objects.filter(version_id__in=version_ids).values_list("pk", "position")
    return {pk: chr(65 + position) if position < 26 else str(position + 1) for pk, position in rows}


def _chosen(kind: str, answer: tuple[list, str] | None, labels: dict[int, str]) -> tuple[str, ...]:
    if answer is None:
        return ()
    choices, text = answer
    if kind in CHOICE_KINDS:
        return tuple(sorted(labels.get(int(c), "?") for c in choices if c is not None))
    return (ANSWERED,) if (text or "").strip() or any(c is not None for c in choices or []) else ()


def part_responses(*, exam: Exam, part: Part, minimum: int = 1) -> dict[int, pd.DataFrame]:
    """The response table of each paper (form) of `part` sat by at least `minimum` candidates: {form id: frame of
    candidate, item = version id, response labels, correct 0/1}, from the submitted attempts, graded with the exam's
    key corrections; essays left out."""
    attempts = _attempts(exam, [part])
    grader = grader_for(exam=exam, parts=[part])
    papers = [
        (candidate_id, form_id, layout, attempts[(candidate_id, part.pk)][0])
        for candidate_id, _part, form_id, layout in papers_entries([part], grader)
        if attempts.get((candidate_id, part.pk), (None, None))[1] == Attempt.Status.SUBMITTED
    ]
    sat = Counter(form_id for _c, form_id, _l, _a in papers)
    papers = [paper for paper in papers if sat[paper[1]] >= minimum]
    answers = _answers([attempt_id for _c, _f, _l, attempt_id in papers])
    labels = _labels(sorted({v for items in grader.forms.values() for v in items}))
    chosen: dict = {}
    columns: dict[int, tuple[list, list, list, list]] = defaultdict(lambda: ([], [], [], []))
    for candidate_id, form_id, layout, attempt_id in papers:
        given = answers.get(attempt_id, {})
        candidates, items, responses, rights = columns[form_id]
        for version, item, table, entry in grader.plan(form_id, layout):
            answer = given.get(version)
            labels_of = chosen.get((item.kind, answer))
            if labels_of is None:
                labels_of = chosen[(item.kind, answer)] = _chosen(item.kind, parsed_answer(answer), labels)
            candidates.append(candidate_id)
            items.append(version)
            responses.append(labels_of)
            rights.append(int((table.get(answer) or grader.grade(item, entry, answer))[2]))
    return {
        form_id: pd.DataFrame({"candidate": c, "item": i, "response": r, "correct": k})
        for form_id, (c, i, r, k) in sorted(columns.items())
    }


def _statistic(exam: Exam, part: Part, form_id: int, version: int, figures: dict, n: int) -> ItemStatistic:
    options = {key: figures.get(key, {}) for key in ("options", "options_upper", "options_lower")}
    options["skipped"] = figures.get("skipped")
    return ItemStatistic(
        exam=exam,
        part=part,
        form_id=form_id,
        version_id=version,
        n=n,
        p=figures["p"],
        r_pbis=figures["r_pbis"],
        d27=figures["d27"],
        rasch_b=figures.get("rasch_b"),
        alpha_if_deleted=figures.get("alpha_if_deleted"),
        options=options,
    )


def _store(exam: Exam, part: Part, form_id: int, report: dict) -> int:
    n = report["n_candidates"]
    rows = [_statistic(exam, part, form_id, int(v), figures, n) for v, figures in report["items"].items()]
    ItemStatistic.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _forms_report(exam: Exam, part: Part) -> tuple[int, dict]:
    stored, summary = 0, {}
    frames = part_responses(exam=exam, part=part, minimum=settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES)
    for form_id, frame in frames.items():
        report = analysis_report(frame)
        stored += _store(exam, part, form_id, report)
        summary[str(form_id)] = {key: value for key, value in report.items() if key != "items"}
    return stored, summary


@transaction.atomic
def exam_analyse(*, exam: Exam, part: Part | None = None, progress: Progress | None = None) -> dict:
    """Analyse each paper of every computer part of `exam` (or `part`) sat by enough candidates, from the submitted
    attempts, and store the statistics per item version and paper, replacing this exam's earlier ones;
    {"items": n, "forms": {form id: the report without its items}}."""
    parts = analysis_parts(exam=exam, part=part)
    ItemStatistic.objects.filter(exam=exam, part__in=parts).delete()
    summary, stored = {}, 0
    for n, each in enumerate(parts, start=1):
        count, forms = _forms_report(exam, each)
        stored, summary = stored + count, summary | forms
        if progress:
            progress(n, len(parts), _("Analysed %(done)s of %(total)s parts") % {"done": n, "total": len(parts)})
    if not summary:
        message = _("No paper was sat by at least %(n)s candidates: nothing to analyse.")
        raise ApplicationError(message % {"n": settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES}, field="part")
    return {"items": stored, "forms": summary}


def analysis_coverage(*, exam: Exam, part: Part) -> list[dict]:
    """Each paper (form) of `part` with how many candidates sat it (submitted, absentees left out), whether it
    reaches CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES and whether statistics are stored for it: the page says which papers
    were too small to analyse, and why."""
    attempts = _attempts(exam, [part])
    sat = Counter(
        form_id
        for candidate_id, form_id in CandidatePaper.objects.filter(part=part).values_list("candidate_id", "form_id")
        if attempts.get((candidate_id, part.pk), (None, None))[1] == Attempt.Status.SUBMITTED
    )
    analysed = set(ItemStatistic.objects.filter(exam=exam, part=part).values_list("form_id", flat=True).distinct())
    minimum = settings.CONGVU_ITEM_ANALYSIS_MIN_CANDIDATES
    return [
        {"form": form, "sat": sat[form.pk], "enough": sat[form.pk] >= minimum, "analysed": form.pk in analysed,
         "minimum": minimum}
        for form in PaperForm.objects.filter(part=part, pk__in=set(sat) | analysed).order_by("number")
    ]  # fmt: skip


def item_flags(*, statistic: ItemStatistic) -> list[str]:
    """Why an item's statistics call for a look (negative discrimination, too easy, too hard); [] when fine."""
    flags = []
    if statistic.r_pbis is not None and statistic.r_pbis < settings.CONGVU_ITEM_MIN_DISCRIMINATION:
        flags.append(_("negative discrimination"))
    if statistic.p is not None and statistic.p > settings.CONGVU_ITEM_MAX_FACILITY:
        flags.append(_("too easy"))
    if statistic.p is not None and statistic.p < settings.CONGVU_ITEM_MIN_FACILITY:
        flags.append(_("too hard"))
    return flags


def item_facility_latest(version_ids: list[int]) -> dict[int, float]:
    """Facility of each version from its latest exam analysis (the papers' difficulty spread reads this)."""
    latest = (
        ItemStatistic.objects.filter(version_id__in=version_ids, p__isnull=False)
        .values("version_id")
        .annotate(last=Max("analysed_at"))
    )
    stamps = {row["version_id"]: row["last"] for row in latest}
    rows = ItemStatistic.objects.filter(version_id__in=list(stamps), p__isnull=False).values_list(
        "version_id", "p", "analysed_at"
    )
    return {v: p for v, p, at in rows if at == stamps[v]}


def version_statistics(*, version: ItemVersion) -> list[tuple[ItemStatistic, list[str]]]:
    """Every exam's statistics of `version` with their flags, newest first (the bank's item page)."""
    rows = ItemStatistic.objects.filter(version=version).select_related("exam").order_by("-analysed_at")
    return [(row, item_flags(statistic=row)) for row in rows]
