"""API shapes of reminders, imports and exports, and reports."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from common.api import BoundedDateField
from hrm.models import Reminder
from hrm.serializers.staff import StaffListInput
from hrm.services.exports import FORMATS as EXPORT_FORMATS
from hrm.services.imports.reading import SUFFIXES


# --- reminders (hrm/views/reminders.py) ---
class ReminderListInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Reminder.Kind.choices, required=False)


class ReminderOutput(serializers.ModelSerializer):
    employee_code = serializers.CharField(source="employee.code")
    full_name = serializers.CharField(source="employee.person.full_name")
    unit = serializers.CharField(source="unit.name")
    overdue = serializers.BooleanField(read_only=True, help_text="The due date has passed")

    class Meta:
        model = Reminder
        fields = ["id", "kind", "due_date", "overdue", "detail", "employee", "employee_code", "full_name", "unit"]


# --- imports and exports (hrm/views/imports.py) ---
class StaffExportInput(StaffListInput):
    """The staff list's own filters (an export writes what the list shows), the unit by its code, and the format."""

    format = serializers.ChoiceField(choices=EXPORT_FORMATS, default="xlsx")
    unit = serializers.CharField(
        required=False, allow_blank=True, max_length=30, help_text="Code of one of your units (with its sub-units)."
    )


class StaffImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def validate_file(self, upload):
        if not upload.name.lower().endswith(SUFFIXES):
            raise serializers.ValidationError(gettext_lazy("Only .xlsx and .csv files can be imported."))
        return upload


# --- reports (hrm/views/reports.py) ---
class ReportInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, label=gettext_lazy("Unit (with everything under it)"))
    on = BoundedDateField(input_formats=["%d/%m/%Y", "iso-8601"], label=gettext_lazy("On date (dd/mm/yyyy)"))
