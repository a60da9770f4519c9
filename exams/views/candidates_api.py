"""REST API of an exam's candidates, claims, import, promotion eligibility and seating (under /api/exams/).

Each view: the exam (or room session) through a scoped selector (404 outside the requester's scope), the input
through a serializer (400 naming the field), one service call, the output serializer."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import job_accepted, request_object
from common.errors import ApplicationError
from exams import selectors
from exams.models import Exam
from exams.serializers.candidates import (
    AccessCodesInput,
    AddedOutput,
    ApplicantInput,
    CandidateFilterInput,
    CandidateImportInput,
    CandidateOutput,
    CandidateUpdateInput,
    ClaimDecisionInput,
    ClaimInput,
    ClaimOutput,
    EligibilityCountsOutput,
    EligibilityOutput,
    EvidenceInput,
    SeatingInput,
    SeatingResultOutput,
    ShiftSeatsOutput,
    StaffCandidatesInput,
    StaffPickOutput,
    StaffSearchInput,
    WithdrawInput,
)
from exams.services.admission import access_cards_issue, room_list_pdf, room_list_xlsx
from exams.services.applicants import (
    applicant_register,
    candidate_update,
    candidate_withdraw,
    claim_add,
    claim_decide,
    claim_evidence_attach,
)
from exams.services.candidate_import import candidate_import_start
from exams.services.promotion import eligibility_recompute, staff_candidates_add
from exams.services.seating import seating_assign
from exams.views.candidates import XLSX
from exams.views.seating import file_response


def _valid(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class ExamApi(APIView):
    """An API view under one exam the requester manages (404 otherwise)."""

    permission_classes = [IsAuthenticated]

    def exam(self, exam_id: int) -> Exam:
        exam = selectors.exam_get_for_user(exam_id=exam_id, user=self.request.user)
        if exam is None:
            raise Http404
        return exam

    def candidate(self, exam_id: int, candidate_id: int):
        found = selectors.exam_candidate_get_for_user(
            user=self.request.user, exam_id=exam_id, candidate_id=candidate_id
        )
        if found is None:
            raise Http404
        return found

    def claim(self, exam_id: int, claim_id: int):
        found = selectors.claim_get_for_user(user=self.request.user, exam_id=exam_id, claim_id=claim_id)
        if found is None:
            raise Http404
        return found


def _position_agency(exam: Exam, data: dict) -> dict:
    """Ids of the input → objects (None when not of this exam: the service refuses on the field)."""
    data = dict(data)
    data["position"] = selectors.exam_position_get(exam=exam, position_id=data.get("position"))
    agency_id = data.get("agency")
    data["agency"] = selectors.org_unit_get(unit_id=agency_id)
    if agency_id and data["agency"] is None:
        raise ApplicationError(_("This position has no quota in this agency."), field="agency")
    return data


class CandidateListApi(ExamApi):
    @extend_schema(parameters=[CandidateFilterInput], responses=CandidateOutput(many=True))
    def get(self, request, exam_id: int):
        """The exam's candidates, filtered (position id, status, claims, q)."""
        exam = self.exam(exam_id)
        filters = _valid(CandidateFilterInput, request.query_params.dict())
        candidates = selectors.candidate_list(exam=exam, filters=filters).prefetch_related("claims")
        return Response(CandidateOutput(candidates, many=True).data)

    @extend_schema(request=ApplicantInput, responses={201: CandidateOutput})
    def post(self, request, exam_id: int):
        """Register an external applicant (recruitment exams)."""
        exam = self.exam(exam_id)
        data = _position_agency(exam, _valid(ApplicantInput, request_object(request)))
        candidate = applicant_register(exam=exam, actor=request.user, **data)
        return Response(CandidateOutput(candidate).data, status=201)


class CandidateDetailApi(ExamApi):
    @extend_schema(responses=CandidateOutput)
    def get(self, request, exam_id: int, candidate_id: int):
        return Response(CandidateOutput(self.candidate(exam_id, candidate_id)).data)

    @extend_schema(request=CandidateUpdateInput, responses=CandidateOutput)
    def patch(self, request, exam_id: int, candidate_id: int):
        """Change a candidate's position, agency or contact."""
        candidate = self.candidate(exam_id, candidate_id)
        data = _position_agency(candidate.exam, _valid(CandidateUpdateInput, request_object(request)))
        return Response(CandidateOutput(candidate_update(candidate=candidate, actor=request.user, **data)).data)


class CandidateWithdrawApi(ExamApi):
    @extend_schema(request=WithdrawInput, responses=CandidateOutput)
    def post(self, request, exam_id: int, candidate_id: int):
        candidate = self.candidate(exam_id, candidate_id)
        data = _valid(WithdrawInput, request_object(request))
        return Response(CandidateOutput(candidate_withdraw(candidate=candidate, actor=request.user, **data)).data)


class ClaimCreateApi(ExamApi):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request={"multipart/form-data": ClaimInput}, responses={201: ClaimOutput})
    def post(self, request, exam_id: int, candidate_id: int):
        """A priority or exemption claim with its scanned evidence (PDF, JPEG or PNG)."""
        candidate = self.candidate(exam_id, candidate_id)
        data = _valid(ClaimInput, request.data)
        claim = claim_add(candidate=candidate, actor=request.user, upload=data.pop("evidence"), **data)
        return Response(ClaimOutput(claim).data, status=201)


