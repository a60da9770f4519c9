"""The live exam's API login (docs/exam-protocol.md, "Candidate login"): number + access code → a ticket."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common import auth_services
from exams.serializers import CandidateTokenInput
from exams.services.candidate_login import CandidateLoginLocked, candidate_login


class ExamLoginOutput(serializers.Serializer):
    token = serializers.CharField(help_text="A one-use ticket for ws/exam/?token=…, valid for `expires_in` seconds.")
    expires_in = serializers.IntegerField()


class ExamLoginApi(APIView):
    """POST {"candidate_number", "access_code"} → {"token"}: a short-lived, one-use ticket that opens the exam socket
    (an API client that reconnects logs in again). Failed logins are rate limited per number and per address."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(request=CandidateTokenInput, responses=ExamLoginOutput)
    def post(self, request):
        data = CandidateTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            candidate = candidate_login(
                request=request._request,  # Django's own request: axes marks a lockout on it
                number=values["candidate_number"],
                code=values["access_code"],
                exam_code=values.get("exam", ""),
            )
        except CandidateLoginLocked as exc:
            raise exceptions.Throttled(detail=exc.messages[0]) from exc
        ticket = auth_services.ws_ticket_issue(user=candidate.user)
        return Response(ExamLoginOutput({"token": ticket, "expires_in": auth_services.WS_TICKET_SECONDS}).data)
