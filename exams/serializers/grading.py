"""Input and output shapes of the grading API (issue #16)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


# Labels: the page names a field in its refusals by them (in Vietnamese), never by the field's key.
class GradeInput(serializers.Serializer):
    part = serializers.IntegerField(required=False, allow_null=True, label=_("Part"))
    reason = serializers.CharField(required=False, allow_blank=True, max_length=500, default="", label=_("Reason"))


class KeyCorrectionInput(serializers.Serializer):
    version = serializers.IntegerField(label=_("Question number"))
    correct = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, label=_("Right option numbers")
    )
    accept_all = serializers.BooleanField(required=False, default=False, label=_("Accept every answer"))
    reason = serializers.CharField(max_length=500, allow_blank=True, label=_("Reason"))


class KeyCorrectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField(source="version_id")
    correct = serializers.ListField(child=serializers.IntegerField())
    accept_all = serializers.BooleanField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class GradingRunOutput(serializers.Serializer):
    id = serializers.IntegerField()
    part = serializers.IntegerField(source="part_id", allow_null=True)
    graded = serializers.IntegerField()
    changed = serializers.ListField(child=serializers.DictField())
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", default=None)


class ScriptMarkOutput(serializers.Serializer):
    """What a grader sees of his own mark: the code, the part, his turn and score; no name, no other mark."""

    id = serializers.IntegerField()
    code = serializers.CharField(source="script.code")
    part = serializers.CharField(source="script.part.name")
    turn = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    marked_at = serializers.DateTimeField(allow_null=True)


class ScriptMarkInput(serializers.Serializer):
    score = serializers.CharField(max_length=20)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class ReviewInput(serializers.Serializer):
    mark = serializers.IntegerField(label=_("Mark number"))
    reason = serializers.CharField(max_length=500, allow_blank=True, label=_("Grounds"))


class ReviewRequestInput(serializers.Serializer):
    """The page's request for review: the mark is found by the candidate's number and the part (the board knows
    those, not a mark's number)."""

    candidate_number = serializers.CharField(max_length=20, label=_("Candidate number"))
    part = serializers.IntegerField(label=_("Part"))
    reason = serializers.CharField(max_length=500, allow_blank=True, label=_("Grounds"))


class ReviewDecideInput(serializers.Serializer):
    new_score = serializers.CharField(max_length=20, label=_("Score after review"))
    outcome = serializers.CharField(max_length=500, allow_blank=True, label=_("Outcome"))


class ReviewOutput(serializers.Serializer):
    id = serializers.IntegerField()
    mark = serializers.IntegerField(source="mark_id")
    status = serializers.CharField()
    reason = serializers.CharField()
    old_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    new_score = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    outcome = serializers.CharField()


class ItemStatisticOutput(serializers.Serializer):
    version = serializers.IntegerField(source="version_id")
    part = serializers.IntegerField(source="part_id")
    form = serializers.IntegerField(source="form_id")
    n = serializers.IntegerField()
    p = serializers.FloatField(allow_null=True)
    r_pbis = serializers.FloatField(allow_null=True)
    d27 = serializers.FloatField(allow_null=True)
    rasch_b = serializers.FloatField(allow_null=True)
    options = serializers.DictField()
    flags = serializers.ListField(child=serializers.CharField())
