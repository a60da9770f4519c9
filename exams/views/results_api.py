"""REST API of results (issue #16) under /api/exams/<id>/results/: the exam through the board's scoped selector
(404 for anybody else, outsiders included), the input through a serializer, one service call."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from exams import selectors
from exams.selectors import results as reads
from exams.serializers.results import (
    PanelMarkedOutput,
    PanelMarksInput,
    ReopenInput,
    ResultsOutput,
    TieDecisionInput,
)
from exams.services import results as services


def _parse(serializer_class, data) -> dict:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class _ExamResultsApi(APIView):
    permission_classes = [IsAuthenticated]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.exam = selectors.exam_get_for_user(user=request.user, exam_id=kwargs["exam_id"])
        if self.exam is None:
            raise Http404

    def results(self) -> Response:
        sheet = selectors.result_sheet(exam=self.exam)
        rows = [r for group in selectors.results_by_position(exam=self.exam) for r in group["results"]]
        return Response(ResultsOutput({"sheet": sheet, "results": rows}).data)


class ResultListApi(_ExamResultsApi):
    @extend_schema(responses=ResultsOutput)
    def get(self, request, exam_id: int):
        return self.results()


class ResultsActionApi(_ExamResultsApi):
    """POST compute, publish or reopen (with a reason); the results after it. One URL per action (urls.py)."""

    action = "compute"

    @extend_schema(request=ReopenInput, responses=ResultsOutput)
    def post(self, request, exam_id: int):
        if self.action == "compute":
            services.results_compute(exam=self.exam, actor=request.user)
        elif self.action == "publish":
            services.results_publish(exam=self.exam, actor=request.user)
        else:
            services.results_reopen(exam=self.exam, actor=request.user, **_parse(ReopenInput, request.data))
        return self.results()


class TieDecisionApi(_ExamResultsApi):
    @extend_schema(request=TieDecisionInput, responses=ResultsOutput)
    def post(self, request, exam_id: int, position_id: int):
        position = reads.position_of_exam(exam=self.exam, position_id=position_id)
        if position is None:
            raise Http404
        data = _parse(TieDecisionInput, request.data)
        agency = reads.agency_get(agency_id=data.pop("agency", None))
        services.tie_decide(exam=self.exam, position=position, agency=agency, actor=request.user, **data)
        return self.results()


class PanelMarksApi(_ExamResultsApi):
    """The panel's marks of one part: {"rows": [{"candidate_number", "members": {name: mark}, "absent"}]}."""

    @extend_schema(request=PanelMarksInput, responses=PanelMarkedOutput)
    def post(self, request, exam_id: int, part_id: int):
        part = selectors.panel_part_get(exam=self.exam, part_id=part_id)
        if part is None:
            raise Http404
        rows = [
            {"where": row["candidate_number"], "number": row["candidate_number"], "absent": row["absent"],
             "members": {name: (value, name) for name, value in row["members"].items()}}
            for row in _parse(PanelMarksInput, request.data)["rows"]
        ]  # fmt: skip
        count = services.panel_marks_save(part=part, actor=request.user, rows=rows, source="api")
        return Response(PanelMarkedOutput({"marked": count}).data)
