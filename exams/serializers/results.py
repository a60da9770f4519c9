"""API shapes of results (issue #16): input only parsed here, the services check the rules."""

from rest_framework import serializers

from exams.models import Result, ResultSheet


class ResultSheetOutput(serializers.ModelSerializer):
    class Meta:
        model = ResultSheet
        fields = ["status", "computed_at", "published_at"]


class ResultOutput(serializers.ModelSerializer):
    candidate_number = serializers.CharField(source="candidate.candidate_number")
    full_name = serializers.CharField(source="candidate.person.full_name")
    position = serializers.CharField(source="candidate.position.code", default="")
    agency = serializers.IntegerField(source="candidate.agency_id", allow_null=True)

    class Meta:
        model = Result
        fields = [  # fmt: skip
            "id",
            "candidate",
            "candidate_number",
            "full_name",
            "position",
            "agency",
            "round1_pass",
            "round2_score",
            "priority",
            "total",
            "outcome",
            "rank",
            "reasons",
            "decision",
            "applied_at",
        ]


class ReopenInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TieDecisionInput(serializers.Serializer):
    agency = serializers.IntegerField(required=False, allow_null=True, default=None)
    selected = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    head_name = serializers.CharField(max_length=150)
    reason = serializers.CharField()
    document = serializers.CharField(max_length=150)


class PanelRowInput(serializers.Serializer):
    candidate_number = serializers.CharField(max_length=20)
    members = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False, default=dict)
    absent = serializers.BooleanField(required=False, default=False)


class PanelMarksInput(serializers.Serializer):
    rows = serializers.ListField(child=PanelRowInput(), allow_empty=False, max_length=5000)


class ResultsOutput(serializers.Serializer):
    sheet = ResultSheetOutput(allow_null=True)
    results = ResultOutput(many=True)


class PanelMarkedOutput(serializers.Serializer):
    marked = serializers.IntegerField()
