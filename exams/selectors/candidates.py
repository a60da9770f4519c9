"""Reads of an exam's candidates, claims, eligibility and seating, each scoped by what the requester may manage.

An object outside the requester's exams answers None (the views' 404): the same for "not there" and "not yours".
"""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from common.vietnamese import fold
from exams.models import Candidate, CandidateClaim, CandidateSeat, Exam, Position, RegulationProfile, RoomSession
from exams.rules.eligibility import EligibilityRuleError, parse_eligibility, priority_rank
from exams.selectors.eligibility import priority_facts, reasons_in_words
from exams.selectors.reference import room_session_list_for_user
from exams.selectors.setup import exam_get_for_user
from hrm.models import Employee, OrgUnit
from hrm.selectors import subtree_unit_ids_on

CLAIM_FILTERS = ("any", "pending", "priority", "exemption", "none")


def candidate_list(*, exam: Exam, filters: dict | None = None) -> QuerySet[Candidate]:
    """The exam's candidates by number then name, filtered: position (id), status, claims (CLAIM_FILTERS), q (part
    of the name without accents, CCCD, candidate number or staff number)."""
    filters = filters or {}
    candidates = exam.candidates.select_related("person", "position", "agency", "employee").annotate(
        claim_count=Count("claims"),
        pending_claims=Count("claims", filter=Q(claims__status=CandidateClaim.Status.CLAIMED)),
    )
    if filters.get("position"):
        candidates = candidates.filter(position_id=filters["position"])
    if filters.get("status"):
        candidates = candidates.filter(status=filters["status"])
    candidates = _claims_filter(candidates, filters.get("claims") or "")
    q = (filters.get("q") or "").strip()
    if q:
        folded = fold(q)
        candidates = candidates.filter(
            Q(person__name_search__contains=folded)
            | Q(person__cccd__startswith=q)
            | Q(candidate_number__iexact=q)
            | Q(employee__code__iexact=q)
        )
    return candidates.order_by("candidate_number", "person__name_sort", "pk")


def _claims_filter(candidates, value: str):
    claims = CandidateClaim.objects.filter(candidate=OuterRef("pk"))
    if value == "any":
        return candidates.filter(Exists(claims))
    if value == "none":
        return candidates.exclude(Exists(claims))
    if value == "pending":
        return candidates.filter(Exists(claims.filter(status=CandidateClaim.Status.CLAIMED)))
    if value in (CandidateClaim.Kind.PRIORITY, CandidateClaim.Kind.EXEMPTION):
        return candidates.filter(Exists(claims.filter(kind=value)))
    return candidates


def exam_candidate_get_for_user(*, user, exam_id: int, candidate_id: int) -> Candidate | None:
    """One candidate of an exam `user` manages, with his claims, else None."""
    exam = exam_get_for_user(exam_id=exam_id, user=user)
    if exam is None:
        return None
    return (
        exam.candidates.select_related("exam", "person", "position", "agency", "employee__unit", "room_session")
        .prefetch_related("claims")
        .filter(pk=candidate_id)
        .first()
    )


def claim_get_for_user(*, user, exam_id: int, claim_id: int) -> CandidateClaim | None:
    """One claim of a candidate of an exam `user` manages, else None."""
    exam = exam_get_for_user(exam_id=exam_id, user=user)
    if exam is None:
        return None
    return (
        CandidateClaim.objects.select_related("candidate__exam", "candidate__person")
        .filter(pk=claim_id, candidate__exam=exam)
        .first()
    )


def candidate_seats(*, candidate: Candidate) -> list[CandidateSeat]:
    """A candidate's seats, by shift."""
    return list(
        CandidateSeat.objects.filter(candidate=candidate)
        .select_related("shift", "room_session__room")
        .order_by("shift__starts_at")
    )


