"""The result slip of a submitted attempt (phiếu kết quả): what the page and the PDF print, with the verification
code and the final hash of the attempt's answer chain (see `verify_attempts`)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from exams.models import Attempt
from exams.services.admission import _pdf as pdf_render


def _parts(result: dict) -> list[dict]:
    """The result's parts as rows (name, score, max score, passed), whatever the order they were stored in."""
    parts = result.get("parts") or []
    if isinstance(parts, dict):
        parts = [{"key": key, **value} for key, value in parts.items() if isinstance(value, dict)]
    return [
        {
            "name": part.get("name") or part.get("title") or part.get("key", ""),
            "score": part.get("score"),
            "max_score": part.get("max_score"),
            "passed": part.get("passed"),
        }
        for part in parts
        if isinstance(part, dict)
    ]


def result_slip_context(*, attempt: Attempt) -> dict:
    """What the slip shows: the candidate, exam, shift and room, the score, the outcome, code and final hash."""
    candidate = attempt.candidate
    result = attempt.result if isinstance(attempt.result, dict) else {}
    return {
        "attempt": attempt,
        "candidate": candidate,
        "exam": candidate.exam,
        "shift": attempt.shift,
        "room": attempt.room_session.room,
        "submitted_at": timezone.localtime(attempt.submitted_at) if attempt.submitted_at else None,
        "ending": attempt.get_ending_display() if attempt.ending else "",
        "parts": _parts(result),
        "passed": result.get("passed"),
        "outcome": result.get("outcome_label") or result.get("reason") or "",
        "printed_at": timezone.localtime(),
        "title": _("Result slip"),
    }


def result_slip_pdf(*, attempt: Attempt) -> bytes:
    """The slip as a PDF (xhtml2pdf with the project's fonts, as the admission cards)."""
    return pdf_render("exams/live/exam_slip_pdf.html", result_slip_context(attempt=attempt))
