"""Panel marks (issue #16): for parts marked by a panel (written on paper, oral or interview, practical, project)
each member's mark per candidate, combined by the profile's rule (the mean when the profile names none) into the
candidate's `Mark` (source "panel", each member's mark kept in `details`); from the page or from an xlsx file,
all rows or none, every refusal naming its row and column; audited. The file side (template, reading) is in
panel_file."""

import statistics
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.services import audit_record
from exams.models import Candidate, CandidateClaim, Mark, Part, ResultSheet

PANEL_MODES = (Part.Mode.PAPER, Part.Mode.ORAL, Part.Mode.PRACTICAL, Part.Mode.PROJECT)
RULES = {
    "mean": lambda marks: sum(marks, Decimal(0)) / len(marks),
    "median": lambda marks: Decimal(statistics.median(marks)),
    "mean_without_extremes": lambda marks: sum(sorted(marks)[1:-1], Decimal(0)) / (len(marks) - 2),
}
ABSENT_WORDS = {"x", "absent", "vắng", "vang", "v"}


def panel_rule(*, part: Part) -> tuple[str, bool]:
    """(the rule combining the members' marks, whether the profile names it): the profile's
    `config["panel_marks"]["combine"]`, else the mean."""
    named = ((part.exam.profile.config or {}).get("panel_marks") or {}).get("combine")
    return (named, True) if named in RULES else ("mean", False)


def panel_candidates(*, part: Part) -> list[Candidate]:
    """The candidates who sit `part` (its position's, or all; withdrawn, ineligible and exempt ones left out)."""
    candidates = part.exam.candidates.exclude(status__in=[Candidate.Status.WITHDRAWN, Candidate.Status.INELIGIBLE])
    if part.position_id:
        candidates = candidates.filter(position_id=part.position_id)
    exempt = CandidateClaim.objects.filter(
        kind=CandidateClaim.Kind.EXEMPTION, status=CandidateClaim.Status.ACCEPTED, part_key=part.key
    ).values("candidate_id")
    return list(candidates.exclude(pk__in=exempt).select_related("person").order_by("candidate_number"))


def check_part(part: Part, *, published_ok: bool = False) -> None:
    """Refuse a part not marked by a panel, and (unless `published_ok`: reading) one whose results are published."""
    if part.mode not in PANEL_MODES:
        raise ApplicationError(_("This part is not marked by a panel: its marks come from grading."))
    if published_ok:
        return
    if ResultSheet.objects.filter(exam_id=part.exam_id, status=ResultSheet.Status.PUBLISHED).exists():
        raise ApplicationError(_("The results are published: reopen them before changing marks."))


def _mark(value, part: Part) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        mark = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        mark = None
    if mark is None or not mark.is_finite() or not 0 <= mark <= part.max_score:
        raise ValueError(_("a number from 0 to %(max)s is required") % {"max": format(part.max_score.normalize(), "f")})
    return mark


def _combined(rule: str, marks: list[Decimal]) -> Decimal:
    if rule == "mean_without_extremes" and len(marks) < 3:
        rule = "mean"
    return RULES[rule](marks).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _same_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _check_rows(part: Part, rows: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows {"where", "number", "members": {name: (value, where)}, "absent"} checked; errors name row and column."""
    by_number = {c.candidate_number: c for c in panel_candidates(part=part)}
    checked, errors, seen = [], [], set()
    for row in rows:
        candidate = by_number.get(str(row["number"] or "").strip().upper())
        if candidate is None:
            errors.append(_("%(where)s: %(number)s is not a candidate of this part") % row)
            continue
        if candidate.pk in seen:
            errors.append(_("%(where)s: %(number)s is given twice") % row)
            continue
        seen.add(candidate.pk)
        if row.get("name") and _same_name(row["name"]) != _same_name(candidate.person.full_name):
            errors.append(_("%(where)s: “%(name)s” is not the name of %(number)s (%(real)s)")
                          % {"where": row["name_where"], "name": row["name"], "number": candidate.candidate_number,
                             "real": candidate.person.full_name})  # fmt: skip
        marks = {}
        for name, (value, where) in row["members"].items():
            try:
                mark = _mark(value, part)
            except ValueError as exc:
                errors.append(f"{where} ({name}): {exc}")
                continue
            if mark is not None:
                marks[name] = mark
        if not marks and not row["absent"]:
            errors.append(_("%(where)s: no member's mark for %(number)s") % row)
        checked.append({"candidate": candidate, "marks": marks, "absent": row["absent"]})
    return checked, errors


def _write(part: Part, checked: list[dict], actor, rule: str) -> int:
    existing = {m.candidate_id: m for m in Mark.objects.select_for_update().filter(part=part)}
    for row in checked:
        mark = existing.get(row["candidate"].pk)
        if mark is not None and mark.source != Mark.Source.PANEL:
            raise ApplicationError(
                _("%(number)s: this mark was %(source)s and cannot be replaced here.")
                % {"number": row["candidate"].candidate_number, "source": mark.get_source_display().lower()}
            )
    for row in checked:
        members = {name: format(value.normalize(), "f") for name, value in row["marks"].items()}
        score = None if row["absent"] else _combined(rule, list(row["marks"].values()))
        Mark.objects.update_or_create(
            candidate=row["candidate"],
            part=part,
            defaults={"score": score, "max_score": part.max_score, "absent": row["absent"],
                      "source": Mark.Source.PANEL, "details": {"members": members, "rule": rule},
                      "updated_by": actor},
        )  # fmt: skip
    return len(checked)


@transaction.atomic
def panel_marks_save(*, part: Part, actor, rows: list[dict], source: str = "page") -> int:
    """Store the panel's marks of `part` (rows: number, members {name: value}, absent), combined by the profile's
    rule; any bad row refuses them all, each named; audited. Returns how many candidates were marked."""
    check_part(part)
    if not rows:
        raise ApplicationError(_("No marks were given."), field="file" if source == "file" else None)
    checked, errors = _check_rows(part, rows)
    if errors:
        raise ApplicationError(
            _("Nothing was saved: %(errors)s.") % {"errors": "; ".join(errors[:30])},
            field="file" if source == "file" else None,
            extra={"errors": errors},
        )
    rule, _named = panel_rule(part=part)
    count = _write(part, checked, actor, rule)
    note = f"panel marks ({source}, rule {rule}): {count} candidates"
    audit_record(actor=actor, action="import" if source == "file" else "update", obj=part, scope=part.exam, note=note)
    return count
