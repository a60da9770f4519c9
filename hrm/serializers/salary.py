"""API shapes of salary changes, and of the ranks and titles as data."""

from rest_framework import serializers

from hrm.models import Rank
from hrm.services.salary_changes import REASONS as SALARY_CHANGE_REASONS


# --- salary changes (hrm/views/salary.py) ---
class SalaryChangeInput(serializers.Serializer):
    """A salary change; the coefficient is never given: it comes from the salary table in force on `on`."""

    reason = serializers.ChoiceField(
        choices=[(r.value, r.label) for r in SALARY_CHANGE_REASONS],
        help_text="regular, early (step raises), promotion, transfer (new rank), seniority, correction",
    )
    on = serializers.DateField(help_text="the day the new salary starts")
    rank = serializers.PrimaryKeyRelatedField(
        queryset=Rank.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text="id of the new rank (promotion, rank transfer, correction)",
    )
    step = serializers.IntegerField(min_value=1, max_value=99, required=False, allow_null=True, default=None)
    seniority_percent = serializers.IntegerField(
        min_value=0,
        max_value=100,
        required=False,
        allow_null=True,
        default=None,
        help_text="seniority allowance (%); by default what the rules give on `on`",
    )
    position_allowance = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="coefficient; by default the current one",
    )
    other_allowance = serializers.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        default=None,
        help_text="coefficient; by default the current one",
    )
    decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class SalaryChangeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    rank = serializers.CharField(source="rank.code")
    rank_name = serializers.CharField(source="rank.name")
    step = serializers.IntegerField()
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2)
    seniority_percent = serializers.IntegerField()
    position_allowance = serializers.DecimalField(max_digits=4, decimal_places=2)
    other_allowance = serializers.DecimalField(max_digits=4, decimal_places=2)
    step_since = serializers.DateField(allow_null=True)  # the day the step's time counts from
    kept_difference = serializers.DecimalField(max_digits=4, decimal_places=2)  # hệ số chênh lệch bảo lưu
    reason = serializers.CharField()
    decision_no = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


# --- ranks and professional titles as data (hrm/views/titles.py) ---
class TitleOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    field = serializers.CharField()
    series = serializers.CharField()
    grade = serializers.IntegerField(allow_null=True)
    group = serializers.CharField(allow_null=True)
    table = serializers.CharField(allow_null=True)
    group_from = serializers.DateField(allow_null=True)


class TitlesImportInput(serializers.Serializer):
    file = serializers.FileField()
