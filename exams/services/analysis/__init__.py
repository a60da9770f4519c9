"""Item analysis (issue #16): classical statistics and Rasch difficulties of a paper's items.

`analysis_from_file` serves `manage.py item_analysis` on a response file from any source; the exam's own analysis
(from its submitted attempts) builds the same table and calls `analysis_report`.
"""

from exams.services.analysis.rasch import rasch_difficulties
from exams.services.analysis.responses import responses_frame
from exams.services.analysis.stats import Responses, item_statistics

__all__ = ["analysis_from_file", "analysis_report", "rasch_difficulties", "responses_frame"]


def analysis_report(frame) -> dict:
    """The report of a response frame (columns candidate, item, response as label tuples, correct 0/1)."""
    responses = Responses.from_frame(frame)
    report = item_statistics(responses)
    for item, difficulty in zip(responses.items, rasch_difficulties(responses.scores), strict=True):
        report["items"][item]["rasch_b"] = difficulty
    return report


def analysis_from_file(source) -> tuple[dict | None, list[dict]]:
    """(the report, []) or (None, the file's errors by line and column): nothing is computed from a bad file."""
    frame, errors = responses_frame(source)
    if errors:
        return None, errors
    return analysis_report(frame), []
