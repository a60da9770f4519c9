"""Results by the profile (issue #16): panel marks, the computation and ranking, the head's tie decisions,
publication (lists, slips, public look-up) and promotions applied to the registry."""

from exams.services.results.compute import profile_rules, results_compute
from exams.services.results.decisions import results_publish, results_reopen, tie_decide
from exams.services.results.panel import (
    PANEL_MODES,
    panel_candidates,
    panel_marks_save,
    panel_rule,
)
from exams.services.results.panel_file import panel_marks_import, panel_template_xlsx
from exams.services.results.promotion import result_promotion_apply
from exams.services.results.publication import (
    result_lookup,
    result_rows,
    result_slip_pdf,
    result_verification_code,
    results_list_pdf,
    results_list_xlsx,
)

__all__ = [
    "PANEL_MODES",
    "panel_candidates",
    "panel_marks_import",
    "panel_marks_save",
    "panel_rule",
    "panel_template_xlsx",
    "profile_rules",
    "result_lookup",
    "result_promotion_apply",
    "result_rows",
    "result_slip_pdf",
    "result_verification_code",
    "results_compute",
    "results_list_pdf",
    "results_list_xlsx",
    "results_publish",
    "results_reopen",
    "tie_decide",
]
