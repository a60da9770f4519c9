"""What is still missing before exam day: the checklist of an exam's overview, computed from its setup.

Each check says whether it holds and, when not, what is missing with the numbers; a warning (e.g. fewer than two
proctors in a room) does not block anything, a missing item does not either but the overview shows it first."""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exams.models import Candidate, Exam, PaperForm, Part, RoomSession
from exams.selectors.setup import USUAL_PROCTORS, exam_staff_grants

OBJECTIVE_MODES = {Part.Mode.COMPUTER}
GRADED_BY_PEOPLE = {Part.Mode.COMPUTER_ESSAY, Part.Mode.PAPER, Part.Mode.ORAL, Part.Mode.PRACTICAL, Part.Mode.PROJECT}


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    ok: bool
    detail: str = ""
    warning: bool = False  # not met, but only a warning


def _names(objects, limit: int = 5) -> str:
    names = [str(obj) for obj in objects]
    more = len(names) - limit
    return ", ".join(names[:limit]) + (f" (+{more})" if more > 0 else "")


def _profile_checks(exam: Exam) -> list[Check]:
    in_force = exam.profile.in_force_on(exam.held_on)
    detail = (
        ""
        if in_force
        else _("The profile “%(profile)s” is not in force on the exam date.") % {"profile": exam.profile.name}
    )
    return [
        Check("profile", _("The regulation profile is in force on the exam date"), in_force, detail),
        Check("organiser", _("The organising agency is set"), exam.organiser_id is not None),
    ]


def _position_checks(exam: Exam) -> list[Check]:
    positions = list(exam.positions.annotate(quota_rows=Count("quotas")))
    without = [p for p in positions if not p.quota_rows]
    checks = [
        Check("positions", _("At least one position"), bool(positions)),
        Check(
            "quotas",
            _("Every position has a quota"),
            bool(positions) and not without,
            _("Without a quota: %(names)s") % {"names": _names(without)} if without else "",
        ),
    ]
    needing = [p for p in positions if p.requires_language]
    if needing:
        parts = exam.parts.filter(key="language")
        covered = {part.position_id for part in parts}
        missing = [p for p in needing if None not in covered and p.pk not in covered]
        checks.append(
            Check(
                "language_part",
                _("A foreign-language part for the positions that require one"),
                not missing,
                _("No language part for: %(names)s") % {"names": _names(missing)} if missing else "",
            )
        )
    return checks


def _part_checks(exam: Exam) -> list[Check]:
    parts = list(exam.parts.annotate(shift_count=Count("shifts")))
    objective = [p for p in parts if p.mode in OBJECTIVE_MODES]
    unready = [p for p in objective if p.bank_id is None or not p.questions]
    outside = [p for p in parts if not p.shift_count]
    return [
        Check("parts", _("At least one part"), bool(parts)),
        Check(
            "part_banks",
            _("Every computer part has a question bank and a number of questions"),
            not unready,
            _("Incomplete: %(names)s") % {"names": _names(unready)} if unready else "",
        ),
        Check(
            "parts_in_shifts",
            _("Every part is taken in a shift"),
            bool(parts) and not outside,
            _("In no shift: %(names)s") % {"names": _names(outside)} if outside else "",
        ),
    ]


def _room_checks(exam: Exam, candidates: int) -> list[Check]:
    shifts = list(
        exam.shifts.annotate(
            sessions=Count("room_sessions"), seats=Sum("room_sessions__room__capacity")
        ).prefetch_related("parts")
    )
    empty = [s for s in shifts if not s.sessions]
    # Shifts taking the same parts share the candidates (a morning and an afternoon sitting of one paper); shifts
    # of other parts seat the same candidates again. The tightest group of shifts decides.
    groups: dict[frozenset, int] = {}
    for shift in shifts:
        key = frozenset(part.pk for part in shift.parts.all())
        groups[key] = groups.get(key, 0) + (shift.seats or 0)
    seats = min(groups.values(), default=0)
    return [
        Check("rooms", _("At least one room"), exam.rooms.exists()),
        Check("shifts", _("At least one shift"), bool(shifts)),
        Check(
            "room_sessions",
            _("Every shift has its rooms"),
            bool(shifts) and not empty,
            _("No room in: %(names)s") % {"names": _names(empty)} if empty else "",
        ),
        Check(
            "seats",
            _("Enough seats for the candidates in a shift"),
            seats >= candidates,
            _("%(seats)s seats for %(candidates)s candidates") % {"seats": seats, "candidates": candidates}
            if seats < candidates
            else "",
        ),
    ]


def _staff_checks(exam: Exam) -> list[Check]:
    grants = list(exam_staff_grants(exam=exam))
    proctors: dict[int, int] = {}
    for grant in grants:
        if grant.role == "proctor":
            proctors[grant.scope_id] = proctors.get(grant.scope_id, 0) + 1
    sessions = list(RoomSession.objects.filter(shift__exam=exam).select_related("shift", "room"))
    short = [s for s in sessions if proctors.get(s.pk, 0) < USUAL_PROCTORS]
    checks = [
        Check(
            "proctors",
            ngettext(
                "At least %(count)s proctor in every room session",
                "At least %(count)s proctors in every room session",
                USUAL_PROCTORS,
            )
            % {"count": USUAL_PROCTORS},
            bool(sessions) and not short,
            _("Short of proctors: %(names)s") % {"names": _names(short)} if short else "",
            warning=True,
        )
    ]
    if exam.parts.filter(mode__in=GRADED_BY_PEOPLE).exists():
        graders = [g for g in grants if g.role == "grader"]
        checks.append(Check("graders", _("Graders for the parts marked by people"), bool(graders)))
    return checks


def _candidate_checks(exam: Exam, candidates: int) -> list[Check]:
    active = exam.candidates.exclude(status=Candidate.Status.WITHDRAWN)
    unseated = active.filter(room_session__isnull=True).count()
    objective = exam.parts.filter(mode__in=OBJECTIVE_MODES)
    without_papers = objective.exclude(pk__in=PaperForm.objects.values("part_id"))
    return [
        Check("candidates", _("Candidates are registered"), candidates > 0),
        Check(
            "seated",
            _("Every candidate has a room and a seat"),
            candidates > 0 and not unseated,
            ngettext("%(count)s candidate without a seat", "%(count)s candidates without a seat", unseated)
            % {"count": unseated}
            if unseated
            else "",
        ),
        Check(
            "papers",
            _("Papers are ready for every computer part"),
            objective.exists() and not without_papers.exists(),
            _("No papers for: %(names)s") % {"names": _names(without_papers)} if without_papers.exists() else "",
        ),
        Check("open", _("The exam is open"), exam.status == Exam.Status.OPEN),
    ]


def exam_checklist(*, exam: Exam) -> list[Check]:
    """What is ready and what is missing before exam day, in the order the board prepares an exam."""
    candidates = exam.candidates.filter(~Q(status=Candidate.Status.WITHDRAWN)).count()
    return [
        *_profile_checks(exam),
        *_position_checks(exam),
        *_part_checks(exam),
        *_room_checks(exam, candidates),
        *_staff_checks(exam),
        *_candidate_checks(exam, candidates),
    ]
