"""The live exam's API login (docs/exam-protocol.md, "Candidate login"): number + access code → a ticket."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from common import auth_services
from exams.serializers import CandidateTokenInput
from exams.views.reference import CandidateTokenApi


class ExamLoginOutput(serializers.Serializer):
    token = serializers.CharField(help_text="A one-use ticket for ws/exam/?token=…, valid for `expires_in` seconds.")
    expires_in = serializers.IntegerField()


class ExamLoginApi(CandidateTokenApi):
    """POST {"candidate_number", "access_code"} → {"token"}: a short-lived, one-use ticket that opens the exam socket
    (an API client that reconnects logs in again). The same login, checks and rate limits as the API token's."""

    @extend_schema(request=CandidateTokenInput, responses=ExamLoginOutput)
    def post(self, request):
        candidate = self.logged_in_candidate(request)
        ticket = auth_services.ws_ticket_issue(user=candidate.user)
        return Response(ExamLoginOutput({"token": ticket, "expires_in": auth_services.WS_TICKET_SECONDS}).data)
