"""Item analysis of an exam: the response table of each computer part built from its submitted attempts (graded
with the exam's key corrections, as bulk grading does), run through exams.services.analysis, and stored per item
version (ItemStatistic); the bank flags items from those rows and the papers' difficulty spread reads their facility.

Options are labelled A, B, C… by their place in the item (not in the candidate's shuffled order), so a distractor
table reads like the item page.
"""

from collections.abc import Callable

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import CandidatePaper, Exam, ItemOption, ItemStatistic, ItemVersion, KeyCorrection, PaperForm, Part
from exams.rules.grading import CHOICE_KINDS
from exams.services.analysis import analysis_report
from exams.services.grading.objective import _answers, _attempts, _Grader, grading_parts
from exams.services.live import scoring

Progress = Callable[[int, int, str], None]
ANSWERED = "✓"  # the label of a text or numeric answer given (only choices have options to compare)


def analysis_parts(*, exam: Exam, part: Part | None = None) -> list[Part]:
    """The parts analysed: those graded by the computer (or `part`, checked)."""
    return grading_parts(exam=exam, part=part)


def _labels(version_ids: list[int]) -> dict[int, str]:
    rows = ItemOption.objects.filter(version_id__in=version_ids).values_list("pk", "position")
    return {pk: chr(65 + position) if position < 26 else str(position + 1) for pk, position in rows}


def _chosen(kind: str, answer, labels: dict[int, str]) -> tuple[str, ...]:
    if answer is None:
        return ()
    choices, text = answer
    if kind in CHOICE_KINDS:
        return tuple(sorted(labels.get(int(c), "?") for c in choices if c is not None))
    return (ANSWERED,) if (text or "").strip() or any(c is not None for c in choices or []) else ()


def part_responses(*, exam: Exam, part: Part, grader: _Grader | None = None) -> pd.DataFrame:
    """The response table of `part` (candidate, item = version id, response labels, correct 0/1) from its submitted
    attempts, graded with the exam's key corrections; essays left out."""
    attempts = _attempts(exam, [part])
    answers = _answers(exam, [part])
    papers = list(CandidatePaper.objects.filter(part=part).values_list("candidate_id", "layout", "form_id"))
    versions = sorted({entry["v"] for _c, layout, _f in papers for entry in layout})
    scoring._load_keys(versions)
    labels = _labels(versions)
    if grader is None:
        forms = {
            pk: {v: p for v, p in items} for pk, items in PaperForm.objects.filter(part=part).values_list("pk", "items")
        }
        fixes = {fix.version_id: fix for fix in KeyCorrection.objects.filter(exam=exam)}
        grader = _Grader(partial=exam.partial_credit, fixes=fixes, forms=forms)
    rows = []
    for candidate_id, layout, form_id in papers:
        attempt_id, status = attempts.get((candidate_id, part.pk), (None, None))
        if status != "submitted":
            continue
        given = answers.get(attempt_id, {})
        points = grader.forms.get(form_id, {})
        for entry in layout:
            item = grader._item(entry, points.get(entry["v"], 1))
            if item.kind == "essay":
                continue
            answer = given.get(entry["v"])
            _got, _most, right = grader._grade(item, entry, answer)
            rows.append((candidate_id, entry["v"], _chosen(item.kind, answer, labels), int(right)))
    return pd.DataFrame(rows, columns=["candidate", "item", "response", "correct"])


def _statistic(exam: Exam, part: Part, version: int, figures: dict, n: int) -> ItemStatistic:
    options = {key: figures.get(key, {}) for key in ("options", "options_upper", "options_lower")}
    options["skipped"] = figures.get("skipped")
    return ItemStatistic(
        exam=exam,
        part=part,
        version_id=version,
        n=n,
        p=figures["p"],
        r_pbis=figures["r_pbis"],
        d27=figures["d27"],
        rasch_b=figures.get("rasch_b"),
        alpha_if_deleted=figures.get("alpha_if_deleted"),
        options=options,
    )


@transaction.atomic
def _store(exam: Exam, part: Part, report: dict) -> int:
    ItemStatistic.objects.filter(exam=exam, part=part).delete()
    n = report["n_candidates"]
    rows = [_statistic(exam, part, int(v), figures, n) for v, figures in report["items"].items()]
    ItemStatistic.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def exam_analyse(*, exam: Exam, part: Part | None = None, progress: Progress | None = None) -> dict:
    """Analyse every computer part of `exam` (or `part`) from its submitted attempts and store the statistics per item
    version, replacing this exam's earlier ones; {"items": n, "parts": {part id: report without items}}."""
    parts = analysis_parts(exam=exam, part=part)
    summary, stored = {}, 0
    for n, each in enumerate(parts, start=1):
        frame = part_responses(exam=exam, part=each)
        if frame.empty:
            continue
        report = analysis_report(frame)
        stored += _store(exam, each, report)
        summary[str(each.pk)] = {key: value for key, value in report.items() if key != "items"}
        if progress:
            progress(n, len(parts), _("Analysed %(done)s of %(total)s parts") % {"done": n, "total": len(parts)})
    if not summary:
        raise ApplicationError(_("No submitted attempt to analyse yet."), field="part")
    return {"items": stored, "parts": summary}


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
