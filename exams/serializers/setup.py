"""API shapes of an exam's setup: inputs (shape only; the services check the rules) and outputs."""

from django.contrib.auth import get_user_model
from rest_framework import serializers

from common.api import BoundedDateField
from exams.models import (
    Exam,
    ExemptionGround,
    Part,
    Position,
    PositionQuota,
    QuestionBank,
    RegulationProfile,
    Room,
    RoomSession,
    Shift,
)
from exams.roles import ExamRole
from hrm.models import Grant, OrgUnit, Rank

STAFF_ROLE_CHOICES = [ExamRole.EXAM_BOARD.value, ExamRole.PROCTOR.value, ExamRole.GRADER.value]


# --- Exams ---------------------------------------------------------------------------------------
class ExamInput(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=255)
    kind = serializers.ChoiceField(choices=Exam.Kind.choices)
    profile = serializers.PrimaryKeyRelatedField(queryset=RegulationProfile.objects.all())
    held_on = BoundedDateField(help_text="Exam date (YYYY-MM-DD): the profile must be in force on it.")
    organiser = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    paper_mode = serializers.ChoiceField(choices=Exam.PaperMode.choices, required=False)
    pool_size = serializers.IntegerField(min_value=0, max_value=500, required=False)
    shuffle_questions = serializers.BooleanField(required=False)
    shuffle_options = serializers.BooleanField(required=False)
    partial_credit = serializers.BooleanField(required=False)
    seb_browser_exam_keys = serializers.CharField(required=False, allow_blank=True, help_text="One key per line.")
    seb_config_keys = serializers.CharField(required=False, allow_blank=True, help_text="One key per line.")


class ExamStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=Exam.Status.choices)


class ExamListInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=60)
    status = serializers.ChoiceField(choices=Exam.Status.choices, required=False)


class ExamOutput(serializers.ModelSerializer):
    profile_code = serializers.CharField(source="profile.code", read_only=True)

    class Meta:
        model = Exam
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "status",
            "held_on",
            "profile",
            "profile_code",
            "organiser",
            "description",
            "paper_mode",
            "pool_size",
            "shuffle_questions",
            "shuffle_options",
            "partial_credit",
            "created_at",
        ]


class CheckOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    ok = serializers.BooleanField()
    detail = serializers.CharField()
    warning = serializers.BooleanField()


class SummaryOutput(serializers.Serializer):
    positions = serializers.IntegerField()
    quota_total = serializers.IntegerField()
    quota_rows = serializers.IntegerField()
    parts = serializers.IntegerField()
    rooms = serializers.IntegerField()
    seats = serializers.IntegerField()
    shifts = serializers.IntegerField()
    room_sessions = serializers.IntegerField()
    candidates = serializers.IntegerField()
    seated = serializers.IntegerField()
    papers = serializers.IntegerField()
    candidate_papers = serializers.IntegerField()


class ExemptionGroundOutput(serializers.ModelSerializer):
    class Meta:
        model = ExemptionGround
        fields = [
            "id",
            "key",
            "part_key",
            "description",
            "evidence",
            "profiles",
            "legal_basis",
            "verification",
            "valid_from",
            "valid_to",
        ]


class OverviewPriorityOutput(serializers.Serializer):
    key = serializers.CharField()
    points = serializers.DecimalField(max_digits=4, decimal_places=1)
    description = serializers.CharField()


class ExamOverviewOutput(serializers.Serializer):
    exam = ExamOutput()
    summary = SummaryOutput()
    checklist = CheckOutput(many=True)
    priority_categories = OverviewPriorityOutput(many=True)
    exemption_grounds = ExemptionGroundOutput(many=True)


class ProfileOfferedInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Exam.Kind.choices, required=False)
    on = BoundedDateField(required=False)


class ExemptionGroundsInput(serializers.Serializer):
    on = BoundedDateField(required=False, help_text="Grounds in force on this date (today by default).")
    part_key = serializers.SlugField(required=False, help_text="language, it, general…")
    profile = serializers.CharField(required=False, help_text="A regulation profile's code.")


