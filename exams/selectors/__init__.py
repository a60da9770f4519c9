"""The exams app's reads, one module per sub-domain; every name re-exported."""

from exams.selectors.banks import topic_subtree_ids
from exams.selectors.reference import (
    candidate_get_for_user,
    exam_list_for_user,
    priority_category_list,
    priority_points_by_key,
    profile_get,
    profile_get_by_code,
    profile_get_in_force,
    profile_in_force_by_kind,
    profile_list,
    profile_rules,
    room_session_list_for_user,
    rule_sources,
)

__all__ = [
    "profile_get_by_code",
    "profile_rules",
    "priority_points_by_key",
    "rule_sources",
    "topic_subtree_ids",
    "candidate_get_for_user",
    "exam_list_for_user",
    "priority_category_list",
    "profile_get",
    "profile_get_in_force",
    "profile_in_force_by_kind",
    "profile_list",
    "room_session_list_for_user",
]
