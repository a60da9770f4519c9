"""The result slip of a submitted attempt (phiếu kết quả): what the page and the PDF print, with the verification
code and the final hash of the attempt's answer chain (see `verify_attempts`)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from exams.models import Attempt
from exams.services.admission import pdf_render


def _parts(result: dict) -> list[dict]:
    """The result's parts as rows (name, questions, right answers, score, max score): exams.services.live.scoring."""
    return [
        {
            "name": part.get("name") or part.get("key", ""),
            "questions": part.get("questions"),
            "correct": part.get("correct"),
            "score": part.get("score"),
            "max_score": part.get("max_score"),
        }
        for part in result.get("parts") or []
    ]


def _endings() -> dict[str, str]:
    return {
        Attempt.Ending.CANDIDATE: _("submitted by the candidate"),
        Attempt.Ending.TIMEOUT: _("time ran out"),
        Attempt.Ending.FORCED: _("submitted by the proctor"),
    }


def result_slip_context(*, attempt: Attempt) -> dict:
    """What the slip shows: the candidate, exam, shift and room, the score, the outcome, code and final hash."""
    candidate = attempt.candidate
    result = attempt.result or {}
    shown = bool(result.get("shown"))  # the profile says whether computer results are shown at once
    round1 = result.get("round1") or {}
    return {
        "attempt": attempt,
        "candidate": candidate,
        "exam": candidate.exam,
        "shift": attempt.shift,
        "room": attempt.room_session.room,
        "submitted_at": timezone.localtime(attempt.submitted_at) if attempt.submitted_at else None,
        "ending": _endings().get(attempt.ending, ""),
        "shown": shown,
        "parts": _parts(result) if shown else [],
        "passed": round1.get("passed") if shown else None,
        "outcome": round1.get("why", "") if shown else "",
        "printed_at": timezone.localtime(),
        "title": _("Result slip"),
    }


def result_slip_pdf(*, attempt: Attempt) -> bytes:
    """The slip as a PDF (xhtml2pdf with the project's fonts, as the admission cards)."""
    return pdf_render("exams/live/exam_slip_pdf.html", result_slip_context(attempt=attempt))
