import datetime as dt

import factory
from django.contrib.auth import get_user_model

from hrm.models import Grant
from hrm.services import unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-1234-secret")


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    role = "hr_officer"
    unit = None


class OrgUnitFactory(factory.Factory):
    """Builds units through the service so that paths and dated versions are right."""

    class Meta:
        model = dict

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = "department"
    parent = None
    valid_from = dt.date(2015, 1, 1)

    @classmethod
    def _create(cls, model_class, **kwargs):
        return unit_create(**kwargs)

    _build = _create


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "hrm.Person"

    full_name = factory.Iterator(["Nguyễn Văn An", "Trần Thị Bích", "Lê Hoàng Cường", "Phạm Thị Dung", "Võ Minh Đức"])
    date_of_birth = dt.date(1985, 5, 17)
    sex = factory.Iterator(["male", "female", "male", "female", "male"])


class EmployeeFactory(factory.django.DjangoModelFactory):
    """A working staff member with an open assignment to `unit` since 2020."""

    class Meta:
        model = "hrm.Employee"
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    code = factory.Sequence(lambda n: f"NV{n:06d}")
    staff_type = "cong_chuc"
    unit = None

    @factory.post_generation
    def assignment(self, create, extracted, **kwargs):
        if create:
            from hrm.models import Assignment

            Assignment.objects.create(
                employee=self, unit=self.unit, valid_from=dt.date(2020, 1, 1), reason="recruitment"
            )
