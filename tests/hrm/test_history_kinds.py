"""One registry of history kinds (hrm.histories): the profile, the pages, the API and the admin read it."""

import pytest
from django.contrib import admin
from django.urls import reverse

from hrm.histories import EMPLOYEE, HISTORY_KINDS, PERSON, history_kinds, history_labels
from hrm.models import Employee, Person
from hrm.selectors.histories import employee_histories
from hrm.views import edit, histories


def test_every_history_model_is_one_kind_of_its_owner():
    assert history_labels(owner=EMPLOYEE) == (
        "hrm.assignment",
        "hrm.salaryrecord",
        "hrm.annualrating",
        "hrm.reward",
        "hrm.discipline",
    )
    assert history_labels(owner=PERSON) == ("hrm.qualification", "hrm.familymember", "hrm.careerentry")
    for kind in history_kinds():
        field = kind.model._meta.get_field(kind.owner)
        assert field.related_model is (Employee if kind.owner == EMPLOYEE else Person)


def test_the_pages_and_the_api_serve_exactly_the_kinds_kept_by_hand():
    editable = {kind.key for kind in history_kinds() if kind.editable}
    assert editable == {"rating", "reward", "discipline", "qualification", "family", "career"}
    assert set(edit.PAGE_FORMS) == editable
    assert set(histories.SHAPES) == editable


def test_the_admin_inlines_follow_the_registry():
    employee_admin = admin.site._registry[Employee]
    person_admin = admin.site._registry[Person]
    assert [inline.model for inline in employee_admin.inlines] == [k.model for k in history_kinds(owner=EMPLOYEE)]
    assert [inline.model for inline in person_admin.inlines] == [k.model for k in history_kinds(owner=PERSON)]


@pytest.mark.django_db
def test_the_profile_shows_every_kind(client, hr_manager, mai):
    assert set(employee_histories(employee=mai)) == {kind.profile for kind in history_kinds()}
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-detail", args=[mai.pk]))
    assert page.status_code == 200
    for kind in history_kinds():
        assert kind.profile in page.context
    assert [row.unit for row in page.context["assignments"]] == [mai.unit]


@pytest.mark.django_db
def test_a_rating_is_added_through_the_registry_page(client, hr_manager, mai):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:rating-add", args=[mai.pk]))
    assert page.status_code == 200
    assert page.context["title"] == HISTORY_KINDS["rating"].title_add
