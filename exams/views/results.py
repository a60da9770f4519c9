"""Exam-board pages of results (tab 90): panel marks per part (page and xlsx), compute, the head's tie decisions,
publish and reopen, the lists (PDF, xlsx), slips, promotions applied; and the public look-up (no login) and a
candidate's own published result. Every page of an exam: its board members only, 404 for anyone else."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from exams import selectors
from exams.forms.results import PanelFileForm, PromotionApplyForm, ReopenForm, ResultLookupForm, TieDecisionForm
from exams.models import ResultSheet
from exams.selectors import results as reads
from exams.services import results as services
from exams.services.candidate_login import CandidateLoginLocked
from exams.tabs import exam_tab_register
from exams.views.candidates import XLSX, ExamPageMixin
from exams.views.seating import file_response

exam_tab_register(url_name="exams:results", label=gettext_lazy("Results"), order=90)


def _refused(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


class ResultsView(ExamPageMixin, View):
    tab = "exams:results"

    def get(self, request, exam_id: int, status: int = 200):
        sheet = selectors.result_sheet(exam=self.exam)
        groups = selectors.results_by_position(exam=self.exam)
        for group in groups:
            group["form"] = TieDecisionForm(tied=group["undecided"], prefix=f"t{group['position'].pk}") if (
                group["undecided"]
            ) else None  # fmt: skip
        context = {
            "sheet": sheet,
            "published": sheet is not None and sheet.status == ResultSheet.Status.PUBLISHED,
            "groups": groups,
            "decisions": selectors.tie_decisions(exam=self.exam),
            "panel_parts": selectors.panel_parts(exam=self.exam),
            "reopen_form": ReopenForm(),
            "promotion_form": PromotionApplyForm() if self.exam.kind == "promotion" else None,
        }
        return self.page("exams/results/page.html", context, status)


class ResultsActionView(ExamPageMixin, View):
    """compute, publish, reopen: one service each; the refusal shown on the results page."""

    action = ""

    def post(self, request, exam_id: int):
        try:
            if self.action == "compute":
                services.results_compute(exam=self.exam, actor=request.user)
                messages.success(request, _("Results computed."))
            elif self.action == "publish":
                services.results_publish(exam=self.exam, actor=request.user)
                messages.success(request, _("Results published."))
            else:
                services.results_reopen(exam=self.exam, actor=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, _("Results reopened: they can be computed again."))
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("exams:results", exam_id=self.exam.pk)


class TieDecideView(ExamPageMixin, View):
    def post(self, request, exam_id: int, position_id: int):
        position = reads.position_of_exam(exam=self.exam, position_id=position_id)
        if position is None:
            raise Http404
        agency = reads.agency_get(agency_id=request.POST.get("agency"))
        form = TieDecisionForm(request.POST, tied=[], prefix=f"t{position.pk}")
        form.fields["selected"].choices = [(v, v) for v in request.POST.getlist(f"t{position.pk}-selected")]
        if not form.is_valid():
            messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
            return redirect("exams:results", exam_id=self.exam.pk)
        try:
            services.tie_decide(
                exam=self.exam, position=position, agency=agency, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("The head of the agency's decision is recorded."))
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("exams:results", exam_id=self.exam.pk)


class ResultsFileView(ExamPageMixin, View):
    def get(self, request, exam_id: int, fmt: str):
        if fmt not in ("pdf", "xlsx"):
            raise Http404
        try:
            if fmt == "xlsx":
                data = services.results_list_xlsx(exam=self.exam, actor=request.user)
            else:
                data = services.results_list_pdf(exam=self.exam, actor=request.user)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect("exams:results", exam_id=self.exam.pk)
        kind = XLSX if fmt == "xlsx" else "application/pdf"
        return file_response(data, content_type=kind, filename=f"ket-qua-{self.exam.code}.{fmt}")


class ResultSlipView(ExamPageMixin, View):
    def get(self, request, exam_id: int, result_id: int):
        result = selectors.result_get(exam=self.exam, result_id=result_id)
        if result is None:
            raise Http404
        try:
            pdf = services.result_slip_pdf(result=result, actor=request.user)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect("exams:results", exam_id=self.exam.pk)
        name = f"phieu-ket-qua-{result.candidate.candidate_number}.pdf"
        return file_response(pdf, content_type="application/pdf", filename=name)


class PromotionApplyView(ExamPageMixin, View):
    def post(self, request, exam_id: int, result_id: int):
        result = selectors.result_get(exam=self.exam, result_id=result_id)
        if result is None:
            raise Http404
        form = PromotionApplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
            return redirect("exams:results", exam_id=self.exam.pk)
        try:
            services.result_promotion_apply(result=result, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The promotion is applied to the registry."))
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("exams:results", exam_id=self.exam.pk)


def _members(request, sheet: dict) -> list[str]:
    """The member columns: those named so far, then empty ones up to ?members=N (3 by default, at most 9)."""
    wanted = request.GET.get("members", "")
    count = min(int(wanted), 9) if wanted.isdigit() else 3
    members = list(sheet["members"])
    return members + [""] * (count - len(members))


class PanelMarksView(ExamPageMixin, View):
    """One page per panel-marked part: each member's mark per candidate, or a file; the rule combines them."""

    tab = "exams:results"

    def part(self):
        part = selectors.panel_part_get(exam=self.exam, part_id=self.kwargs["part_id"])
        if part is None:
            raise Http404
        return part

    def get(self, request, exam_id: int, part_id: int, file_form=None, status=200, errors=None):
        part = self.part()
        sheet = selectors.panel_sheet(part=part)
        context = {"part": part, "sheet": sheet, "members": _members(request, sheet),
                   "file_form": file_form or PanelFileForm(), "errors": errors or []}  # fmt: skip
        return self.page("exams/results/panel.html", context, status)

    def post(self, request, exam_id: int, part_id: int):
        part = self.part()
        members = [(i, " ".join(n.split())) for i, n in enumerate(request.POST.getlist("member"))]
        rows = []
        for candidate in selectors.panel_sheet(part=part)["rows"]:
            c = candidate["candidate"]
            values = {name: (request.POST.get(f"m-{c.pk}-{i}", ""), name) for i, name in members if name}
            absent = bool(request.POST.get(f"absent-{c.pk}"))
            if absent or any(str(v).strip() for v, _w in values.values()):
                rows.append({"where": c.candidate_number, "number": c.candidate_number, "members": values,
                             "absent": absent})  # fmt: skip
        try:
            count = services.panel_marks_save(part=part, actor=request.user, rows=rows)
        except ValidationError as exc:
            errors = getattr(exc, "extra", {}).get("errors") or exc.messages
            return self.get(request, exam_id, part_id, status=400, errors=errors)
        messages.success(request, _("%(n)s candidates marked.") % {"n": count})
        return redirect("exams:panel-marks", exam_id=self.exam.pk, part_id=part.pk)


