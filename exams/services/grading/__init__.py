"""Grading an exam (issue #16): bulk objective grading with key corrections, the graders' workflow for written
answers, reviews (phúc khảo) and the exam's item analysis."""

from exams.services.grading.analysis import (
    analysis_coverage,
    exam_analyse,
    item_facility_latest,
    item_flags,
    version_statistics,
)
from exams.services.grading.jobs import KIND_ANALYSE, KIND_GRADE, grading_job_run, grading_job_start
from exams.services.grading.keys import key_correction_remove, key_correction_set
from exams.services.grading.objective import exam_grade, grading_parts
from exams.services.grading.reviews import review_decide, review_request
from exams.services.grading.scripts import script_mark_enter, script_third_assign, scripts_assign, scripts_prepare

__all__ = [
    "KIND_ANALYSE",
    "KIND_GRADE",
    "analysis_coverage",
    "exam_analyse",
    "exam_grade",
    "grading_job_run",
    "grading_job_start",
    "grading_parts",
    "item_facility_latest",
    "item_flags",
    "key_correction_remove",
    "key_correction_set",
    "review_decide",
    "review_request",
    "script_mark_enter",
    "script_third_assign",
    "scripts_assign",
    "scripts_prepare",
    "version_statistics",
]
