"""The API of an exam's setup (under /api/exams/): the same services and selectors as the pages.

Role: the requester manages at least one exam (403 otherwise). Object: every exam is found through
`exam_get_for_user` and every child (position, part, room, shift, staff grant) within that exam: 404 for what is
not there or not his. Refusals are 400s naming the field."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from exams import selectors, services
from exams.serializers.reference import ProfileOutput
from exams.serializers.setup import (
    ExamInput,
    ExamListInput,
    ExamOutput,
    ExamOverviewOutput,
    ExamStatusInput,
    ExemptionGroundOutput,
    ExemptionGroundsInput,
    PartInput,
    PartOutput,
    PartPlanOutput,
    PositionInput,
    PositionOutput,
    PrefillInput,
    ProfileOfferedInput,
    QuotaInput,
    QuotaOutput,
    RoomInput,
    RoomOutput,
    RoomSessionOutput,
    RoomSessionsInput,
    ShiftInput,
    ShiftOutput,
    StaffInput,
    StaffOutput,
)


class ManagesExams(BasePermission):
    """Board members of at least one exam (or of every exam) and administrators."""

    def has_permission(self, request, view):
        return selectors.user_manages_exams(user=request.user)


def _parse(serializer_class, data, *, partial: bool = False) -> dict:
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ExamApi(APIView):
    """Base of the APIs of one exam: `self.exam` is found for the requester or the answer is 404."""

    permission_classes = [ManagesExams]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.exam = selectors.exam_get_for_user(user=request.user, exam_id=kwargs["exam_id"])
        if self.exam is None:
            raise Http404

    def child(self, getter, **ids):
        found = getter(exam=self.exam, **ids)
        if found is None:
            raise Http404
        return found


# --- Exams -----------------------------------------------------------------------------------------
class ExamListApi(APIView):
    permission_classes = [ManagesExams]

    @extend_schema(parameters=[ExamListInput], responses=ExamOutput(many=True))
    def get(self, request):
        data = _parse(ExamListInput, request.query_params.dict())
        exams = selectors.exam_list_with_counts_for_user(
            user=request.user, query=data.get("q", ""), status=data.get("status", "")
        )
        return Response(ExamOutput(exams, many=True).data)

    @extend_schema(request=ExamInput, responses={201: ExamOutput})
    def post(self, request):
        if not selectors.user_may_create_exams(user=request.user):
            raise PermissionDenied
        exam = services.exam_create(actor=request.user, **_parse(ExamInput, request.data))
        return Response(ExamOutput(exam).data, status=status.HTTP_201_CREATED)


class ExamDetailApi(ExamApi):
    @extend_schema(responses=ExamOutput)
    def get(self, request, exam_id: int):
        return Response(ExamOutput(self.exam).data)

    @extend_schema(request=ExamInput, responses=ExamOutput)
    def patch(self, request, exam_id: int):
        exam = services.exam_update(exam=self.exam, actor=request.user, **_parse(ExamInput, request.data, partial=True))
        return Response(ExamOutput(exam).data)


class ExamStatusApi(ExamApi):
    @extend_schema(request=ExamStatusInput, responses=ExamOutput)
    def post(self, request, exam_id: int):
        exam = services.exam_status_set(exam=self.exam, actor=request.user, **_parse(ExamStatusInput, request.data))
        return Response(ExamOutput(exam).data)


class ExamOverviewApi(ExamApi):
    """Counts, the checklist of what is missing before exam day, priority categories and exemption grounds."""

    @extend_schema(responses=ExamOverviewOutput)
    def get(self, request, exam_id: int):
        data = {
            "exam": self.exam,
            "summary": selectors.exam_summary(exam=self.exam),
            "checklist": selectors.exam_checklist(exam=self.exam),
            "priority_categories": selectors.exam_priority_categories(exam=self.exam),
            "exemption_grounds": selectors.exam_exemption_grounds(exam=self.exam),
        }
        return Response(ExamOverviewOutput(data).data)


class ProfileOfferedApi(APIView):
    """The regulation profiles an exam may follow (of its kind, in force on its date)."""

    permission_classes = [ManagesExams]

    @extend_schema(parameters=[ProfileOfferedInput], responses=ProfileOutput(many=True))
    def get(self, request):
        data = _parse(ProfileOfferedInput, request.query_params.dict())
        profiles = selectors.profile_list_offered(kind=data.get("kind", ""), on=data.get("on"))
        return Response(ProfileOutput(profiles, many=True).data)


class ExemptionGroundListApi(APIView):
    """The grounds for exemption from a part in force on a date (`part_key`, `profile` narrow them)."""

    permission_classes = [ManagesExams]

    @extend_schema(parameters=[ExemptionGroundsInput], responses=ExemptionGroundOutput(many=True))
    def get(self, request):
        data = _parse(ExemptionGroundsInput, request.query_params.dict())
        grounds = selectors.exemption_grounds_in_force(
            on=data.get("on") or timezone.localdate(), part_key=data.get("part_key"), profile_code=data.get("profile")
        )
        return Response(ExemptionGroundOutput(grounds, many=True).data)


# --- Positions and quotas --------------------------------------------------------------------------
class PositionListApi(ExamApi):
    @extend_schema(responses=PositionOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(PositionOutput(selectors.position_list_for_exam(exam=self.exam), many=True).data)

    @extend_schema(request=PositionInput, responses={201: PositionOutput})
    def post(self, request, exam_id: int):
        position = services.position_create(exam=self.exam, actor=request.user, **_parse(PositionInput, request.data))
        return Response(PositionOutput(position).data, status=status.HTTP_201_CREATED)


class PositionDetailApi(ExamApi):
    @extend_schema(responses=PositionOutput)
    def get(self, request, exam_id: int, position_id: int):
        return Response(PositionOutput(self.child(selectors.position_get, position_id=position_id)).data)

    @extend_schema(request=PositionInput, responses=PositionOutput)
    def patch(self, request, exam_id: int, position_id: int):
        position = self.child(selectors.position_get, position_id=position_id)
        changes = _parse(PositionInput, request.data, partial=True)
        return Response(PositionOutput(services.position_update(position=position, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, exam_id: int, position_id: int):
        position = self.child(selectors.position_get, position_id=position_id)
        services.position_delete(position=position, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class QuotaSetApi(ExamApi):
    """Set a position's quota in one agency (0 removes it)."""

    @extend_schema(request=QuotaInput, responses={200: QuotaOutput, 204: None})
    def put(self, request, exam_id: int, position_id: int):
        position = self.child(selectors.position_get, position_id=position_id)
        row = services.quota_set(position=position, actor=request.user, **_parse(QuotaInput, request.data))
        return Response(QuotaOutput(row).data) if row else Response(status=status.HTTP_204_NO_CONTENT)


