"""API shapes of staff records: list, profile, edit, transfer, hire, attachments."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from hrm.models import Attachment, Employee, OrgUnit, Person, Rank
from hrm.models.people import EducationLevel
from hrm.selectors.staff import SORTS, age_bands
from hrm.services.cccd import cccd_normalize
from hrm.services.staff_update import EMPLOYEE_EDITABLE, PERSON_EDITABLE


class CccdField(serializers.CharField):
    """A CCCD as sent: normalised (NFKC digits, no spaces) before any check; the services check the number."""

    def to_internal_value(self, data):
        return cccd_normalize(super().to_internal_value(data))


YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]


class StaffListInput(serializers.Serializer):
    # Each label is the list filter's own, so a bad value's message names the filter as the page does.
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, label=gettext_lazy("Name, staff number or CCCD")
    )
    unit = serializers.IntegerField(required=False, min_value=1, label=gettext_lazy("Unit (with sub-units)"))
    staff_type = serializers.ChoiceField(
        choices=Employee.StaffType.choices, required=False, label=gettext_lazy("Staff type")
    )
    status = serializers.ChoiceField(choices=Employee.Status.choices, required=False, label=gettext_lazy("Status"))
    sex = serializers.ChoiceField(
        choices=[("male", "male"), ("female", "female")], required=False, label=gettext_lazy("Sex")
    )
    rank = serializers.CharField(required=False, max_length=20, label=gettext_lazy("Rank or title code"))
    position = serializers.CharField(required=False, max_length=150, label=gettext_lazy("Position"))
    education = serializers.ChoiceField(
        choices=EducationLevel.choices, required=False, label=gettext_lazy("Education level")
    )
    party = serializers.ChoiceField(
        choices=YES_NO, required=False, help_text="Party member: yes or no.", label=gettext_lazy("Party member")
    )
    age = serializers.CharField(
        required=False, max_length=20, help_text="An age band of the report, e.g. age_30_40.", label=gettext_lazy("Age")
    )
    retiring = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        help_text="Retiring within this many months.",
        label=gettext_lazy("Retiring within (months)"),
    )
    raise_due = serializers.ChoiceField(
        choices=YES_NO,
        required=False,
        help_text="A regular step raise is due.",
        label=gettext_lazy("Regular raise due"),
    )
    sort = serializers.ChoiceField(choices=list(SORTS), required=False, label=gettext_lazy("Sort"))

    def validate_age(self, value):
        if value not in age_bands():
            raise serializers.ValidationError(gettext_lazy("Unknown age band."))
        return value


class UnitOutput(serializers.ModelSerializer):
    staff_quota = serializers.IntegerField(read_only=True, allow_null=True, help_text="The quota in force today.")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "gso_code", "parent", "depth", "valid_from", "valid_to", "staff_quota"]


class PendingChangeOutput(serializers.Serializer):
    """A change recorded from a later date (hrm.selectors.pending.PendingChange)."""

    kind = serializers.ChoiceField(choices=["transfer", "position", "salary"])
    valid_from = serializers.DateField()
    summary = serializers.CharField()
    mark = serializers.CharField(help_text="e.g. “từ 01/12/2026, chờ hiệu lực”")
    row = serializers.ChoiceField(choices=["assignment", "salary"], source="row_kind", help_text="the row's kind")
    row_id = serializers.IntegerField(source="row.pk")


class StaffListOutput(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    sex = serializers.CharField(source="person.sex")
    unit = serializers.CharField(source="unit.name")
    unit_id = serializers.IntegerField()
    rank = serializers.CharField(source="rank.code", default="")
    rank_name = serializers.CharField(source="rank.name", default="")
    pending_from = serializers.DateField(
        read_only=True, allow_null=True, help_text="the first day a change recorded from a later date is in force"
    )

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
            "pending_from",
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
    pending = PendingChangeOutput(many=True, source="pending_changes", read_only=True)

    class Meta(StaffListOutput.Meta):
        fields = [
            *StaffListOutput.Meta.fields,
            "main_duties",
            "recruited_on",
            "person",
            "assignments",
            "salary_history",
            "pending",
        ]


class StaffIncomingOutput(serializers.Serializer):
    """A pending arrival into the requester's units (an Assignment from a later date)."""

    id = serializers.IntegerField(source="employee_id")
    code = serializers.CharField(source="employee.code")
    full_name = serializers.CharField(source="employee.person.full_name")
    valid_from = serializers.DateField()
    unit_id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.name")
    position = serializers.CharField()
    from_unit = serializers.SerializerMethodField(help_text="where he works until then; empty for a new recruit")
    hire = serializers.SerializerMethodField(help_text="a person hired from a later date (not a transfer)")

    def get_hire(self, row) -> bool:
        return row.employee.status == row.employee.Status.PENDING

    def get_from_unit(self, row) -> str:
        return "" if self.get_hire(row) else row.employee.unit.name


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
