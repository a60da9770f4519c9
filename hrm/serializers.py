"""Input and output shapes of the registry's API (no logic)."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from common.api import BoundedDateField
from hrm.models import Attachment, Employee, OrgUnit, Person, Rank, Reminder, StaffQuota
from hrm.models.people import EducationLevel
from hrm.selectors.staff import SORTS, age_bands
from hrm.services.cccd import cccd_normalize
from hrm.services.exports import FORMATS as EXPORT_FORMATS
from hrm.services.imports.reading import SUFFIXES
from hrm.services.salary_changes import REASONS as SALARY_CHANGE_REASONS
from hrm.services.staff import EMPLOYEE_EDITABLE, PERSON_EDITABLE


class CccdField(serializers.CharField):
    """A CCCD as sent: normalised (NFKC digits, no spaces) before any check; the services check the number."""

    def to_internal_value(self, data):
        return cccd_normalize(super().to_internal_value(data))


YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class StaffListInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    unit = serializers.IntegerField(required=False, min_value=1)
    staff_type = serializers.ChoiceField(choices=Employee.StaffType.choices, required=False)
    status = serializers.ChoiceField(choices=Employee.Status.choices, required=False)
    sex = serializers.ChoiceField(choices=[("male", "male"), ("female", "female")], required=False)
    rank = serializers.CharField(required=False, max_length=20)
    position = serializers.CharField(required=False, max_length=150)
    education = serializers.ChoiceField(choices=EducationLevel.choices, required=False)
    party = serializers.ChoiceField(choices=YES_NO, required=False, help_text="Party member: yes or no.")
    age = serializers.CharField(required=False, max_length=20, help_text="An age band of the report, e.g. age_30_40.")
    retiring = serializers.IntegerField(
        required=False, min_value=1, max_value=120, help_text="Retiring within this many months."
    )
    raise_due = serializers.ChoiceField(choices=YES_NO, required=False, help_text="A regular step raise is due.")
    sort = serializers.ChoiceField(choices=list(SORTS), required=False)

    def validate_age(self, value):
        if value not in age_bands():
            raise serializers.ValidationError(gettext_lazy("Unknown age band."))
        return value


class UnitOutput(serializers.ModelSerializer):
    staff_quota = serializers.IntegerField(read_only=True, allow_null=True, help_text="The quota in force today.")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "gso_code", "parent", "depth", "valid_from", "valid_to", "staff_quota"]


class StaffListOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    sex = serializers.CharField(source="person.sex")
    unit = serializers.CharField(source="unit.name")
    unit_id = serializers.IntegerField()
    rank = serializers.CharField(source="rank.code", default="")
    rank_name = serializers.CharField(source="rank.name", default="")

    class Meta:
        model = Employee
        fields = [
            "id",
            "code",
            "full_name",
            "date_of_birth",
            "sex",
            "staff_type",
            "status",
            "unit_id",
            "unit",
            "position",
            "rank",
            "rank_name",
            "salary_step",
            "coefficient",
            "step_since",
        ]


class StaffOnDateOutput(serializers.Serializer):
    """A person as he stood on a date (hrm.selectors.restructure.StaffOnDate): that day's unit, rank and pay."""

    id = serializers.IntegerField(source="employee_id")
    code = serializers.CharField()
    full_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    sex = serializers.CharField()
    staff_type = serializers.CharField()
    unit_id = serializers.IntegerField()
    unit = serializers.CharField(source="unit_name")
    position = serializers.CharField()
    rank = serializers.CharField()
    rank_name = serializers.CharField()
    salary_step = serializers.IntegerField(allow_null=True)
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    salary_since = serializers.DateField(allow_null=True)


class PersonOutput(serializers.Serializer):
    full_name = serializers.CharField()
    other_names = serializers.CharField()
    date_of_birth = serializers.DateField()
    sex = serializers.CharField()
    cccd = serializers.CharField(allow_null=True)
    birthplace = serializers.CharField()
    native_place = serializers.CharField()
    ethnicity = serializers.CharField()
    religion = serializers.CharField()
    current_address = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    party_joined_on = serializers.DateField(allow_null=True)
    education_level = serializers.CharField()
    political_theory = serializers.CharField()
    state_management = serializers.CharField()
    foreign_language = serializers.CharField()
    it_level = serializers.CharField()


