"""The grading API of an exam (issue #16): bulk grading and item analysis as jobs, key corrections, runs, a grader's
own scripts and marks, reviews, item statistics. The board's endpoints find the exam through the board's scoped
selector, a grader's through the grader's; anything else is a 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted
from exams import selectors
from exams.models import Exam, ItemVersion, Part
from exams.selectors import grading as reads
from exams.serializers.grading import (
    GradeInput,
    GradingRunOutput,
    ItemStatisticOutput,
    KeyCorrectionInput,
    KeyCorrectionOutput,
    ReviewDecideInput,
    ReviewInput,
    ReviewOutput,
    ScriptMarkInput,
    ScriptMarkOutput,
)
from exams.services import grading as services
from exams.services.grading.reviews import review_decide, review_request
from exams.services.grading.scripts import script_mark_enter


def board_exam_or_404(request, exam_id: int) -> Exam:
    exam = selectors.exam_get_for_user(exam_id=exam_id, user=request.user)
    if exam is None:
        raise Http404
    return exam


def grader_exam_or_404(request, exam_id: int) -> Exam:
    exam = reads.exam_get_for_grader(user=request.user, exam_id=exam_id)
    if exam is None:
        raise Http404
    return exam


def part_of(exam: Exam, part_id) -> Part | None:
    if part_id in (None, ""):
        return None
    part = exam.parts.filter(pk=part_id).first()
    if part is None:
        raise Http404
    return part


class GradeApi(APIView):
    """Queue the bulk grading of the exam (or of one part): 202 with the job; its run lists whose mark changed."""

    @extend_schema(request=GradeInput, responses={202: dict})
    def post(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        data = GradeInput(data=request.data)
        data.is_valid(raise_exception=True)
        part = part_of(exam, data.validated_data.get("part"))
        job = services.grading_job_start(exam=exam, user=request.user, part=part, reason=data.validated_data["reason"])
        return job_accepted(job)


class AnalyseApi(APIView):
    """Queue the item analysis of the exam: 202 with the job."""

    @extend_schema(request=GradeInput, responses={202: dict})
    def post(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        data = GradeInput(data=request.data)
        data.is_valid(raise_exception=True)
        part = part_of(exam, data.validated_data.get("part"))
        return job_accepted(
            services.grading_job_start(exam=exam, user=request.user, kind=services.KIND_ANALYSE, part=part)
        )


class GradingRunListApi(APIView):
    """The exam's latest grading runs with every candidate whose mark changed (old → new)."""

    @extend_schema(responses=GradingRunOutput(many=True))
    def get(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        return Response(GradingRunOutput(reads.grading_runs(exam=exam), many=True).data)


class KeyCorrectionApi(APIView):
    """GET the exam's key corrections; POST one (the right options, or every answer accepted, and why)."""

    @extend_schema(responses=KeyCorrectionOutput(many=True))
    def get(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        return Response(KeyCorrectionOutput(reads.key_corrections(exam=exam), many=True).data)

    @extend_schema(request=KeyCorrectionInput, responses={201: KeyCorrectionOutput})
    def post(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        data = KeyCorrectionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        version = ItemVersion.objects.filter(pk=values["version"]).first()
        if version is None:
            raise Http404
        fix = services.key_correction_set(
            exam=exam,
            version=version,
            actor=request.user,
            reason=values["reason"],
            correct=values["correct"],
            accept_all=values["accept_all"],
        )
        return Response(KeyCorrectionOutput(fix).data, status=201)


class MyScriptsApi(APIView):
    """A grader's own scripts on this exam: code, part, his turn and score; never a name or another's mark."""

    @extend_schema(responses=ScriptMarkOutput(many=True))
    def get(self, request, exam_id: int):
        exam = grader_exam_or_404(request, exam_id)
        return Response(ScriptMarkOutput(reads.scripts_for_grader(user=request.user, exam=exam), many=True).data)


class ScriptMarkApi(APIView):
    """POST the grader's score of one of his scripts (a third grader or the final mark follows the rule)."""

    @extend_schema(request=ScriptMarkInput, responses=ScriptMarkOutput)
    def post(self, request, exam_id: int, mark_id: int):
        exam = grader_exam_or_404(request, exam_id)
        mark = reads.script_mark_get_for_grader(user=request.user, exam=exam, mark_id=mark_id)
        if mark is None:
            raise Http404
        data = ScriptMarkInput(data=request.data)
        data.is_valid(raise_exception=True)
        mark = script_mark_enter(mark=mark, grader=request.user, **data.validated_data)
        return Response(ScriptMarkOutput(mark).data)


class ReviewApi(APIView):
    """GET the exam's reviews; POST a request for review of a mark (refused where or when the profile allows none)."""

    @extend_schema(responses=ReviewOutput(many=True))
    def get(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        return Response(ReviewOutput(reads.reviews_of_exam(exam=exam), many=True).data)

    @extend_schema(request=ReviewInput, responses={201: ReviewOutput})
    def post(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        data = ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        mark = reads.mark_get_for_board(exam=exam, mark_id=data.validated_data["mark"])
        if mark is None:
            raise Http404
        review = review_request(mark=mark, reason=data.validated_data["reason"], actor=request.user)
        return Response(ReviewOutput(review).data, status=201)


class ReviewDecideApi(APIView):
    """POST the outcome and the score after review; the mark keeps the earlier score."""

    @extend_schema(request=ReviewDecideInput, responses=ReviewOutput)
    def post(self, request, exam_id: int, review_id: int):
        exam = board_exam_or_404(request, exam_id)
        review = reads.review_get_for_board(exam=exam, review_id=review_id)
        if review is None:
            raise Http404
        data = ReviewDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(ReviewOutput(review_decide(review=review, actor=request.user, **data.validated_data)).data)


class ItemStatisticListApi(APIView):
    """The exam's item statistics per item version and paper, with the bank's flags."""

    @extend_schema(responses=ItemStatisticOutput(many=True))
    def get(self, request, exam_id: int):
        exam = board_exam_or_404(request, exam_id)
        rows = reads.item_statistics_of_exam(exam=exam)
        for row in rows:
            row.flags = services.item_flags(statistic=row)
        return Response(ItemStatisticOutput(rows, many=True).data)
