from io import StringIO

import pytest
from django.core.management import call_command

from hrm.models import Employee, OrgUnit
from tests.hrm.factories import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_a_demo_loaded_by_an_earlier_version_gets_no_empty_new_schools():
    EmployeeFactory(code="BT00001", unit=OrgUnit.objects.get(code="831"))  # its staff are there already
    call_command("load_demo", stdout=StringIO())
    assert not OrgUnit.objects.filter(kind="agency").exists()
    assert Employee.objects.count() == 1