# --- eligibility ------------------------------------------------------------------------------------
def eligibility_rows(*, exam: Exam) -> dict:
    """The staff candidates with their eligibility in words; a dossier review lists the eligible in the profile's
    priority order (then the others). {"form": …, "rows": [{candidate, reasons, rank}], "priority_order": […]}."""
    candidates = list(
        exam.candidates.filter(source=Candidate.Source.STAFF)
        .select_related("person", "employee__unit", "employee__rank", "position")
        .order_by("person__name_sort", "pk")
    )
    try:
        rules = parse_eligibility((exam.profile.config or {}).get("rules"))
        form, order = rules.form, rules.priority_order
    except EligibilityRuleError:
        form, order = "", ()
    ranks = {}
    if form == "dossier_review" and order:
        eligible = [c for c in candidates if c.status == Candidate.Status.ELIGIBLE]
        ranks = {
            pk: i
            for i, pk in enumerate(priority_rank(people=priority_facts(candidates=eligible), order=order), start=1)
        }
        candidates.sort(key=lambda c: (ranks.get(c.pk, len(ranks) + 1), c.person.name_sort))
    rows = [{"candidate": c, "reasons": reasons_in_words(c.eligibility), "rank": ranks.get(c.pk)} for c in candidates]
    return {"form": form, "rows": rows, "priority_order": list(order)}


# --- seating ----------------------------------------------------------------------------------------
def seating_overview(*, exam: Exam) -> list[dict]:
    """Each shift with its room sessions: capacity and seats taken."""
    sessions = (
        RoomSession.objects.filter(shift__exam=exam)
        .select_related("shift", "room")
        .annotate(taken=Count("seats"))
        .order_by("shift__starts_at", "shift__name", "room__name")
    )
    shifts: dict[int, dict] = {}
    for session in sessions:
        entry = shifts.setdefault(session.shift_id, {"shift": session.shift, "sessions": [], "capacity": 0, "taken": 0})
        entry["sessions"].append(session)
        entry["capacity"] += session.room.capacity
        entry["taken"] += session.taken
    for shift in exam.shifts.all():
        shifts.setdefault(shift.pk, {"shift": shift, "sessions": [], "capacity": 0, "taken": 0})
    return sorted(shifts.values(), key=lambda e: (e["shift"].starts_at, e["shift"].name))


def room_session_get_for_user(*, user, room_session_id: int) -> RoomSession | None:
    """A room session `user` proctors or whose exam he watches or manages, else None."""
    return (
        room_session_list_for_user(user=user).select_related("shift__exam", "room").filter(pk=room_session_id).first()
    )


def seating_room_session(*, exam: Exam, room_session_id) -> RoomSession | None:
    """One room session of `exam` (already scoped by the caller), else None."""
    try:
        pk = int(room_session_id)
    except (TypeError, ValueError):
        return None
    return RoomSession.objects.select_related("shift", "room").filter(pk=pk, shift__exam=exam).first()


def exam_position_get(*, exam: Exam, position_id) -> Position | None:
    """A position of `exam` by id, else None (the services refuse None on the field)."""
    return Position.objects.filter(exam=exam, pk=position_id).first() if position_id else None


def org_unit_get(*, unit_id) -> OrgUnit | None:
    """A unit by id, else None."""
    return OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None


def seated_count(*, exam: Exam) -> int:
    """How many candidates of `exam` have at least one seat."""
    return exam.candidates.filter(seats__isnull=False).distinct().count()


# --- staff for promotion exams ----------------------------------------------------------------------
def staff_pickable(*, exam: Exam) -> QuerySet[Employee]:
    """The staff records a board member may draw into `exam`: active, of the profile's staff type, under the exam's
    organising agency when it names one (the whole registry otherwise; see exams.services.promotion)."""
    staff = Employee.objects.filter(status=Employee.Status.ACTIVE).select_related("person", "unit", "rank")
    if exam.profile.staff_type != RegulationProfile.StaffType.ANY:
        staff = staff.filter(staff_type=exam.profile.staff_type)
    if exam.organiser_id is not None:
        staff = staff.filter(unit_id__in=subtree_unit_ids_on(unit=exam.organiser, on=timezone.localdate()))
    return staff


def staff_search(*, exam: Exam, q: str = "", limit: int = 200) -> list[Employee]:
    """Pickable staff not yet candidates of `exam` whose name (without accents) holds `q` or whose staff number
    is `q`, in Vietnamese name order."""
    staff = staff_pickable(exam=exam).exclude(person_id__in=exam.candidates.values("person_id"))
    q = (q or "").strip()
    if q:
        staff = staff.filter(Q(person__name_search__contains=fold(q)) | Q(code__iexact=q))
    return list(staff.order_by("person__name_sort")[:limit])
