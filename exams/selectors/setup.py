"""Reads of an exam's setup: the exams a board member may see, their positions, parts, rooms, shifts and staff,
the profiles an exam may follow, the exemption grounds in force, and what is still missing before exam day."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from common.dated import in_force_q
from exams.models import (
    Candidate,
    CandidatePaper,
    Exam,
    ExemptionGround,
    PaperForm,
    Part,
    Position,
    PositionQuota,
    PriorityCategory,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
)
from exams.roles import EXAM_MANAGE, ExamRole
from exams.selectors.reference import exam_list_for_user
from hrm.models import Grant, Rank
from hrm.selectors import may, scope_ids_for_user

EXAM_KINDS = (RegulationProfile.Kind.RECRUITMENT, RegulationProfile.Kind.PROMOTION)
# The ranks (ngạch) a civil-service exam recruits for, the titles (chức danh) of a public-employee one.
RANK_KINDS = {
    RegulationProfile.StaffType.CONG_CHUC: (Rank.Kind.RANK, Rank.Kind.BOTH),
    RegulationProfile.StaffType.VIEN_CHUC: (Rank.Kind.TITLE, Rank.Kind.BOTH),
}
USUAL_PROCTORS = 2  # the usual rule: at least two proctors in a room (a warning, never a refusal)


# --- Who may do what ---------------------------------------------------------------------------
def exam_get_for_user(*, user, exam_id: int, action: str = EXAM_MANAGE) -> Exam | None:
    """One exam on which the user may do `action` (by default manage it: a board member of it or of every exam), or
    None: not there and not his alike."""
    exams = exam_list_for_user(user=user, action=action)
    return exams.select_related("profile", "organiser").filter(pk=exam_id).first()


def user_manages_exams(*, user) -> bool:
    """Whether `user` manages at least one exam (or every exam): the "Exams" menu entry."""
    ids = scope_ids_for_user(user=user, action=EXAM_MANAGE, model=Exam)
    return ids is None or bool(ids)


def user_may_create_exams(*, user) -> bool:
    """Only a board member of every exam (or an administrator) creates exams."""
    return may(user, EXAM_MANAGE) and scope_ids_for_user(user=user, action=EXAM_MANAGE, model=Exam) is None


def exam_list_with_counts_for_user(*, user, query: str = "", status: str = "") -> QuerySet[Exam]:
    """The exams `user` manages with their counts of positions, parts, shifts and candidates, newest first."""
    exams = exam_list_for_user(user=user).select_related("profile", "organiser")
    if query:
        exams = exams.filter(Q(code__icontains=query) | Q(name__icontains=query))
    if status:
        exams = exams.filter(status=status)
    return exams.annotate(
        position_count=Count("positions", distinct=True),
        part_count=Count("parts", distinct=True),
        shift_count=Count("shifts", distinct=True),
        candidate_count=Count("candidates", distinct=True),
    ).order_by("-held_on", "-created_at")


# --- Profiles, priority categories and exemption grounds ---------------------------------------
def profile_list_offered(*, kind: str = "", on: dt.date | None = None) -> QuerySet[RegulationProfile]:
    """The profiles an exam may follow: of an exam kind (or `kind`), in force on `on`, or not ended before today."""
    profiles = RegulationProfile.objects.filter(kind__in=[kind] if kind else EXAM_KINDS)
    if on is not None:
        return profiles.in_force(on).order_by("kind", "staff_type", "-valid_from")
    today = timezone.localdate()
    current = profiles.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))
    return current.order_by("kind", "staff_type", "valid_from")


def exemption_grounds_in_force(
    *, on: dt.date, part_key: str | None = None, profile_code: str | None = None
) -> list[ExemptionGround]:
    """The exemption grounds in force on `on` (for part `part_key`, for profile `profile_code`), by part and order.

    Keys are stable: a claim names its ground by `key` and its part by `part_key` (`language`, `it`, `general`)."""
    grounds = ExemptionGround.objects.in_force(on)
    if part_key:
        grounds = grounds.filter(part_key=part_key)
    found = list(grounds.order_by("part_key", "order", "key", "-valid_from"))
    if profile_code:
        found = [ground for ground in found if ground.applies_to(profile_code)]
    seen: set[str] = set()
    return [g for g in found if not (g.key in seen or seen.add(g.key))]  # the latest row of each key


def exam_exemption_grounds(*, exam: Exam) -> list[ExemptionGround]:
    """The grounds for exemption from a part that `exam` has, in force on its date for its profile."""
    part_keys = set(exam.parts.values_list("key", flat=True))
    grounds = exemption_grounds_in_force(on=exam.held_on, profile_code=exam.profile.code)
    return [ground for ground in grounds if ground.part_key in part_keys] if part_keys else grounds


def exam_priority_categories(*, exam: Exam) -> QuerySet[PriorityCategory]:
    """The priority categories in force on the exam's date, highest points first (only the highest one counts)."""
    return PriorityCategory.objects.in_force(exam.held_on).order_by("-points", "key")


