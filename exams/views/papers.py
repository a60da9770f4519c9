"""The papers tab of an exam (pages) and its API: blueprints, generation with progress, the pool's review and
draw, verification. Every page and endpoint finds its exam through the board's scoped selectors (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from drf_spectacular.utils import extend_schema
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted
from common.services import job_progress_get
from exams import selectors, services
from exams.forms import BlueprintForm
from exams.models import Exam, PaperForm
from exams.serializers import (
    BlueprintInput,
    BlueprintOutput,
    PaperFormDecideInput,
    PaperFormDecideOutput,
    PaperFormDetailOutput,
    PaperFormOutput,
    PartPapersOutput,
    VerifyOutput,
)
from exams.services.papers import bank_min_multiple, papers_job_running
from exams.tabs import exam_tab_register

exam_tab_register(url_name="exams:papers", label=gettext_lazy("Exam papers"), order=80)


def _exam_or_404(request, exam_id: int) -> Exam:
    exam = selectors.exam_get_for_user(exam_id=exam_id, user=request.user)
    if exam is None:
        raise Http404
    return exam


def _part_or_404(request, exam_id: int, part_id: int):
    part = selectors.part_get_for_user(exam_id=exam_id, part_id=part_id, user=request.user)
    if part is None:
        raise Http404
    return part


def _form_or_404(request, exam_id: int, form_id: int) -> PaperForm:
    form = selectors.paper_form_get_for_user(exam_id=exam_id, form_id=form_id, user=request.user)
    if form is None:
        raise Http404
    return form


def _summaries(exam: Exam) -> list[dict]:
    rows = []
    for part in selectors.paper_parts(exam=exam):
        summary = selectors.papers_part_summary(part=part)
        job = papers_job_running(part=part)
        summary["job"] = job
        summary["state"] = job_progress_get(job=job) if job else None
        rows.append(summary)
    return rows


# --- pages ---------------------------------------------------------------------------------------------
class PapersView(LoginRequiredMixin, View):
    """The papers tab: each part's blueprint, papers, candidates' papers, exposure and difficulty spread, with the
    generation's progress bar while it runs; buttons to generate, draw and verify."""

    template_name = "exams/papers/papers.html"

    def page(self, request, exam, *, errors=None, report=None, status=200):
        context = {"exam": exam, "parts": _summaries(exam), "errors": errors or {}, "report": report}
        context["pool"] = exam.paper_mode == Exam.PaperMode.POOL
        return render(request, self.template_name, context, status=status)

    def get(self, request, exam_id: int):
        return self.page(request, _exam_or_404(request, exam_id))