class PanelTemplateView(PanelMarksView):
    """The xlsx template of the part's panel marks: its candidates pre-filled, read back by the import."""

    def get(self, request, exam_id: int, part_id: int):
        part = self.part()
        members = [name for name in _members(request, selectors.panel_sheet(part=part)) if name]
        try:
            data = services.panel_template_xlsx(part=part, members=members, actor=request.user)
        except ValidationError as exc:
            _refused(request, exc)
            return redirect("exams:panel-marks", exam_id=self.exam.pk, part_id=part.pk)
        return file_response(data, content_type=XLSX, filename=f"diem-hoi-dong-{self.exam.code}-{part.key}.xlsx")

    def post(self, request, *args, **kwargs):
        raise Http404


class PanelImportView(PanelMarksView):
    def post(self, request, exam_id: int, part_id: int):
        part = self.part()
        form = PanelFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                count = services.panel_marks_import(part=part, actor=request.user, upload=form.cleaned_data["file"])
            except ValidationError as exc:
                errors = getattr(exc, "extra", {}).get("errors") or exc.messages
                return self.get(request, exam_id, part_id, file_form=form, status=400, errors=errors)
            messages.success(request, _("%(n)s candidates marked from the file.") % {"n": count})
            return redirect("exams:panel-marks", exam_id=self.exam.pk, part_id=part.pk)
        return self.get(request, exam_id, part_id, file_form=form, status=400)


class ResultLookupView(View):
    """The public look-up (no login): a candidate number and a CCCD give that candidate's published result only."""

    template = "exams/results/lookup.html"

    def get(self, request):
        return render(request, self.template, {"form": ResultLookupForm()})

    def post(self, request):
        form = ResultLookupForm(request.POST)
        context, status = {"form": form}, 400
        if form.is_valid():
            try:
                context["result"], context["code"] = services.result_lookup(request=request, **form.cleaned_data)
                status = 200
            except CandidateLoginLocked as exc:
                context["refusal"], status = " ".join(exc.messages), 429
            except ValidationError as exc:
                context["refusal"] = " ".join(exc.messages)
        return render(request, self.template, context, status=status)


class CandidateResultView(View):
    """A logged-in candidate's own result, once published (his session reaches nothing else)."""

    def get(self, request):
        candidate = selectors.candidate_get_for_user(user=request.user)
        if candidate is None:
            raise Http404
        result = selectors.result_for_candidate(candidate=candidate)
        code = services.result_verification_code(result=result, sheet=result.exam.result_sheet) if result else ""
        return render(request, "exams/results/mine.html", {"candidate": candidate, "result": result, "code": code})
