"""The candidate's live exam pages: the exam page (waiting room, then the paper over the socket of
docs/exam-protocol.md) and the result slip with its PDF. A candidate reaches only his own attempt; anything else is
a 404. Safe Exam Browser, when the exam requires it, is checked by exams.middleware for every candidate page."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from common.errors import ApplicationError
from exams.selectors.results import attempt_result_for_candidate
from exams.services.live.attempts import attempt_for_candidate
from exams.services.live.images import live_image_for_candidate
from exams.services.live.slip import result_slip_context, result_slip_pdf
from exams.services.live.timing import parts_outline
from exams.views.reference import CandidatePageMixin
from exams.views.seating import file_response

SOCKET_PATH = "/ws/exam/"


def exam_texts() -> dict:
    """What exam.js says, translated on the server (the page loads no catalogue from elsewhere)."""
    return {
        "waiting": _("Waiting for the proctor to start the shift"),
        "paused": _("The room is paused"),
        "offline": _("Offline: your answers are kept on this computer and sent when the connection is back."),
        "connecting": _("Connecting…"),
        "online": _("Connected"),
        "sending": _("Sending…"),
        "saved": _("Saved"),
        "unsaved": _("Not sent yet"),
        "refused": _("Refused"),
        "question": _("Question"),
        "previous": _("Previous question"),
        "next": _("Next question"),
        "no_answers": _("none: no answer was recorded"),  # as the slip says (exam_slip*.html)
        "of": _("of"),
        "flag": _("Flag for review"),
        "unflag": _("Remove the flag"),
        "confirm": _("Submit your exam now? You cannot change your answers afterwards."),
        "confirm_left": _("Unanswered questions: %(n)s."),
        "submitting": _("Submitting…"),
        "submitted": _("Your exam is submitted."),
        "timeout": _("Time is up: your exam was submitted."),
        "forced": _("The proctor submitted your exam."),
        "kicked": _("This exam continues on another computer. This page has stopped."),
        "already": _("Your exam is open on another computer. Ask the proctor to allow this one."),
        "extended": _("Time added: %(reason)s"),
        "score": _("Score"),
        "outcome": _("Outcome"),
        "passed": _("Passed"),
        "failed": _("Not passed"),
        "slip": _("Result slip"),
        "error": _("Refused by the server: %(message)s"),
        "part_of": _("Part %(n)s of %(of)s: %(name)s"),
        "finish_part": _("Finish this part"),
        "confirm_part": _("Finish the part “%(name)s” now? You cannot change its answers afterwards."),
        "confirm_part_yes": _("Finish the part"),
        "part_closed": _("closed"),
        "part_waiting": _("not started · %(minutes)s min"),
        "part_moved": _("The part “%(name)s” is over. Now: “%(next)s”."),
        "read_only": _("This part is closed: its answers are shown read-only."),
    }


@method_decorator(never_cache, name="dispatch")
class CandidateExamView(CandidatePageMixin, View):
    """The candidate's exam: his attempt of the current (or next) shift; the page speaks the socket protocol."""

    def get(self, request):
        candidate = self.candidate
        try:
            attempt = attempt_for_candidate(candidate=candidate)
        except ApplicationError as exc:
            context = {"candidate": candidate, "refusal": " ".join(exc.messages)}
            return render(request, "exams/live/exam_none.html", context, status=409)
        context = {"candidate": candidate, "attempt": attempt, "socket_path": SOCKET_PATH, "texts": exam_texts()}
        context["parts"] = parts_outline(attempt=attempt)
        context["total_minutes"] = round(attempt.duration_ms / 60_000)
        return render(request, "exams/live/exam.html", context)


@method_decorator(never_cache, name="dispatch")
class CandidateExamImageView(CandidatePageMixin, View):
    """An image of the candidate's own live paper (only while his attempt is open); a 404 for anything else."""

    def get(self, request, asset_id: int):
        asset = live_image_for_candidate(candidate=self.candidate, asset_id=asset_id, actor=request.user)
        if asset is None or not asset.file.storage.exists(asset.file.name):
            raise Http404
        response = FileResponse(asset.file.open("rb"), content_type=asset.content_type)
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class AttemptSlipView(View):
    """The result slip of one of the candidate's submitted attempts, as a page (printable) or a PDF."""

    def get(self, request, attempt_id: int, fmt: str = "html"):
        attempt = attempt_result_for_candidate(user=request.user, attempt_id=attempt_id)
        if attempt is None or fmt not in ("html", "pdf"):
            raise Http404
        if fmt == "pdf":
            filename = f"ket-qua-{attempt.candidate.candidate_number}.pdf"
            return file_response(result_slip_pdf(attempt=attempt), content_type="application/pdf", filename=filename)
        return render(request, "exams/live/exam_slip.html", result_slip_context(attempt=attempt))
