"""API shapes of units over time, restructuring and staff quotas."""

from rest_framework import serializers

from common.api import BoundedDateField
from hrm.models import OrgUnit, StaffQuota


# --- units over time, restructuring, staff quotas (hrm/views/units.py) ---
class OnInput(serializers.Serializer):
    on = BoundedDateField()
    subtree = serializers.BooleanField(default=True)


class EmployeeUnitOnOutput(serializers.Serializer):
    unit_id = serializers.IntegerField(source="unit.pk")
    unit_code = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField()
    position = serializers.CharField()
    valid_from = serializers.DateField(source="assignment.valid_from")
    valid_to = serializers.DateField(source="assignment.valid_to", allow_null=True)


class MoveInput(serializers.Serializer):
    new_parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True)
    on = serializers.DateField()


class RenameInput(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    on = serializers.DateField()


class DissolveInput(serializers.Serializer):
    transfer_to = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all())
    on = serializers.DateField()


class MergeInput(serializers.Serializer):
    sources = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), many=True)
    target = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), allow_null=True, required=False)
    new_code = serializers.CharField(max_length=30, required=False)
    new_name = serializers.CharField(max_length=255, required=False)
    new_parent = serializers.PrimaryKeyRelatedField(queryset=OrgUnit.objects.all(), required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices, required=False)
    on = serializers.DateField()
    staff_quota = serializers.IntegerField(
        required=False, allow_null=True, help_text="The successor's quota from `on` (default: its own + the sources')."
    )
    quota_decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True)


class StaffQuotaOutput(serializers.ModelSerializer):
    class Meta:
        model = StaffQuota
        fields = ["id", "unit", "quota", "decision_no", "valid_from", "valid_to"]


class StaffQuotaInput(serializers.Serializer):
    quota = serializers.IntegerField()  # a negative number is refused by the service, with its message
    valid_from = serializers.DateField()
    decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