# --- Structure ---------------------------------------------------------------------------------
def exam_has_papers(*, exam: Exam) -> bool:
    """Whether papers exist for the exam: its structure (positions' languages, parts) is then frozen."""
    return PaperForm.objects.filter(part__exam=exam).exists()


def rank_list_for_exam(*, exam: Exam) -> QuerySet[Rank]:
    """The ranks (civil servants) or professional titles (public employees) a position of `exam` may name."""
    kinds = RANK_KINDS.get(exam.profile.staff_type)
    ranks = Rank.objects.order_by("code")
    return ranks.filter(kind__in=kinds) if kinds else ranks


def position_list_for_exam(*, exam: Exam) -> list[Position]:
    """The exam's positions with their quotas (agency with its parent) and quota total."""
    quotas = PositionQuota.objects.select_related("agency__parent").order_by("agency__name")
    positions = list(
        exam.positions.select_related("rank").prefetch_related(Prefetch("quotas", queryset=quotas)).order_by("code")
    )
    for position in positions:
        position.quota_total = sum(quota.quota for quota in position.quotas.all())
    return positions


def position_get(*, exam: Exam, position_id: int) -> Position | None:
    return exam.positions.filter(pk=position_id).first()


def part_list_for_exam(*, exam: Exam) -> QuerySet[Part]:
    """The exam's parts by round and order, with their position and bank."""
    return exam.parts.select_related("position", "bank").order_by("round", "order", "id")


def part_get(*, exam: Exam, part_id: int) -> Part | None:
    return exam.parts.filter(pk=part_id).first()


# --- Rooms and shifts --------------------------------------------------------------------------
def room_list_for_exam(*, exam: Exam) -> QuerySet[Room]:
    return exam.rooms.annotate(session_count=Count("room_sessions")).order_by("name")


def room_get(*, exam: Exam, room_id: int) -> Room | None:
    return exam.rooms.filter(pk=room_id).first()


def shift_list_for_exam(*, exam: Exam) -> QuerySet[Shift]:
    return exam.shifts.prefetch_related("parts").order_by("starts_at", "name")


def shift_get(*, exam: Exam, shift_id: int) -> Shift | None:
    return exam.shifts.filter(pk=shift_id).first()


def room_session_list_for_exam(*, exam: Exam) -> QuerySet[RoomSession]:
    """The exam's room sessions with their counts of seated candidates."""
    return (
        RoomSession.objects.filter(shift__exam=exam)
        .select_related("shift", "room")
        .annotate(candidate_count=Count("candidates"))
        .order_by("shift__starts_at", "shift__name", "room__name")
    )


def room_session_get(*, exam: Exam, session_id: int) -> RoomSession | None:
    return RoomSession.objects.filter(shift__exam=exam, pk=session_id).select_related("shift", "room").first()


