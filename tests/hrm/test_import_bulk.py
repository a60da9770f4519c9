"""The set-based writer of the import: rows arrive exactly as given, whatever characters they hold."""

import datetime as dt

import pytest

from hrm.models import Person
from hrm.services.imports.bulk import rows_insert

pytestmark = pytest.mark.django_db


def test_awkward_characters_and_types_survive_the_copy():
    tricky = "Tab\there, back\\slash, new\nline, CR\r, \\N literal, ổ ữ Đ"
    ids = rows_insert(
        model=Person,
        rows=[
            {
                "full_name": "Nguyễn Văn Tèo",
                "family_name": "Nguyễn",
                "middle_name": "Văn",
                "given_name": "Tèo",
                "name_sort": "1",
                "name_search": "nguyen van teo",
                "date_of_birth": dt.date(1980, 2, 29),
                "sex": "male",
                "cccd": None,
                "personal_history": tricky,
                "height_cm": 170,
                "minority_language_cert": True,
            },
        ],
    )
    person = Person.objects.get(pk=ids[0])
    assert person.personal_history == tricky
    assert person.cccd is None and person.date_of_birth == dt.date(1980, 2, 29)
    assert person.height_cm == 170 and person.minority_language_cert is True


def test_ids_are_consecutive_and_new():
    before = Person.objects.count()
    base = {
        "family_name": "Lê",
        "middle_name": "",
        "given_name": "A",
        "name_sort": "1",
        "name_search": "le a",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "female",
    }
    ids = rows_insert(model=Person, rows=[{**base, "full_name": f"Lê A {i}"} for i in range(3)])
    assert len(set(ids)) == 3 and Person.objects.count() == before + 3
