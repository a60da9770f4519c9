"""The grading tab of an exam (pages): bulk grading and item analysis with progress, key corrections, the runs with
whose mark changed, written parts' scripts and graders, reviews; a grader's own scripts; the item analysis with
charts drawn as inline SVG (served by the project, nothing from a CDN). The board's pages find the exam through the
board's scoped selector, a grader's page through the grader's; anything else is a 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from common.selectors import job_get_for_user
from common.services import job_progress_get
from exams.selectors import grading as reads
from exams.serializers.grading import (
    GradeInput,
    KeyCorrectionInput,
    ReviewDecideInput,
    ReviewRequestInput,
    ScriptMarkInput,
)
from exams.services import grading as services
from exams.services.grading.reviews import review_decide, review_request
from exams.services.grading.scripts import script_mark_enter, scripts_assign, scripts_prepare
from exams.tabs import exam_tab_register
from exams.views.grading_api import board_exam_or_404, grader_exam_or_404, part_of
from exams.views.grading_charts import distractor_rows, histogram_svg, scatter_svg

exam_tab_register(url_name="exams:grading", label=gettext_lazy("Grading"), order=90)


def _errors(exc: ValidationError) -> list[str]:
    return list(exc.messages)


class GradingView(LoginRequiredMixin, View):
    """The board's grading tab: each part's marks and scripts, the actions, the runs and their changes."""

    def page(self, request, exam, *, errors=None, status=200):
        context = {
            "exam": exam,
            "parts": reads.grading_parts_summary(exam=exam),
            "runs": reads.grading_runs(exam=exam),
            "fixes": reads.key_corrections(exam=exam),
            "reviews": reads.reviews_of_exam(exam=exam)[:50],
            "graders": reads.graders_of_exam(exam=exam),
            "errors": errors or [],
        }
        return render(request, "exams/grading/grading.html", context, status=status)

    def get(self, request, exam_id: int):
        return self.page(request, board_exam_or_404(request, exam_id))


class GradingActionView(GradingView):
    """POST one action of the tab; a refusal comes back on the tab with its reason (400)."""

    action = "grade"

    def post(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        try:
            target = getattr(self, f"do_{self.action}")(request, exam)
        except ValidationError as exc:
            return self.page(request, exam, errors=_errors(exc), status=400)
        return target or redirect("exams:grading", exam_id=exam.pk)

    def _valid(self, serializer_class, data):
        data = serializer_class(data=data)
        if not data.is_valid():
            raise ValidationError(
                [
                    f"{data.fields[field].label or field}: {' '.join(map(str, errs))}"
                    for field, errs in data.errors.items()
                ]
            )
        return data.validated_data

    def do_grade(self, request, exam):
        values = self._valid(GradeInput, request.POST)
        part = part_of(exam, values.get("part"))
        kind = services.KIND_ANALYSE if request.POST.get("kind") == "analyse" else services.KIND_GRADE
        job = services.grading_job_start(exam=exam, user=request.user, kind=kind, part=part, reason=values["reason"])
        return redirect("exams:grading-job", exam_id=exam.pk, job_id=job.pk)

    def do_key(self, request, exam):
        values = self._valid(KeyCorrectionInput, request.POST)
        version = reads.version_get(version_id=values["version"])
        if version is None:
            raise ValidationError(_("There is no question with this number."))
        services.key_correction_set(
            exam=exam,
            version=version,
            actor=request.user,
            reason=values["reason"],
            correct=values["correct"],
            accept_all=values["accept_all"],
        )
        messages.success(request, _("The key is corrected: grade the exam again to apply it."))

    def do_scripts(self, request, exam):
        part = part_of(exam, request.POST.get("part"))
        if part is None:
            raise ValidationError(_("Choose a part."))
        created = scripts_prepare(part=part, actor=request.user)
        chosen = reads.graders_chosen(exam=exam, ids=request.POST.getlist("graders"))
        assigned = scripts_assign(part=part, graders=chosen, actor=request.user)
        messages.success(
            request, _("%(c)s new scripts, %(a)s assigned to two graders.") % {"c": created, "a": assigned}
        )

    def do_review(self, request, exam):
        values = self._valid(ReviewRequestInput, request.POST)
        part = part_of(exam, values["part"])
        number = values["candidate_number"]
        mark = reads.mark_get_for_board_by_number(exam=exam, part=part, candidate_number=number)
        if mark is None:
            message = _("Candidate %(number)s has no mark in %(part)s.")
            raise ValidationError(message % {"number": number, "part": part.name})
        review_request(mark=mark, reason=values["reason"], actor=request.user)
        messages.success(request, _("The request for review is recorded."))

    def do_decide(self, request, exam):
        review = reads.review_get_for_board(exam=exam, review_id=request.POST.get("review") or 0)
        if review is None:
            raise Http404
        review_decide(review=review, actor=request.user, **self._valid(ReviewDecideInput, request.POST))
        messages.success(request, _("The review is decided and the mark updated."))


class GradingJobView(LoginRequiredMixin, View):
    """A grading or analysis job of the exam: its progress bar, then its outcome (the job's owner only)."""

    def get(self, request, exam_id: int, job_id):
        exam = board_exam_or_404(request, exam_id)
        job = job_get_for_user(job_id=job_id, user=request.user)
        if (
            job is None
            or job.kind not in (services.KIND_GRADE, services.KIND_ANALYSE)
            or job.params.get("exam") != exam.pk
        ):
            raise Http404
        context = {"exam": exam, "job": job, "state": job_progress_get(job=job)}
        return render(request, "exams/grading/job.html", context)


class MyScriptsView(LoginRequiredMixin, View):
    """A grader's scripts on this exam, by code (never a name): the answers on computer, his score to enter."""

    def page(self, request, exam, *, errors=None, status=200):
        rows = []
        for mark in reads.scripts_for_grader(user=request.user, exam=exam):
            rows.append({"mark": mark, "answers": reads.script_answers(script=mark.script)})
        context = {"exam": exam, "rows": rows, "errors": errors or {}}
        return render(request, "exams/grading/my_scripts.html", context, status=status)

    def get(self, request, exam_id: int):
        return self.page(request, grader_exam_or_404(request, exam_id))

    def post(self, request, exam_id: int):
        exam = grader_exam_or_404(request, exam_id)
        mark = reads.script_mark_get_for_grader(user=request.user, exam=exam, mark_id=request.POST.get("mark") or 0)
        if mark is None:
            raise Http404
        data = ScriptMarkInput(data=request.POST)
        try:
            if not data.is_valid():
                raise ValidationError(_("Enter a score."))
            script_mark_enter(mark=mark, grader=request.user, **data.validated_data)
        except ValidationError as exc:
            return self.page(request, exam, errors={mark.pk: _errors(exc)}, status=400)
        messages.success(request, _("Your mark of %(code)s is saved.") % {"code": mark.script.code})
        return redirect("exams:grading-scripts", exam_id=exam.pk)


class MyGradingView(LoginRequiredMixin, View):
    """A grader's exams with scripts given to him, and how many wait for his mark; 404 for anyone who grades none."""

    def get(self, request):
        if not reads.user_grades(user=request.user):
            raise Http404
        return render(
            request, "exams/grading/my_exams.html", {"rows": reads.grading_list_for_grader(user=request.user)}
        )


class AnalysisView(LoginRequiredMixin, View):
    """The item analysis: per computer part a score histogram, a difficulty × discrimination scatter, and each
    item's distractor table with its flags."""

    def get(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        stats = list(reads.item_statistics_of_exam(exam=exam))
        parts = []
        for part in exam.parts.order_by("round", "order", "pk"):
            mine = [row for row in stats if row.part_id == part.pk]
            histogram = reads.score_histogram(part=part)
            coverage = services.analysis_coverage(exam=exam, part=part) if part.mode == part.Mode.COMPUTER else []
            if not mine and not any(b["count"] for b in histogram) and not coverage:
                continue
            parts.append(
                {
                    "part": part,
                    "histogram": histogram_svg(histogram),
                    "scatter": scatter_svg(mine),
                    "items": distractor_rows(mine, services.item_flags),
                    "too_few": [row for row in coverage if not row["enough"]],
                }
            )
        return render(request, "exams/grading/analysis.html", {"exam": exam, "parts": parts})
