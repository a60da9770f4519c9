"""Exam-board pages of an exam's candidates (tab 60) and eligibility (tab 65): applicants, claims with evidence,
the import, staff drawn into promotion exams, the eligibility list. Every page answers 404 outside the
requester's exams."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from exams import selectors
from exams.forms.candidates import (
    ApplicantForm,
    CandidateEditForm,
    CandidateFilterForm,
    CandidateImportForm,
    ClaimDecideForm,
    ClaimForm,
    EvidenceForm,
    StaffPickForm,
    StaffSearchForm,
    WithdrawForm,
)
from exams.models import Candidate, Exam
from exams.services.applicants import (
    applicant_register,
    candidate_update,
    candidate_withdraw,
    claim_add,
    claim_decide,
    claim_evidence_attach,
    claim_evidence_viewed,
)
from exams.services.candidate_import import COLUMNS, candidate_import_start, candidate_import_template
from exams.services.promotion import eligibility_recompute, staff_candidates_add
from exams.tabs import exam_tab_register
from hrm.forms import add_service_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
exam_tab_register(url_name="exams:candidates", label=gettext_lazy("Candidates"), order=60)
exam_tab_register(url_name="exams:eligibility", label=gettext_lazy("Eligibility"), order=65)


class ExamPageMixin(LoginRequiredMixin):
    """The exam of the URL when the user manages it; 404 otherwise (not there or not his)."""

    tab = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.exam: Exam = selectors.exam_get_for_user(exam_id=kwargs["exam_id"], user=request.user)
        if self.exam is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def page(self, template: str, context: dict, status: int = 200):
        context = {"exam": self.exam, "tab": self.tab, **context}
        return render(self.request, template, context, status=status)

    def candidate(self, candidate_id: int) -> Candidate:
        found = selectors.exam_candidate_get_for_user(
            user=self.request.user, exam_id=self.exam.pk, candidate_id=candidate_id
        )
        if found is None:
            raise Http404
        return found


def _back_to(candidate: Candidate):
    return redirect("exams:candidate-detail", exam_id=candidate.exam_id, candidate_id=candidate.pk)


class CandidateListView(ExamPageMixin, View):
    tab = "exams:candidates"

    def get(self, request, exam_id: int):
        form = CandidateFilterForm(request.GET or None, exam=self.exam)
        candidates = selectors.candidate_list(exam=self.exam, filters=form.values())
        page = Paginator(candidates, 100).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return self.page("exams/candidates/list.html", {"form": form, "page": page, "query": query.urlencode()})


class ApplicantCreateView(ExamPageMixin, View):
    tab = "exams:candidates"

    def get(self, request, exam_id: int):
        return self.page("exams/candidates/new.html", {"form": ApplicantForm(exam=self.exam)})

    def post(self, request, exam_id: int):
        form = ApplicantForm(request.POST, exam=self.exam)
        if form.is_valid():
            try:
                candidate = applicant_register(exam=self.exam, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The applicant is registered."))
                return _back_to(candidate)
        return self.page("exams/candidates/new.html", {"form": form}, status=400)


class CandidateDetailView(ExamPageMixin, View):
    tab = "exams:candidates"

    def _context(self, candidate, **forms) -> dict:
        initial = {
            "position": candidate.position_id,
            "agency": candidate.agency_id,
            "phone": candidate.phone,
            "email": candidate.email,
        }
        return {
            "candidate": candidate,
            "claims": candidate.claims.all(),
            "seats": selectors.candidate_seats(candidate=candidate),
            "reasons": selectors.reasons_in_words(candidate.eligibility),
            "edit_form": forms.get("edit_form") or CandidateEditForm(initial=initial, exam=self.exam),
            "claim_form": forms.get("claim_form") or ClaimForm(exam=self.exam),
            "withdraw_form": WithdrawForm(),
            "bad_claim": forms.get("bad_claim"),
        }

    def get(self, request, exam_id: int, candidate_id: int):
        return self.page("exams/candidates/detail.html", self._context(self.candidate(candidate_id)))


class CandidateEditView(CandidateDetailView):
    def post(self, request, exam_id: int, candidate_id: int):
        candidate = self.candidate(candidate_id)
        form = CandidateEditForm(request.POST, exam=self.exam)
        if form.is_valid():
            try:
                candidate_update(candidate=candidate, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return _back_to(candidate)
        return self.page("exams/candidates/detail.html", self._context(candidate, edit_form=form), status=400)


class CandidateWithdrawView(ExamPageMixin, View):
    def post(self, request, exam_id: int, candidate_id: int):
        candidate = self.candidate(candidate_id)
        form = WithdrawForm(request.POST)
        try:
            candidate_withdraw(candidate=candidate, actor=request.user, note=form.data.get("note", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The candidate has withdrawn."))
        return _back_to(candidate)


class ClaimAddView(CandidateDetailView):
    def post(self, request, exam_id: int, candidate_id: int):
        candidate = self.candidate(candidate_id)
        form = ClaimForm(request.POST, request.FILES, exam=self.exam)
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim_add(
                    candidate=candidate,
                    actor=request.user,
                    kind=data["kind"],
                    priority_key=data["priority_key"],
                    part_key=data["part_key"],
                    reason=data["reason"],
                    upload=data["evidence"],
                )
            except ValidationError as exc:
                add_service_errors(form, _on_evidence(exc))
            else:
                messages.success(request, _("The claim is recorded."))
                return _back_to(candidate)
        return self.page("exams/candidates/detail.html", self._context(candidate, claim_form=form), status=400)


def _on_evidence(exc: ValidationError) -> ValidationError:
    """The attachment check names its field `file`; here the field is `evidence`."""
    if hasattr(exc, "error_dict") and "file" in exc.error_dict:
        return ValidationError({"evidence": exc.error_dict["file"]})
    return exc


class _ClaimView(ExamPageMixin, View):
    def claim(self, claim_id: int):
        found = selectors.claim_get_for_user(user=self.request.user, exam_id=self.exam.pk, claim_id=claim_id)
        if found is None:
            raise Http404
        return found


class ClaimDecideView(_ClaimView):
    def post(self, request, exam_id: int, claim_id: int):
        claim = self.claim(claim_id)
        form = ClaimDecideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to accept or reject the claim."))
            return _back_to(claim.candidate)
        try:
            claim_decide(
                claim=claim,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is recorded."))
        return _back_to(claim.candidate)


class ClaimEvidenceAttachView(_ClaimView):
    def post(self, request, exam_id: int, claim_id: int):
        claim = self.claim(claim_id)
        form = EvidenceForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose the scanned file."))
            return _back_to(claim.candidate)
        try:
            claim_evidence_attach(claim=claim, actor=request.user, upload=form.cleaned_data["evidence"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The evidence is attached."))
        return _back_to(claim.candidate)


class ClaimEvidenceView(_ClaimView):
    """The scanned evidence, served within the exam's scope (never from /media/); audited."""

    def get(self, request, exam_id: int, claim_id: int):
        claim = self.claim(claim_id)
        if not claim.evidence or not claim.evidence.storage.exists(claim.evidence.name):
            raise Http404
        claim_evidence_viewed(claim=claim, actor=request.user)
        suffix = claim.evidence.name.rsplit(".", 1)[-1]
        return FileResponse(
            claim.evidence.open("rb"),
            content_type=claim.evidence_content_type,
            as_attachment=True,
            filename=f"claim-{claim.pk}.{suffix}",
        )


