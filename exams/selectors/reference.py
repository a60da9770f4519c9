"""Reads of the exam reference data: regulation profiles and priority categories, by date."""

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from exams.models import Candidate, Exam, PriorityCategory, RegulationProfile, RoomSession
from exams.roles import EXAM_MANAGE, SESSION_PROCTOR, SESSION_WATCH, ExamRole
from exams.rules import RuleError, Rules, parse_rules
from exams.rules.cases import Sources
from hrm.selectors import scope_ids_for_user, user_roles


def profile_list(*, on: dt.date | None = None) -> QuerySet[RegulationProfile]:
    """Every regulation profile, or only those in force on `on` when given (newest first)."""
    profiles = RegulationProfile.objects.all()
    return profiles.in_force(on) if on is not None else profiles


def profile_get(*, profile_id: int) -> RegulationProfile | None:
    """One regulation profile, or None."""
    return RegulationProfile.objects.filter(pk=profile_id).first()


def profile_in_force_by_kind(*, on: dt.date | None = None) -> dict[tuple[str, str], RegulationProfile]:
    """For each (kind, staff type), the profile in force on `on` (today by default)."""
    current: dict[tuple[str, str], RegulationProfile] = {}
    for profile in RegulationProfile.objects.in_force(on or timezone.localdate()).order_by("-valid_from"):
        current.setdefault((profile.kind, profile.staff_type), profile)
    return current


def profile_get_in_force(*, kind: str, staff_type: str, on: dt.date | None = None) -> RegulationProfile | None:
    """The profile of `kind` for `staff_type` in force on `on` (today by default), or None."""
    return RegulationProfile.objects.filter(kind=kind, staff_type=staff_type).in_force_one(on)


def priority_category_list(*, on: dt.date | None = None) -> QuerySet[PriorityCategory]:
    """Every priority category, or only those in force on `on` when given (highest points first)."""
    categories = PriorityCategory.objects.order_by("-valid_from", "-points")
    return categories.in_force(on).order_by("-points") if on is not None else categories


def profile_get_by_code(*, code: str) -> RegulationProfile | None:
    """The regulation profile with this code, or None."""
    return RegulationProfile.objects.filter(code=code).first()


def profile_rules(*, profile: RegulationProfile) -> Rules:
    """The profile's machine-readable rules (config["rules"]) parsed for exams.rules; RuleError if malformed."""
    return parse_rules(profile.config.get("rules"))


def priority_points_by_key(*, on: dt.date) -> dict[str, Decimal]:
    """Priority category key → points, for the categories in force on `on` (what exams.rules resolves keys with)."""
    return dict(priority_category_list(on=on).values_list("key", "points"))


def rule_sources(*, today: dt.date | None = None) -> Sources:
    """What the pure rules need from the database for worked cases: profiles' rules by code, the bank rule in force
    (the công chức recruitment profile's: TT 22/2025/TT-BNV) and the priority categories in force on a date."""
    parsed: dict[str, Rules] = {}

    def rules_for(code: str) -> Rules:
        if code not in parsed:
            profile = profile_get_by_code(code=code)
            if profile is None:
                message = _("there is no regulation “%(code)s” (see exam_rules --profiles)") % {"code": code}
                raise RuleError(message, key="regulation")
            parsed[code] = profile_rules(profile=profile)
        return parsed[code]

    def default_bank_rules(on: dt.date) -> Rules | None:
        profile = profile_get_in_force(kind="recruitment", staff_type="cong_chuc", on=on)
        return rules_for(profile.code) if profile else None

    return Sources(
        rules_for=rules_for,
        default_bank_rules=default_bank_rules,
        categories_on=lambda on: priority_points_by_key(on=on),
        today=today or timezone.localdate(),
    )


def candidate_get_for_user(*, user) -> Candidate | None:
    """The candidacy whose principal `user` is (with exam, shift and room), or None for anybody else."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Candidate.objects.select_related("exam", "person", "room_session__shift", "room_session__room")
        .filter(user=user)
        .first()
    )


def exam_list_for_user(*, user, action: str = EXAM_MANAGE) -> QuerySet[Exam]:
    """The exams on which `user` may do `action` (every exam for a board member of every exam)."""
    ids = scope_ids_for_user(user=user, action=action, model=Exam)
    return Exam.objects.all() if ids is None else Exam.objects.filter(pk__in=ids)


def room_session_list_for_proctor(*, user) -> QuerySet[RoomSession]:
    """The room sessions `user` is a proctor of (every one for a proctor of every room), soonest first, each with its
    exam, shift, room and `taken` (the seats taken): the proctor's own rooms, not the rooms his board may watch."""
    proctored = scope_ids_for_user(user=user, action=SESSION_PROCTOR, model=RoomSession)
    sessions = RoomSession.objects.all() if proctored is None else RoomSession.objects.filter(pk__in=proctored)
    sessions = sessions.select_related("shift__exam", "room").annotate(taken=Count("seats"))
    return sessions.order_by("shift__starts_at", "room__name", "pk")


def user_proctors(*, user) -> bool:
    """Whether `user` holds the proctor role (of some room session, or of every one) today: the "My exam rooms" menu
    entry. An administrator who may do everything proctors no room of his own."""
    return ExamRole.PROCTOR in user_roles(user=user)


def room_session_list_for_user(*, user) -> QuerySet[RoomSession]:
    """The room sessions `user` proctors, and every room session of the exams whose rooms he may watch."""
    proctored = scope_ids_for_user(user=user, action=SESSION_PROCTOR, model=RoomSession)
    if proctored is None:
        return RoomSession.objects.all()
    watched = exam_list_for_user(user=user, action=SESSION_WATCH).values("pk")
    return RoomSession.objects.filter(Q(pk__in=proctored) | Q(shift__exam__in=watched))