class AssignmentOutput(serializers.Serializer):
    unit = serializers.CharField(source="unit.name")
    unit_id = serializers.IntegerField()
    position = serializers.CharField()
    reason = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class SalaryRecordOutput(serializers.Serializer):
    rank = serializers.CharField(source="rank.code")
    step = serializers.IntegerField()
    coefficient = serializers.DecimalField(max_digits=5, decimal_places=2)
    seniority_percent = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class StaffDetailOutput(StaffListOutput):
    person = PersonOutput()
    assignments = AssignmentOutput(many=True)
    salary_history = SalaryRecordOutput(many=True, source="salary_records")

    class Meta(StaffListOutput.Meta):
        fields = [
            *StaffListOutput.Meta.fields,
            "main_duties",
            "recruited_on",
            "person",
            "assignments",
            "salary_history",
        ]


class PersonUpdateInput(serializers.ModelSerializer):
    # uniqueness and the 12 digits are the service's rules, with their own messages
    cccd = CccdField(max_length=20, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Person
        fields = list(PERSON_EDITABLE)


class EmployeeUpdateInput(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = list(EMPLOYEE_EDITABLE)


class StaffTransferInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1)
    on = serializers.DateField()
    position = serializers.CharField(max_length=150, required=False)
    decision_no = serializers.CharField(max_length=60, required=False, default="")


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


# --- a new staff record (hrm/views/hire.py) ---
class StaffHireInput(serializers.Serializer):
    """A new staff record: the employment, and the person (hired again when the registry knows his CCCD).

    Dates as yyyy-mm-dd or dd/mm/yyyy. The coefficient is never given: it comes from the salary table in force
    on `on` for `rank` and `step`.
    """

    code = serializers.CharField(max_length=20, help_text="staff number (not used yet)")
    staff_type = serializers.ChoiceField(choices=Employee.StaffType.choices)
    unit = serializers.IntegerField(min_value=1, help_text="id of one of the requester's open units")
    position = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    on = serializers.DateField(help_text="recruitment date: the assignment and the salary start that day")
    rank = serializers.PrimaryKeyRelatedField(
        queryset=Rank.objects.all(), required=False, allow_null=True, default=None, help_text="id of the rank"
    )
    step = serializers.IntegerField(
        min_value=1, max_value=99, required=False, allow_null=True, default=None, help_text="required with a rank"
    )
    decision_no = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    recruiting_agency = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=150)
    date_of_birth = serializers.DateField()
    sex = serializers.ChoiceField(choices=Person._meta.get_field("sex").choices)
    cccd = CccdField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="12 digits; a number the registry knows hires that person again (same name and date of birth)",
    )
    ethnicity = serializers.CharField(max_length=50, required=False, help_text="default Kinh")
    religion = serializers.CharField(max_length=50, required=False, help_text="default Không")
    native_place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)


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
    reason = serializers.CharField()
    decision_no = serializers.CharField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


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
class StaffExportInput(serializers.Serializer):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS, default="xlsx")
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)
    staff_type = serializers.ChoiceField(choices=Employee.StaffType.choices, required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Employee.Status.choices, required=False, allow_blank=True)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)


class StaffImportInput(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)

    def validate_file(self, upload):
        if not upload.name.lower().endswith(SUFFIXES):
            raise serializers.ValidationError(gettext_lazy("Only .xlsx and .csv files can be imported."))
        return upload


# --- reports (hrm/views/reports.py) ---
class ReportInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1)
    on = BoundedDateField(input_formats=["%d/%m/%Y", "iso-8601"])


# --- attachments of a staff record (hrm/views/attachments.py) ---
class AttachmentInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Attachment.Kind.choices)
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()


class AttachmentOutput(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", default="")
    download = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "kind", "title", "size", "content_type", "uploaded_by", "uploaded_at", "download"]

    def get_download(self, obj) -> str:
        from django.urls import reverse

        return reverse("hrm-api:attachment-detail", args=[obj.employee_id, obj.pk])


class UnitChoicesInput(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=100, label=gettext_lazy("Search")
    )
    limit = serializers.IntegerField(
        required=False, default=50, min_value=1, max_value=5000, label=gettext_lazy("Limit")
    )


class UnitChoiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
