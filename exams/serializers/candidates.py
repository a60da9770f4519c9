"""API shapes of an exam's candidates, claims, import, eligibility and seating (inputs and outputs only)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import BoundedDateField
from exams.models import Candidate, CandidateClaim
from exams.selectors.candidates import CLAIM_FILTERS
from exams.selectors.eligibility import reasons_in_words
from hrm.models.people import Sex


class ClaimOutput(serializers.ModelSerializer):
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = CandidateClaim
        fields = [
            "id",
            "kind",
            "priority_key",
            "part_key",
            "reason",
            "status",
            "evidence_url",
            "evidence_content_type",
            "evidence_size",
            "decided_at",
            "note",
        ]

    def get_evidence_url(self, claim) -> str:
        if not claim.evidence:
            return ""
        return reverse("exams:claim-evidence", args=[claim.candidate.exam_id, claim.pk])


class ReasonOutput(serializers.Serializer):
    key = serializers.CharField()
    ok = serializers.BooleanField()
    text = serializers.CharField()


class CandidateOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    sex = serializers.CharField(source="person.sex")
    cccd = serializers.CharField(source="person.cccd", allow_null=True)
    position = serializers.CharField(source="position.code", allow_null=True, default=None)
    staff_number = serializers.CharField(source="employee.code", allow_null=True, default=None)
    claims = ClaimOutput(many=True, read_only=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "candidate_number",
            "full_name",
            "date_of_birth",
            "sex",
            "cccd",
            "source",
            "status",
            "position",
            "agency",
            "staff_number",
            "phone",
            "email",
            "room_session",
            "seat",
            "claims",
            "reasons",
            "eligibility_checked_at",
        ]

    def get_reasons(self, candidate) -> list[dict]:
        return ReasonOutput(reasons_in_words(candidate.eligibility), many=True).data


class CandidateFilterInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=60)
    position = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=Candidate.Status.choices, required=False)
    claims = serializers.ChoiceField(choices=CLAIM_FILTERS, required=False)


class ApplicantInput(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    date_of_birth = BoundedDateField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    cccd = serializers.CharField(max_length=20)
    ethnicity = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    position = serializers.IntegerField(help_text=_("Id of a position of the exam."))
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)


class CandidateUpdateInput(serializers.Serializer):
    position = serializers.IntegerField()
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class WithdrawInput(serializers.Serializer):
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ClaimInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CandidateClaim.Kind.choices)
    priority_key = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    part_key = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)


class EvidenceInput(serializers.Serializer):
    evidence = serializers.FileField()


class ClaimDecisionInput(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class CandidateImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class StaffCandidatesInput(serializers.Serializer):
    position = serializers.IntegerField()
    employees = serializers.ListField(child=serializers.IntegerField(), max_length=5000)


class StaffSearchInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")


class StaffPickOutput(serializers.Serializer):
    """A staff member the board may draw into a promotion exam."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    unit = serializers.CharField(source="unit.name")
    rank = serializers.CharField(source="rank.code", allow_null=True, default=None)


class AddedOutput(serializers.Serializer):
    added = serializers.IntegerField()
    skipped = serializers.IntegerField()


class EligibilityRowOutput(serializers.Serializer):
    candidate = serializers.IntegerField(source="candidate.pk")
    full_name = serializers.CharField(source="candidate.person.full_name")
    staff_number = serializers.CharField(source="candidate.employee.code", allow_null=True, default=None)
    status = serializers.CharField(source="candidate.status")
    priority_rank = serializers.IntegerField(source="rank", allow_null=True)
    reasons = ReasonOutput(many=True)


class EligibilityOutput(serializers.Serializer):
    form = serializers.CharField()
    priority_order = serializers.ListField(child=serializers.CharField())
    rows = EligibilityRowOutput(many=True)


class EligibilityCountsOutput(serializers.Serializer):
    eligible = serializers.IntegerField()
    ineligible = serializers.IntegerField()


class SeatingInput(serializers.Serializer):
    prefix = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    renumber = serializers.BooleanField(required=False, default=False)


class SeatingResultOutput(serializers.Serializer):
    seated = serializers.IntegerField()
    seats = serializers.IntegerField()
    codes_voided = serializers.IntegerField()
    prefix = serializers.CharField()
    renumbered = serializers.BooleanField()


class RoomSessionSeatsOutput(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    room = serializers.CharField(source="room.name")
    capacity = serializers.IntegerField(source="room.capacity")
    taken = serializers.IntegerField()


class ShiftSeatsOutput(serializers.Serializer):
    shift = serializers.CharField(source="shift.name")
    starts_at = serializers.DateTimeField(source="shift.starts_at")
    capacity = serializers.IntegerField()
    taken = serializers.IntegerField()
    sessions = RoomSessionSeatsOutput(many=True)


class AccessCodesInput(serializers.Serializer):
    room_session = serializers.IntegerField(required=False, allow_null=True, default=None)


class RoomListInput(serializers.Serializer):
    format = serializers.ChoiceField(choices=["pdf", "xlsx"], required=False, default="pdf")
