"""API of a staff member's annual ratings, rewards, discipline, training and degrees, family and earlier career.

Everyone who may see the record reads them (the staff member too); only its HR officers and province
administrators write (hrm.selectors.edit): the staff member himself gets 403, everyone else 404.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from hrm import selectors, serializers
from hrm.histories import HISTORY_KINDS, HistoryKind
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.selectors.histories import history_row_get, history_rows

# The API shapes (input, output) of each kind HR officers keep by hand (the kinds themselves: hrm.histories).
SHAPES = {
    "rating": (serializers.RatingInput, serializers.RatingOutput),
    "reward": (serializers.RewardInput, serializers.RewardOutput),
    "discipline": (serializers.DisciplineInput, serializers.DisciplineOutput),
    "qualification": (serializers.QualificationInput, serializers.QualificationOutput),
    "family": (serializers.FamilyMemberInput, serializers.FamilyMemberOutput),
    "career": (serializers.CareerEntryInput, serializers.CareerEntryOutput),
}


class _HistoryApi(APIView):
    kind: str

    @property
    def spec(self) -> HistoryKind:
        return HISTORY_KINDS[self.kind]

    @property
    def input(self) -> type:
        return SHAPES[self.kind][0]

    @property
    def output(self) -> type:
        return SHAPES[self.kind][1]

    def rows(self, employee):
        return history_rows(employee=employee, kind=self.spec)

    def employee_to_read(self, request, employee_id: int):
        employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404
        return employee

    def row_of(self, employee, pk: int):
        row = history_row_get(employee=employee, kind=self.spec, pk=pk)
        if row is None:
            raise Http404
        return row


class HistoryListApi(_HistoryApi):
    def get(self, request, employee_id: int):
        employee = self.employee_to_read(request, employee_id)
        return Response(self.output(self.rows(employee), many=True).data)

    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        data = self.input(data=request.data)
        data.is_valid(raise_exception=True)
        row = self.spec.create(employee=employee, actor=request.user, **data.validated_data)
        return Response(self.output(self.row_of(employee, row.pk)).data, status=status.HTTP_201_CREATED)


class HistoryDetailApi(_HistoryApi):
    def get(self, request, employee_id: int, pk: int):
        employee = self.employee_to_read(request, employee_id)
        return Response(self.output(self.row_of(employee, pk)).data)

    def patch(self, request, employee_id: int, pk: int):
        """Correct some fields; the others keep their recorded values and every rule is checked again."""
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        row = self.row_of(employee, pk)
        data = self.input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {**self.spec.values(row), **data.validated_data}
        self.spec.update(**{self.kind: row}, actor=request.user, **values)
        return Response(self.output(self.row_of(employee, pk)).data)

    def delete(self, request, employee_id: int, pk: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        self.spec.delete(**{self.kind: self.row_of(employee, pk)}, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _list_api(name: str, kind: str, doc: str) -> type:
    view = type(name, (HistoryListApi,), {"kind": kind, "__doc__": doc})
    shape_in, shape_out = SHAPES[kind]
    return extend_schema_view(
        get=extend_schema(responses=shape_out(many=True)),
        post=extend_schema(request=shape_in, responses={201: shape_out}),
    )(view)


def _detail_api(name: str, kind: str, doc: str) -> type:
    view = type(name, (HistoryDetailApi,), {"kind": kind, "__doc__": doc})
    shape_in, shape_out = SHAPES[kind]
    return extend_schema_view(
        get=extend_schema(responses=shape_out),
        patch=extend_schema(request=shape_in, responses=shape_out),
        delete=extend_schema(responses={204: None}),
    )(view)


RatingListApi = _list_api("RatingListApi", "rating", "Annual quality ratings (one a year, levels from the rules).")
RatingDetailApi = _detail_api("RatingDetailApi", "rating", "One annual rating: read, correct, delete.")
RewardListApi = _list_api("RewardListApi", "reward", "Rewards of a staff member.")
RewardDetailApi = _detail_api("RewardDetailApi", "reward", "One reward: read, correct, delete.")
DisciplineListApi = _list_api("DisciplineListApi", "discipline", "Discipline (delays the next regular step raise).")
DisciplineDetailApi = _detail_api("DisciplineDetailApi", "discipline", "One discipline: read, correct, delete.")
QualificationListApi = _list_api("QualificationListApi", "qualification", "Training and degrees (form 2C item 27).")
QualificationDetailApi = _detail_api(
    "QualificationDetailApi", "qualification", "One degree or course: read, correct, delete."
)
FamilyListApi = _list_api("FamilyListApi", "family", "Family relations, own and spouse's side (form 2C item 30).")
FamilyDetailApi = _detail_api("FamilyDetailApi", "family", "One family member: read, correct, delete.")
CareerListApi = _list_api("CareerListApi", "career", "Work before joining the registry's units (form 2C item 28).")
CareerDetailApi = _detail_api("CareerDetailApi", "career", "One period of earlier career: read, correct, delete.")
