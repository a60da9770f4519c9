"""API shapes of the exam reference data."""

from rest_framework import serializers

from exams.models import PriorityCategory, RegulationProfile


class OnDateInput(serializers.Serializer):
    on = serializers.DateField(required=False, input_formats=["%Y-%m-%d"])


class ProfileOutput(serializers.ModelSerializer):
    class Meta:
        model = RegulationProfile
        fields = ["id", "code", "name", "kind", "staff_type", "legal_basis", "verification", "valid_from", "valid_to"]


class ProfileDetailOutput(ProfileOutput):
    class Meta(ProfileOutput.Meta):
        fields = [*ProfileOutput.Meta.fields, "config"]


class PriorityCategoryOutput(serializers.ModelSerializer):
    class Meta:
        model = PriorityCategory
        fields = [
            "id",
            "key",
            "points",
            "description",
            "regimes",
            "legal_basis",
            "verification",
            "valid_from",
            "valid_to",
        ]


class CandidateTokenInput(serializers.Serializer):
    candidate_number = serializers.CharField(max_length=20)
    access_code = serializers.CharField(max_length=20)
    exam = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Exam code (optional).")


class CandidateTokenOutput(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField()