def room_session_matrix(*, exam: Exam) -> dict:
    """Shifts × rooms: for each shift its row of (room, session or None), for the room-session grid."""
    rooms = list(exam.rooms.order_by("name"))
    sessions = {(s.shift_id, s.room_id): s for s in room_session_list_for_exam(exam=exam)}
    rows = [
        {"shift": shift, "cells": [{"room": room, "session": sessions.get((shift.pk, room.pk))} for room in rooms]}
        for shift in exam.shifts.order_by("starts_at", "name")
    ]
    return {"rooms": rooms, "rows": rows}


# --- Staff -------------------------------------------------------------------------------------
def _content_type(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def exam_staff_grants(*, exam: Exam, on: dt.date | None = None) -> QuerySet[Grant]:
    """The grants naming `exam` (board members, graders) or one of its room sessions (proctors), in force on `on`
    (today) or starting later."""
    on = on or timezone.localdate()
    sessions = RoomSession.objects.filter(shift__exam=exam).values_list("pk", flat=True)
    on_exam = Q(scope_type=_content_type(Exam), scope_id=exam.pk, role__in=[ExamRole.EXAM_BOARD, ExamRole.GRADER])
    on_sessions = Q(scope_type=_content_type(RoomSession), scope_id__in=list(sessions), role=ExamRole.PROCTOR)
    current = in_force_q(on) | Q(valid_from__gt=on)
    return Grant.objects.filter(on_exam | on_sessions).filter(current).select_related("user").order_by("role", "pk")


def exam_staff_get(*, exam: Exam, grant_id: int) -> Grant | None:
    return exam_staff_grants(exam=exam).filter(pk=grant_id).first()


def exam_staff_for_exam(*, exam: Exam) -> dict:
    """The exam's board members, graders and, per room session, its proctors with a warning below the usual two."""
    grants = list(exam_staff_grants(exam=exam))
    by_session: dict[int, list[Grant]] = {}
    for grant in grants:
        if grant.role == ExamRole.PROCTOR:
            by_session.setdefault(grant.scope_id, []).append(grant)
    sessions = [
        {"session": session, "proctors": by_session.get(session.pk, [])}
        for session in room_session_list_for_exam(exam=exam)
    ]
    for row in sessions:
        row["short"] = len(row["proctors"]) < USUAL_PROCTORS
    return {
        "board": [g for g in grants if g.role == ExamRole.EXAM_BOARD],
        "graders": [g for g in grants if g.role == ExamRole.GRADER],
        "sessions": sessions,
        "usual_proctors": USUAL_PROCTORS,
    }


def user_list_assignable() -> QuerySet:
    """The logins that may be given an exam role: active people, never a candidate's own login."""
    return (
        get_user_model()
        .objects.filter(is_active=True, candidate__isnull=True)
        .select_related("person")
        .order_by("username")
    )


# --- Overview ----------------------------------------------------------------------------------
def exam_summary(*, exam: Exam) -> dict:
    """The counts of the exam's overview: positions, quotas, parts, rooms, shifts, sessions, candidates, papers."""
    quotas = PositionQuota.objects.filter(position__exam=exam).aggregate(total=Sum("quota"), rows=Count("id"))
    active = exam.candidates.exclude(status=Candidate.Status.WITHDRAWN)
    return {
        "positions": exam.positions.count(),
        "quota_total": quotas["total"] or 0,
        "quota_rows": quotas["rows"],
        "parts": exam.parts.count(),
        "rooms": exam.rooms.count(),
        "seats": exam.rooms.aggregate(total=Sum("capacity"))["total"] or 0,
        "shifts": exam.shifts.count(),
        "room_sessions": RoomSession.objects.filter(shift__exam=exam).count(),
        "candidates": active.count(),
        "seated": active.filter(room_session__isnull=False).count(),
        "papers": PaperForm.objects.filter(part__exam=exam).count(),
        "candidate_papers": CandidatePaper.objects.filter(part__exam=exam).count(),
    }