class ClaimEvidenceApi(ExamApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": EvidenceInput}, responses=ClaimOutput)
    def post(self, request, exam_id: int, claim_id: int):
        """Attach (or replace) a claim's evidence; the claim waits for a decision again."""
        claim = self.claim(exam_id, claim_id)
        data = _valid(EvidenceInput, request.data)
        return Response(
            ClaimOutput(claim_evidence_attach(claim=claim, actor=request.user, upload=data["evidence"])).data
        )


class ClaimDecisionApi(ExamApi):
    @extend_schema(request=ClaimDecisionInput, responses=ClaimOutput)
    def post(self, request, exam_id: int, claim_id: int):
        """The board accepts or rejects a claim (audited)."""
        claim = self.claim(exam_id, claim_id)
        data = _valid(ClaimDecisionInput, request_object(request))
        return Response(ClaimOutput(claim_decide(claim=claim, actor=request.user, **data)).data)


class CandidateImportApi(ExamApi):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": CandidateImportInput}, responses={200: dict, 202: dict})
    def post(self, request, exam_id: int):
        """Import applicants from xlsx or csv: 200 with the result (errors by row and column, nothing written when
        any), or 202 with a job for a large file."""
        exam = self.exam(exam_id)
        data = _valid(CandidateImportInput, request.data)
        outcome = candidate_import_start(exam=exam, actor=request.user, upload=data["file"], dry_run=data["dry_run"])
        if outcome.queued:
            return job_accepted(outcome.job)
        return Response(outcome.result, status=400 if outcome.result["errors"] else 200)


class StaffCandidatesApi(ExamApi):
    @extend_schema(parameters=[StaffSearchInput], responses=StaffPickOutput(many=True))
    def get(self, request, exam_id: int):
        """Staff a board member may draw into this promotion exam (at most 200 per search)."""
        exam = self.exam(exam_id)
        q = _valid(StaffSearchInput, request.query_params.dict())["q"]
        return Response(StaffPickOutput(selectors.staff_search(exam=exam, q=q), many=True).data)

    @extend_schema(request=StaffCandidatesInput, responses=AddedOutput)
    def post(self, request, exam_id: int):
        """Draw staff into the exam for a position; their eligibility is checked at once."""
        exam = self.exam(exam_id)
        data = _valid(StaffCandidatesInput, request_object(request))
        position = selectors.exam_position_get(exam=exam, position_id=data["position"])
        done = staff_candidates_add(exam=exam, actor=request.user, employee_ids=data["employees"], position=position)
        return Response(AddedOutput(done).data)


class EligibilityApi(ExamApi):
    @extend_schema(responses=EligibilityOutput)
    def get(self, request, exam_id: int):
        """Each staff candidate's eligibility with its reasons (dossier reviews: in the priority order)."""
        return Response(EligibilityOutput(selectors.eligibility_rows(exam=self.exam(exam_id))).data)

    @extend_schema(request=None, responses=EligibilityCountsOutput)
    def post(self, request, exam_id: int):
        """Check every staff candidate again from the registry as it stands."""
        return Response(
            EligibilityCountsOutput(eligibility_recompute(exam=self.exam(exam_id), actor=request.user)).data
        )


class SeatingApi(ExamApi):
    @extend_schema(responses=ShiftSeatsOutput(many=True))
    def get(self, request, exam_id: int):
        """Shifts and room sessions with their capacity and seats taken."""
        return Response(ShiftSeatsOutput(selectors.seating_overview(exam=self.exam(exam_id)), many=True).data)

    @extend_schema(request=SeatingInput, responses=SeatingResultOutput)
    def post(self, request, exam_id: int):
        """Seat every candidate (numbers kept unless `renumber`)."""
        exam = self.exam(exam_id)
        data = _valid(SeatingInput, request_object(request))
        return Response(SeatingResultOutput(seating_assign(exam=exam, actor=request.user, **data)).data)


class _FileApi(ExamApi):
    def perform_content_negotiation(self, request, force=False):
        # The answer is a file or a JSON error: never a 406 for an Accept header asking for the file.
        return JSONRenderer(), JSONRenderer.media_type


class AccessCodesApi(_FileApi):
    @extend_schema(
        request=AccessCodesInput,
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Admission cards")},
    )
    def post(self, request, exam_id: int):
        """Issue new access codes (the old ones stop working) and answer the admission cards that show them: the
        only time the codes can be read."""
        exam = self.exam(exam_id)
        data = _valid(AccessCodesInput, request_object(request))
        session = None
        if data["room_session"]:
            session = selectors.seating_room_session(exam=exam, room_session_id=data["room_session"])
            if session is None:
                raise Http404
        pdf = access_cards_issue(exam=exam, actor=request.user, room_session=session)
        return file_response(pdf, content_type="application/pdf", filename=f"the-du-thi-{exam.code}.pdf")


class RoomSheetApi(_FileApi):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Room list (PDF)"),
            (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Room list (xlsx)"),
        }
    )
    def get(self, request, room_session_id: int, fmt: str):
        """A room session's list with signature columns: the exam's board and the room's proctors only."""
        session = selectors.room_session_get_for_user(user=request.user, room_session_id=room_session_id)
        if session is None or fmt not in ("pdf", "xlsx"):
            raise Http404
        name = f"danh-sach-phong-{session.pk}"
        if fmt == "xlsx":
            return file_response(
                room_list_xlsx(room_session=session, actor=request.user), content_type=XLSX, filename=f"{name}.xlsx"
            )
        return file_response(
            room_list_pdf(room_session=session, actor=request.user),
            content_type="application/pdf",
            filename=f"{name}.pdf",
        )
