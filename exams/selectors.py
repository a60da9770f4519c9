"""Reads of the exam reference data: regulation profiles and priority categories, by date."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from exams.models import Candidate, PriorityCategory, RegulationProfile


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


def candidate_get_for_user(*, user) -> Candidate | None:
    """The candidacy whose principal `user` is (with exam, shift and room), or None for anybody else."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Candidate.objects.select_related("exam", "person", "room_session__shift", "room_session__room")
        .filter(user=user)
        .first()
    )