class PapersActionView(PapersView):
    """POST generate / draw for one part: queue the job (the page shows its progress) or show the refusal."""

    action = "generate"
    http_method_names = ["post"]  # a GET (a reload, a typed address) answers 405, not the tab with a stray argument

    def post(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        start = services.papers_generate_start if self.action == "generate" else services.papers_draw_start
        try:
            job = start(part=part, user=request.user)
        except ValidationError as exc:
            return self.page(request, part.exam, errors={part.pk: exc.messages}, status=400)
        return redirect("exams:papers-job", exam_id=part.exam_id, job_id=job.pk)


class PapersJobView(LoginRequiredMixin, View):
    """A generation or draw job of the exam: its progress bar, then its outcome (only the job's owner sees it)."""

    def get(self, request, exam_id: int, job_id):
        exam = _exam_or_404(request, exam_id)
        job = selectors.papers_job_get_for_user(exam=exam, job_id=job_id, user=request.user)
        if job is None:
            raise Http404
        context = {"exam": exam, "job": job, "state": job_progress_get(job=job)}
        return render(request, "exams/papers/job.html", context)


class PapersVerifyView(PapersView):
    def post(self, request, exam_id: int):
        exam = _exam_or_404(request, exam_id)
        report = services.papers_verify(exam=exam, user=request.user)
        return self.page(request, exam, report=report)


def _grid_rows(form: BlueprintForm, cell_errors: dict, multiple: int) -> list[dict]:
    """The grid's rows for the template: each cell with the values to show (what was typed, else what is saved)."""
    data = form.data if form.is_bound else {}
    labels = {d.value: d.label for d in form.grid["difficulties"]}
    rows = []
    for row in form.grid["rows"]:
        cells = []
        for cell in row["cells"]:
            count_name, points_name = f"{cell['key']}-count", f"{cell['key']}-points"
            count = data.get(count_name, cell["count"] or "") if form.is_bound else (cell["count"] or "")
            points = data.get(points_name, "") if form.is_bound else (cell["points"] if cell["points"] else "")
            short = bool(cell["count"]) and cell["available"] < multiple * cell["count"]
            errors = cell_errors.get(cell["key"], [])
            cells.append(
                {
                    **cell,
                    "label": labels[cell["difficulty"]],
                    "count_value": count,
                    "points_value": points,
                    "short": short,
                    "errors": errors,
                }
            )
        rows.append({"topic": row["topic"], "cells": cells})
    return rows


class BlueprintView(LoginRequiredMixin, View):
    """One part's blueprint: a topic × difficulty grid of the part's bank with the approved items of each cell."""

    template_name = "exams/papers/blueprint.html"

    def page(self, request, part, form, errors=None, status=200):
        errors = errors or {}
        multiple = bank_min_multiple(exam=part.exam)
        cell_errors = {**(form.cell_errors() if form.is_bound else {}), **errors}
        context = {
            "exam": part.exam,
            "part": part,
            "grid": form.grid,
            "rows": _grid_rows(form, cell_errors, multiple),
            "form": form,
            "errors": errors,
            "multiple": multiple,
            "parts": selectors.paper_parts(exam=part.exam),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        return self.page(request, part, BlueprintForm(selectors.blueprint_grid(part=part)))

    def post(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        form = BlueprintForm(selectors.blueprint_grid(part=part), request.POST)
        if not form.is_valid():
            return self.page(request, part, form, status=400)
        try:
            services.blueprint_save(part=part, cells=form.cells(), user=request.user)
        except ValidationError as exc:
            return self.page(request, part, form, errors=exc.message_dict, status=400)
        messages.success(request, _("The blueprint is saved."))
        return redirect("exams:papers-blueprint", exam_id=exam_id, part_id=part_id)


class PaperFormListView(LoginRequiredMixin, View):
    """A part's papers (đề), 50 a page: status, questions, digest; in pool mode the review buttons."""

    def get(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        page = Paginator(selectors.paper_form_list(part=part), 50).get_page(request.GET.get("page"))
        context = {"exam": part.exam, "part": part, "page": page, "pool": part.exam.paper_mode == Exam.PaperMode.POOL}
        context["summary"] = selectors.papers_part_summary(part=part)
        return render(request, "exams/papers/forms.html", context)


class PaperFormDetailView(LoginRequiredMixin, View):
    """One paper with its key, for the board (recorded in the audit trail)."""

    def get(self, request, exam_id: int, form_id: int):
        form = _form_or_404(request, exam_id, form_id)
        items = services.paper_form_preview(form=form, user=request.user)
        context = {"exam": form.part.exam, "part": form.part, "paper": form, "items": items}
        context["pool"] = form.part.exam.paper_mode == Exam.PaperMode.POOL
        return render(request, "exams/papers/form_detail.html", context)


class PaperFormDecideView(LoginRequiredMixin, View):
    """POST action=approve|reject|regenerate on one paper of a pool."""

    def post(self, request, exam_id: int, form_id: int):
        form = _form_or_404(request, exam_id, form_id)
        action = request.POST.get("action")
        try:
            if action == "regenerate":
                created = services.paper_form_regenerate(form=form, user=request.user)
                messages.success(request, _("Paper %(number)s was generated.") % {"number": created.number})
            elif action in ("approve", "reject"):
                decision = services.paper_form_decide(form=form, user=request.user, approve=action == "approve")
                messages.success(
                    request,
                    _("Paper %(number)s: %(status)s.")
                    % {"number": form.number, "status": decision.form.get_status_display()},
                )
                if decision.withdrawn:
                    text = _("%(count)s candidates' papers were withdrawn: draw the papers again.")
                    messages.warning(request, text % {"count": decision.withdrawn})
            else:
                raise Http404
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        return redirect("exams:papers-forms", exam_id=exam_id, part_id=form.part_id)


# --- API ---------------------------------------------------------------------------------------------------
def _blueprint_data(part) -> dict:
    grid = selectors.blueprint_grid(part=part)
    cells = [{**cell, "topic_name": row["topic"]["name"]} for row in grid["rows"] for cell in row["cells"]]
    return {
        "part": part.pk,
        "questions": part.questions,
        "total": grid["total"],
        "bank_min_multiple": bank_min_multiple(exam=part.exam),
        "cells": cells,
    }


class BlueprintApi(APIView):
    """A part's blueprint: GET the grid; PUT the cells (every refusal names its cell: `cell-<topic>-<difficulty>`)."""

    @extend_schema(responses=BlueprintOutput)
    def get(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        return Response(BlueprintOutput(_blueprint_data(part)).data)

    @extend_schema(request=BlueprintInput, responses=BlueprintOutput)
    def put(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        data = BlueprintInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.blueprint_save(part=part, cells=data.validated_data["cells"], user=request.user)
        return Response(BlueprintOutput(_blueprint_data(part)).data)


class PapersSummaryApi(APIView):
    """Each paper part of the exam: papers, candidates' papers, exposure, difficulty spread, running job."""

    @extend_schema(responses=PartPapersOutput(many=True))
    def get(self, request, exam_id: int):
        exam = _exam_or_404(request, exam_id)
        rows = [{**row, "job": str(row["job"].pk) if row["job"] else None} for row in _summaries(exam)]
        return Response(PartPapersOutput(rows, many=True).data)


class PapersGenerateApi(APIView):
    """Queue the generation of a part's papers: 202 with the job (progress at its status URL)."""

    @extend_schema(request=None, responses={202: dict})
    def post(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        return job_accepted(services.papers_generate_start(part=part, user=request.user))


class PapersDrawApi(APIView):
    """Queue the draw (pool mode): each candidate of the part gets one approved paper; 202 with the job."""

    @extend_schema(request=None, responses={202: dict})
    def post(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        return job_accepted(services.papers_draw_start(part=part, user=request.user))


class PaperFormListApi(APIView):
    """A part's papers by number (paginated: limit, offset); no content."""

    @extend_schema(responses=PaperFormOutput(many=True))
    def get(self, request, exam_id: int, part_id: int):
        part = _part_or_404(request, exam_id, part_id)
        paginator = LimitOffsetPagination()
        page = paginator.paginate_queryset(selectors.paper_form_list(part=part), request, view=self)
        return paginator.get_paginated_response(PaperFormOutput(page, many=True).data)


class PaperFormDetailApi(APIView):
    """One paper with its questions and key, for the board; every read is in the audit trail."""

    @extend_schema(responses=PaperFormDetailOutput)
    def get(self, request, exam_id: int, form_id: int):
        form = _form_or_404(request, exam_id, form_id)
        items = services.paper_form_preview(form=form, user=request.user)
        return Response(PaperFormDetailOutput({"form": form, "items": items}).data)


class PaperFormDecideApi(APIView):
    """Approve or reject a paper of a pool (before the first shift; rejecting a drawn paper withdraws the draw)."""

    @extend_schema(request=PaperFormDecideInput, responses=PaperFormDecideOutput)
    def post(self, request, exam_id: int, form_id: int):
        form = _form_or_404(request, exam_id, form_id)
        data = PaperFormDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.paper_form_decide(
            form=form,
            user=request.user,
            approve=data.validated_data["decision"] == "approve",
            note=data.validated_data["note"],
        )
        return Response(PaperFormDecideOutput({"form": decision.form, "withdrawn": decision.withdrawn}).data)


class PaperFormRegenerateApi(APIView):
    """Generate a new paper in place of a rejected one (pool mode); 201 with the new paper."""

    @extend_schema(request=None, responses={201: PaperFormOutput})
    def post(self, request, exam_id: int, form_id: int):
        form = _form_or_404(request, exam_id, form_id)
        created = services.paper_form_regenerate(form=form, user=request.user)
        return Response(PaperFormOutput(created).data, status=201)


class PapersVerifyApi(APIView):
    """Regenerate every paper and layout of the exam from its seed; names each that differs (ok false)."""

    @extend_schema(request=None, responses=VerifyOutput)
    def post(self, request, exam_id: int):
        exam = _exam_or_404(request, exam_id)
        return Response(VerifyOutput(services.papers_verify(exam=exam, user=request.user).as_dict()).data)