# --- Parts ---------------------------------------------------------------------------------------
class PartListApi(ExamApi):
    @extend_schema(responses=PartOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(PartOutput(selectors.part_list_for_exam(exam=self.exam), many=True).data)

    @extend_schema(request=PartInput, responses={201: PartOutput})
    def post(self, request, exam_id: int):
        part = services.part_create(exam=self.exam, actor=request.user, **_parse(PartInput, request.data))
        return Response(PartOutput(part).data, status=status.HTTP_201_CREATED)


class PartDetailApi(ExamApi):
    @extend_schema(request=PartInput, responses=PartOutput)
    def patch(self, request, exam_id: int, part_id: int):
        part = self.child(selectors.part_get, part_id=part_id)
        changes = _parse(PartInput, request.data, partial=True)
        return Response(PartOutput(services.part_update(part=part, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, exam_id: int, part_id: int):
        services.part_delete(part=self.child(selectors.part_get, part_id=part_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartsPrefillApi(ExamApi):
    """GET: the parts the exam's profile gives (the plan); POST: create those the exam does not have yet."""

    @extend_schema(parameters=[PrefillInput], responses=PartPlanOutput(many=True))
    def get(self, request, exam_id: int):
        plan = services.parts_prefill_plan(exam=self.exam, **_parse(PrefillInput, request.query_params.dict()))
        return Response(PartPlanOutput(plan, many=True).data)

    @extend_schema(request=PrefillInput, responses={201: PartOutput(many=True)})
    def post(self, request, exam_id: int):
        parts = services.parts_prefill(exam=self.exam, actor=request.user, **_parse(PrefillInput, request.data))
        return Response(PartOutput(parts, many=True).data, status=status.HTTP_201_CREATED)


# --- Rooms, shifts and room sessions -------------------------------------------------------------
class RoomListApi(ExamApi):
    @extend_schema(responses=RoomOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(RoomOutput(selectors.room_list_for_exam(exam=self.exam), many=True).data)

    @extend_schema(request=RoomInput, responses={201: RoomOutput})
    def post(self, request, exam_id: int):
        room = services.room_create(exam=self.exam, actor=request.user, **_parse(RoomInput, request.data))
        return Response(RoomOutput(room).data, status=status.HTTP_201_CREATED)


class RoomDetailApi(ExamApi):
    @extend_schema(request=RoomInput, responses=RoomOutput)
    def patch(self, request, exam_id: int, room_id: int):
        room = self.child(selectors.room_get, room_id=room_id)
        changes = _parse(RoomInput, request.data, partial=True)
        return Response(RoomOutput(services.room_update(room=room, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, exam_id: int, room_id: int):
        services.room_delete(room=self.child(selectors.room_get, room_id=room_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShiftListApi(ExamApi):
    @extend_schema(responses=ShiftOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(ShiftOutput(selectors.shift_list_for_exam(exam=self.exam), many=True).data)

    @extend_schema(request=ShiftInput, responses={201: ShiftOutput})
    def post(self, request, exam_id: int):
        shift = services.shift_create(exam=self.exam, actor=request.user, **_parse(ShiftInput, request.data))
        return Response(ShiftOutput(shift).data, status=status.HTTP_201_CREATED)


class ShiftDetailApi(ExamApi):
    @extend_schema(request=ShiftInput, responses=ShiftOutput)
    def patch(self, request, exam_id: int, shift_id: int):
        shift = self.child(selectors.shift_get, shift_id=shift_id)
        changes = _parse(ShiftInput, request.data, partial=True)
        return Response(ShiftOutput(services.shift_update(shift=shift, actor=request.user, **changes)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, exam_id: int, shift_id: int):
        services.shift_delete(shift=self.child(selectors.shift_get, shift_id=shift_id), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RoomSessionListApi(ExamApi):
    """GET: which rooms sit in which shift; PUT: make it exactly the pairs given."""

    @extend_schema(responses=RoomSessionOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(RoomSessionOutput(selectors.room_session_list_for_exam(exam=self.exam), many=True).data)

    @extend_schema(request=RoomSessionsInput, responses=RoomSessionOutput(many=True))
    def put(self, request, exam_id: int):
        pairs = {(p["shift"], p["room"]) for p in _parse(RoomSessionsInput, request.data)["sessions"]}
        sessions = services.room_sessions_set(exam=self.exam, actor=request.user, pairs=pairs)
        return Response(RoomSessionOutput(sessions, many=True).data)


class RoomSessionFillApi(ExamApi):
    """Every room in every shift."""

    @extend_schema(request=None, responses=RoomSessionOutput(many=True))
    def post(self, request, exam_id: int):
        sessions = services.room_sessions_fill(exam=self.exam, actor=request.user)
        return Response(RoomSessionOutput(sessions, many=True).data)


# --- Staff ---------------------------------------------------------------------------------------
class StaffListApi(ExamApi):
    @extend_schema(responses=StaffOutput(many=True))
    def get(self, request, exam_id: int):
        return Response(StaffOutput(selectors.exam_staff_grants(exam=self.exam), many=True).data)

    @extend_schema(request=StaffInput, responses={201: StaffOutput})
    def post(self, request, exam_id: int):
        grant = services.exam_staff_assign(exam=self.exam, actor=request.user, **_parse(StaffInput, request.data))
        return Response(StaffOutput(grant).data, status=status.HTTP_201_CREATED)


class StaffDetailApi(ExamApi):
    @extend_schema(responses={204: None})
    def delete(self, request, exam_id: int, grant_id: int):
        grant = self.child(selectors.exam_staff_get, grant_id=grant_id)
        services.exam_staff_remove(exam=self.exam, grant=grant, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