# --- Positions, quotas and parts -----------------------------------------------------------------
class PositionInput(serializers.Serializer):
    code = serializers.CharField(max_length=30)
    name = serializers.CharField(max_length=255)
    rank = serializers.PrimaryKeyRelatedField(queryset=Rank.objects.all(), required=False, allow_null=True)
    requires_language = serializers.BooleanField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class QuotaOutput(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = PositionQuota
        fields = ["id", "agency", "agency_name", "quota"]


class PositionOutput(serializers.ModelSerializer):
    quotas = QuotaOutput(many=True, read_only=True)
    rank_code = serializers.CharField(source="rank.code", read_only=True, default=None)

    class Meta:
        model = Position
        fields = ["id", "code", "name", "rank", "rank_code", "requires_language", "description", "quotas"]


class QuotaInput(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    quota = serializers.IntegerField(min_value=0, max_value=10000, help_text="0 removes the agency's quota.")


class PartInput(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=9, required=False)
    key = serializers.SlugField(max_length=30)
    name = serializers.CharField(max_length=255)
    mode = serializers.ChoiceField(choices=Part.Mode.choices, required=False)
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all(), required=False, allow_null=True)
    bank = serializers.PrimaryKeyRelatedField(queryset=QuestionBank.objects.all(), required=False, allow_null=True)
    questions = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=1440)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False)
    order = serializers.IntegerField(min_value=0, max_value=999, required=False)


class PartOutput(serializers.ModelSerializer):
    class Meta:
        model = Part
        fields = ["id", "round", "key", "name", "mode", "position", "bank", "questions", "minutes", "max_score"]
        fields += ["order"]


class PrefillInput(serializers.Serializer):
    round2_form = serializers.CharField(required=False, allow_blank=True, help_text="written, written_interview, oral…")
    agency_minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False, allow_null=True)


class PartPlanOutput(serializers.Serializer):
    round = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    mode = serializers.CharField()
    questions = serializers.IntegerField()
    minutes = serializers.IntegerField(allow_null=True)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    position = serializers.IntegerField(source="position.pk", allow_null=True, default=None)
    order = serializers.IntegerField()
    notes = serializers.ListField(child=serializers.CharField())


# --- Rooms, shifts, room sessions ----------------------------------------------------------------
class RoomInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    capacity = serializers.IntegerField(min_value=1, max_value=5000)
    location = serializers.CharField(max_length=255, required=False, allow_blank=True)


class RoomOutput(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "location"]


class ShiftInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    starts_at = serializers.DateTimeField(help_text="ISO 8601; without an offset, Vietnam time.")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=1440)
    parts = serializers.PrimaryKeyRelatedField(queryset=Part.objects.all(), many=True)


class ShiftOutput(serializers.ModelSerializer):
    class Meta:
        model = Shift
        fields = ["id", "name", "starts_at", "duration_minutes", "parts"]


class RoomSessionPair(serializers.Serializer):
    shift = serializers.IntegerField()
    room = serializers.IntegerField()


class RoomSessionsInput(serializers.Serializer):
    sessions = RoomSessionPair(many=True)


class RoomSessionOutput(serializers.ModelSerializer):
    shift_name = serializers.CharField(source="shift.name", read_only=True)
    room_name = serializers.CharField(source="room.name", read_only=True)

    class Meta:
        model = RoomSession
        fields = ["id", "shift", "shift_name", "room", "room_name"]


# --- Staff ---------------------------------------------------------------------------------------
class StaffInput(serializers.Serializer):
    user = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.filter(is_active=True))
    role = serializers.ChoiceField(choices=STAFF_ROLE_CHOICES)
    room_session = serializers.PrimaryKeyRelatedField(
        queryset=RoomSession.objects.all(), required=False, allow_null=True
    )
    valid_from = BoundedDateField(required=False)
    valid_to = BoundedDateField(required=False, allow_null=True)


class StaffOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    room_session = serializers.SerializerMethodField()

    class Meta:
        model = Grant
        fields = ["id", "user", "username", "role", "room_session", "valid_from", "valid_to"]

    def get_room_session(self, grant) -> int | None:
        return grant.scope_id if grant.role == ExamRole.PROCTOR else None
