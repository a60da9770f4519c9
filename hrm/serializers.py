"""Input and output shapes of the registry's API (no logic)."""

from rest_framework import serializers

from hrm.models import Employee, OrgUnit, Person
from hrm.services.staff import EMPLOYEE_EDITABLE, PERSON_EDITABLE
from hrm.staff_selectors import SORTS


class StaffListInput(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    unit = serializers.IntegerField(required=False, min_value=1)
    staff_type = serializers.ChoiceField(choices=Employee.StaffType.choices, required=False)
    status = serializers.ChoiceField(choices=Employee.Status.choices, required=False)
    sex = serializers.ChoiceField(choices=[("male", "male"), ("female", "female")], required=False)
    rank = serializers.CharField(required=False, max_length=20)
    sort = serializers.ChoiceField(choices=list(SORTS), required=False)


class UnitOutput(serializers.ModelSerializer):
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
            "id", "code", "full_name", "date_of_birth", "sex", "staff_type", "status", "unit_id", "unit",
            "position", "rank", "rank_name", "salary_step", "coefficient", "step_since",
        ]


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
            *StaffListOutput.Meta.fields, "main_duties", "recruited_on", "person", "assignments", "salary_history",
        ]


class PersonUpdateInput(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = list(PERSON_EDITABLE)
        extra_kwargs = {"cccd": {"validators": []}}  # uniqueness is the service's rule, with its own message


class EmployeeUpdateInput(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = list(EMPLOYEE_EDITABLE)


class StaffTransferInput(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1)
    on = serializers.DateField()
    position = serializers.CharField(max_length=150, required=False)
    decision_no = serializers.CharField(max_length=60, required=False, default="")
