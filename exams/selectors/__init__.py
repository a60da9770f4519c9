"""The exams app's reads, one module per sub-domain; every name re-exported."""

from exams.selectors.banks import topic_subtree_ids
from exams.selectors.papers import (
    blueprint_grid,
    candidate_paper_for_candidate,
    candidate_paper_list_for_candidate,
    cell_pools,
    exam_get_for_user,
    item_facility,
    item_facility_source_register,
    paper_form_get_for_user,
    paper_form_list,
    paper_parts,
    papers_part_summary,
    part_candidate_ids,
    part_get_for_user,
)
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
    "blueprint_grid",
    "candidate_paper_for_candidate",
    "candidate_paper_list_for_candidate",
    "cell_pools",
    "exam_get_for_user",
    "item_facility",
    "item_facility_source_register",
    "paper_form_get_for_user",
    "paper_form_list",
    "paper_parts",
    "papers_part_summary",
    "part_candidate_ids",
    "part_get_for_user",
]
