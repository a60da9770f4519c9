import datetime as dt

import factory
from django.contrib.auth import get_user_model

from hrm.models import Grant
from hrm.services import unit_create


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-secret")


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
