"""The exams app's reads, one module per sub-domain; every name re-exported."""

from exams.selectors.banks import topic_subtree_ids
from exams.selectors.candidates import (
    CLAIM_FILTERS,
    candidate_list,
    candidate_seats,
    claim_get_for_user,
    eligibility_rows,
    exam_candidate_get_for_user,
    exam_get_for_user,
    room_session_get_for_user,
    seating_overview,
    seating_room_session,
)
from exams.selectors.eligibility import reason_text, reasons_in_words, staff_facts
from exams.selectors.reference import (
    candidate_get_for_user,
    exam_list_for_user,
    priority_category_list,
    profile_get,
    profile_get_in_force,
    profile_in_force_by_kind,
    profile_list,
    room_session_list_for_user,
)

__all__ = [
    "topic_subtree_ids",
    "candidate_get_for_user",
    "exam_list_for_user",
    "priority_category_list",
    "profile_get",
    "profile_get_in_force",
    "profile_in_force_by_kind",
    "profile_list",
    "room_session_list_for_user",
    "CLAIM_FILTERS",
    "candidate_list",
    "candidate_seats",
    "claim_get_for_user",
    "eligibility_rows",
    "exam_candidate_get_for_user",
    "exam_get_for_user",
    "room_session_get_for_user",
    "seating_overview",
    "seating_room_session",
    "reason_text",
    "reasons_in_words",
    "staff_facts",
]
