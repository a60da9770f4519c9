"""Exam setup (issue #14, "An exam follows one profile"): exams, positions and quotas, parts (with the pre-fill
from the profile), rooms, shifts and room sessions, and the exam's staff."""

from exams.services.setup.exams import (
    exam_create,
    exam_ensure_editable,
    exam_ensure_structure_editable,
    exam_status_set,
    exam_update,
    profile_check,
)
from exams.services.setup.prefill import PartPlan, parts_prefill, parts_prefill_plan, round2_forms
from exams.services.setup.rooms import (
    room_create,
    room_delete,
    room_sessions_fill,
    room_sessions_set,
    room_update,
    shift_create,
    shift_delete,
    shift_minutes_needed,
    shift_update,
)
from exams.services.setup.staff import STAFF_ROLES, exam_staff_assign, exam_staff_remove
from exams.services.setup.structure import (
    part_create,
    part_delete,
    part_update,
    position_create,
    position_delete,
    position_update,
    quota_delete,
    quota_set,
)

__all__ = [
    "PartPlan",
    "STAFF_ROLES",
    "exam_create",
    "exam_ensure_editable",
    "exam_ensure_structure_editable",
    "exam_staff_assign",
    "exam_staff_remove",
    "exam_status_set",
    "exam_update",
    "part_create",
    "part_delete",
    "part_update",
    "parts_prefill",
    "parts_prefill_plan",
    "position_create",
    "position_delete",
    "position_update",
    "profile_check",
    "quota_delete",
    "quota_set",
    "room_create",
    "room_delete",
    "room_sessions_fill",
    "room_sessions_set",
    "room_update",
    "round2_forms",
    "shift_create",
    "shift_delete",
    "shift_minutes_needed",
    "shift_update",
]
