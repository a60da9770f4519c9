"""API shapes of the staff list's bulk actions (hrm/views/bulk.py)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from hrm.services.exports import FORMATS as EXPORT_FORMATS

BULK_MAX = 10_000  # ids in one request; form 2C has its own, smaller limit (hrm.services.form2c)
SELECT_ONE = gettext_lazy("Select at least one staff member.")


class StaffBulkInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=BULK_MAX,
        error_messages={"required": SELECT_ONE, "empty": SELECT_ONE},
        help_text="Ids of staff records as the list gives them; one you may not see makes the whole request a 404.",
    )


class StaffBulkExportInput(StaffBulkInput):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS, default="xlsx")


class JobAcceptedOutput(serializers.Serializer):
    job = serializers.UUIDField()
    status = serializers.CharField()
    status_url = serializers.CharField()
    page_url = serializers.CharField()


class StaffRaisedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    full_name = serializers.CharField(source="person.full_name")
    salary_step = serializers.IntegerField()
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2)
    step_since = serializers.DateField()


class StaffBulkRaisesOutput(serializers.Serializer):
    done = StaffRaisedOutput(many=True)


class StaffRefusalOutput(serializers.Serializer):
    id = serializers.IntegerField(source="employee.id")
    code = serializers.CharField(source="employee.code")
    full_name = serializers.CharField(source="employee.person.full_name")
    reason = serializers.CharField()


class StaffBulkRefusedOutput(serializers.Serializer):
    detail = serializers.CharField()
    refused = StaffRefusalOutput(many=True)
