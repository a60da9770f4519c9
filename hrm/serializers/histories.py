"""API shapes of annual ratings, rewards, discipline, training and degrees, family relations and earlier career."""

from rest_framework import serializers

from hrm.models import FamilyMember, Qualification


# --- annual ratings, rewards, discipline (hrm/views/histories.py) ---
class RatingInput(serializers.Serializer):
    year = serializers.IntegerField(min_value=1945, max_value=9999)
    level = serializers.CharField(max_length=10, help_text="Code of a RatingLevel in force for that year (HTTNV, …)")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class RatingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    level = serializers.CharField(source="level.code")
    level_name = serializers.CharField(source="level.name")
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    note = serializers.CharField()


class RewardInput(serializers.Serializer):
    date = serializers.DateField()
    form = serializers.CharField(max_length=150)
    authority = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class RewardOutput(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    form = serializers.CharField()
    authority = serializers.CharField()
    decision_no = serializers.CharField()


class DisciplineInput(serializers.Serializer):
    form = serializers.CharField(max_length=30, help_text="Code of a DisciplineForm in force on valid_from")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None, help_text="The day it is lifted")
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class DisciplineOutput(serializers.Serializer):
    id = serializers.IntegerField()
    form = serializers.CharField(source="form.code")
    form_name = serializers.CharField(source="form.name")
    raise_delay_months = serializers.IntegerField(source="form.raise_delay_months")
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)
    reason = serializers.CharField()
    decision_no = serializers.CharField()


# --- training and degrees, family relations, earlier career (the person's rows) ---
class QualificationInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Qualification.Kind.choices)
    credential = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    level = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    major = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    institution = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    mode = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)


class QualificationOutput(QualificationInput):
    id = serializers.IntegerField()
    kind_name = serializers.CharField(source="get_kind_display")


class FamilyMemberInput(serializers.Serializer):
    side = serializers.ChoiceField(choices=FamilyMember.Side.choices, required=False, default=FamilyMember.Side.OWN)
    relation = serializers.CharField(max_length=30)
    full_name = serializers.CharField(max_length=150)
    birth_year = serializers.IntegerField(min_value=0, max_value=9999, required=False, allow_null=True, default=None)
    details = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class FamilyMemberOutput(FamilyMemberInput):
    id = serializers.IntegerField()


class CareerEntryInput(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=255, help_text="Title, position and unit")


class CareerEntryOutput(CareerEntryInput):
    id = serializers.IntegerField()
