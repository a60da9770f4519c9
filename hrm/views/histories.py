"""API of a staff member's annual ratings, rewards and discipline.

Everyone who may see the record reads them (the staff member too); only its HR officers and province
administrators write (hrm.selectors.edit): the staff member himself gets 403, everyone else 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from hrm import selectors, serializers
from hrm.models import AnnualRating, Discipline, Reward
from hrm.selectors.edit import employee_for_writer_or_refuse
from hrm.selectors.histories import history_row_get, history_rows
from hrm.services import histories


@dataclass(frozen=True)
class HistorySpec:
    model: type
    select: tuple  # related rows the output reads
    input: type
    output: type
    create: Callable
    update: Callable
    delete: Callable
    values: Callable
    arg: str  # the row's keyword in the update and delete services


RATINGS = HistorySpec(
    AnnualRating, ("level",), serializers.RatingInput, serializers.RatingOutput, histories.rating_create,
    histories.rating_update, histories.rating_delete, histories.rating_values, "rating",
)
REWARDS = HistorySpec(
    Reward, (), serializers.RewardInput, serializers.RewardOutput, histories.reward_create,
    histories.reward_update, histories.reward_delete, histories.reward_values, "reward",
)
DISCIPLINE = HistorySpec(
    Discipline, ("form",), serializers.DisciplineInput, serializers.DisciplineOutput,
    histories.discipline_create, histories.discipline_update, histories.discipline_delete,
    histories.discipline_values, "discipline",
)


class _HistoryApi(APIView):
    spec: HistorySpec

    def rows(self, employee):
        return history_rows(employee=employee, model=self.spec.model, select=self.spec.select)

    def employee_to_read(self, request, employee_id: int):
        employee = selectors.employee_get_for_user(user=request.user, employee_id=employee_id)
        if employee is None:
            raise Http404
        return employee

    def row_of(self, employee, pk: int):
        row = history_row_get(employee=employee, model=self.spec.model, pk=pk, select=self.spec.select)
        if row is None:
            raise Http404
        return row


class HistoryListApi(_HistoryApi):
    def get(self, request, employee_id: int):
        employee = self.employee_to_read(request, employee_id)
        return Response(self.spec.output(self.rows(employee), many=True).data)

    def post(self, request, employee_id: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        data = self.spec.input(data=request.data)
        data.is_valid(raise_exception=True)
        row = self.spec.create(employee=employee, actor=request.user, **data.validated_data)
        return Response(self.spec.output(self.row_of(employee, row.pk)).data, status=status.HTTP_201_CREATED)


class HistoryDetailApi(_HistoryApi):
    def get(self, request, employee_id: int, pk: int):
        employee = self.employee_to_read(request, employee_id)
        return Response(self.spec.output(self.row_of(employee, pk)).data)

    def patch(self, request, employee_id: int, pk: int):
        """Correct some fields; the others keep their recorded values and every rule is checked again."""
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        row = self.row_of(employee, pk)
        data = self.spec.input(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {**self.spec.values(row), **data.validated_data}
        self.spec.update(**{self.spec.arg: row}, actor=request.user, **values)
        return Response(self.spec.output(self.row_of(employee, pk)).data)

    def delete(self, request, employee_id: int, pk: int):
        employee = employee_for_writer_or_refuse(user=request.user, employee_id=employee_id)
        self.spec.delete(**{self.spec.arg: self.row_of(employee, pk)}, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _list_api(name: str, spec: HistorySpec, doc: str) -> type:
    view = type(name, (HistoryListApi,), {"spec": spec, "__doc__": doc})
    return extend_schema_view(
        get=extend_schema(responses=spec.output(many=True)),
        post=extend_schema(request=spec.input, responses={201: spec.output}),
    )(view)


def _detail_api(name: str, spec: HistorySpec, doc: str) -> type:
    view = type(name, (HistoryDetailApi,), {"spec": spec, "__doc__": doc})
    return extend_schema_view(
        get=extend_schema(responses=spec.output),
        patch=extend_schema(request=spec.input, responses=spec.output),
        delete=extend_schema(responses={204: None}),
    )(view)


RatingListApi = _list_api("RatingListApi", RATINGS, "Annual quality ratings (one a year, levels from the rules).")
RatingDetailApi = _detail_api("RatingDetailApi", RATINGS, "One annual rating: read, correct, delete.")
RewardListApi = _list_api("RewardListApi", REWARDS, "Rewards of a staff member.")
RewardDetailApi = _detail_api("RewardDetailApi", REWARDS, "One reward: read, correct, delete.")
DisciplineListApi = _list_api("DisciplineListApi", DISCIPLINE, "Discipline (delays the next regular step raise).")
DisciplineDetailApi = _detail_api("DisciplineDetailApi", DISCIPLINE, "One discipline: read, correct, delete.")