class CandidateImportView(ExamPageMixin, View):
    tab = "exams:candidates"

    def _page(self, form, result=None):
        status = 400 if form.errors or (result and result["errors"]) else 200
        return self.page("exams/candidates/import.html", {"form": form, "result": result, "columns": COLUMNS}, status)

    def get(self, request, exam_id: int):
        return self._page(CandidateImportForm())

    def post(self, request, exam_id: int):
        form = CandidateImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(form)
        try:
            outcome = candidate_import_start(
                exam=self.exam,
                actor=request.user,
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
            return self._page(form)
        if outcome.queued:
            return redirect("common:job-detail", job_id=outcome.job.pk)
        return self._page(CandidateImportForm(initial={"dry_run": form.cleaned_data["dry_run"]}), outcome.result)


class CandidateImportTemplateView(ExamPageMixin, View):
    def get(self, request, exam_id: int):
        response = HttpResponse(candidate_import_template(), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="mau-nhap-thi-sinh.xlsx"'
        return response


class StaffPickView(ExamPageMixin, View):
    """Promotion exams: search the staff a board member may draw in, tick, choose the position, add."""

    tab = "exams:candidates"

    def _found(self, q: str):
        return selectors.staff_search(exam=self.exam, q=q)

    def get(self, request, exam_id: int):
        q = StaffSearchForm(request.GET).query()
        form = StaffPickForm(exam=self.exam)
        return self.page("exams/candidates/staff_pick.html", {"form": form, "q": q, "staff": self._found(q)})

    def post(self, request, exam_id: int):
        form = StaffPickForm(request.POST, exam=self.exam)
        if form.is_valid():
            try:
                done = staff_candidates_add(
                    exam=self.exam,
                    actor=request.user,
                    employee_ids=form.cleaned_data["employees"],
                    position=form.cleaned_data["position"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(added)s added, %(skipped)s already candidates.") % done)
                return redirect("exams:eligibility", exam_id=self.exam.pk)
        q = StaffSearchForm(request.POST).query()
        return self.page("exams/candidates/staff_pick.html", {"form": form, "q": q, "staff": self._found(q)}, 400)


class EligibilityView(ExamPageMixin, View):
    tab = "exams:eligibility"

    def get(self, request, exam_id: int):
        return self.page("exams/candidates/eligibility.html", selectors.eligibility_rows(exam=self.exam))


class EligibilityRecomputeView(ExamPageMixin, View):
    def post(self, request, exam_id: int):
        try:
            counts = eligibility_recompute(exam=self.exam, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Checked again: %(eligible)s eligible, %(ineligible)s not eligible.") % counts)
        return redirect(reverse("exams:eligibility", args=[self.exam.pk]))
