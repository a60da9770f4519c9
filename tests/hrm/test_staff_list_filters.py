"""The staff list's filters, search and sorting (hrm.selectors.staff), through the API and the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hrm.models import Rank, Reminder
from hrm.services.reminders import reminders_refresh
from hrm.services.salary import add_months
from hrm.services.staff import employee_hire
from tests.hrm.factories import EmployeeFactory, PersonFactory

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - dt.timedelta(days=days)


@pytest.fixture
def staff(province):
    today = timezone.localdate()
    hoa = employee_hire(
        code="CV001",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=add_months(today, -36),  # A1 step 3 for three years: the regular raise is due today
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": years_ago(35), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )
    hoa.person.cccd, hoa.person.education_level = "083190001234", "thac_si"
    hoa.person.party_joined_on = dt.date(2015, 5, 19)
    hoa.person.save()
    old = EmployeeFactory(
        code="KT042",
        unit=province["d1"],
        position="Trưởng phòng",
        person=PersonFactory(full_name="Lê Văn Cường", sex="male", date_of_birth=years_ago(62, days=-40)),
    )
    young = EmployeeFactory(
        code="KT043",
        unit=province["d1"],
        position="Văn thư",
        person=PersonFactory(full_name="Trần Văn Bảo", sex="male", date_of_birth=years_ago(25), cccd="083200009999"),
    )
    outside = EmployeeFactory(
        code="BT001", unit=province["d2"], person=PersonFactory(full_name="Phạm Văn Bình", date_of_birth=years_ago(25))
    )
    reminders_refresh()
    return {"hoa": hoa, "old": old, "young": young, "outside": outside}


def codes(api_client, **params):
    response = api_client.get(reverse("hrm-api:staff-list"), params)
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "kt04"}, ["KT043", "KT042"]),  # part of a staff number
        ({"q": "0009999"}, ["KT043"]),  # part of a CCCD
        ({"q": "99"}, []),  # two digits are too few to search CCCDs
        ({"q": "nguyen thi"}, ["CV001"]),
        ({"position": "trưởng"}, ["KT042"]),
        ({"rank": "01.003"}, ["CV001"]),
        ({"sex": "female"}, ["CV001"]),
        ({"education": "thac_si"}, ["CV001"]),
        ({"party": "yes"}, ["CV001"]),
        ({"party": "no"}, ["KT043", "KT042"]),
        ({"age": "age_lt30"}, ["KT043"]),
        ({"age": "age_30_40"}, ["CV001"]),
        ({"age": "age_gt60"}, ["KT042"]),
        ({"retiring": 12}, ["KT042"]),
        ({"raise_due": "yes"}, ["CV001"]),
        ({"raise_due": "no"}, ["KT043", "KT042"]),
        ({"sort": "-code"}, ["KT043", "KT042", "CV001"]),
        ({"sort": "position"}, ["CV001", "KT042", "KT043"]),
        ({}, ["KT043", "KT042", "CV001"]),  # Vietnamese name order, by given name: Bảo, Cường, Hoa
    ],
)
def test_api_filters_and_sorts_within_scope(api_client, hr_manager, staff, params, expected):
    api_client.force_authenticate(hr_manager)
    assert codes(api_client, **params) == expected


def test_retiring_soon_uses_the_retirement_rules(api_client, hr_manager, staff):
    """Cường is 62 in 40 days: already past 61y9m of 2026 or due within months, never the young."""
    api_client.force_authenticate(hr_manager)
    assert "KT043" not in codes(api_client, retiring=120)
    assert "KT042" in codes(api_client, retiring=1)


def test_the_raise_due_filter_follows_the_reminders(api_client, hr_manager, staff):
    api_client.force_authenticate(hr_manager)
    Reminder.objects.filter(kind=Reminder.Kind.RAISE_DUE).delete()
    assert codes(api_client, raise_due="yes") == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"age": "age_200"}, "age"),
        ({"party": "maybe"}, "party"),
        ({"retiring": 0}, "retiring"),
        ({"sort": "x"}, "sort"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api_client, hr_manager, staff, params, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.get(reverse("hrm-api:staff-list"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_page_keeps_filters_in_sort_links_and_pagination(client, hr_manager, staff):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:staff-list"), {"party": "no", "sort": "code"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "KT042" in html and "CV001" not in html
    assert 'href="?party=no&amp;sort=-code"' in html  # a second click on the header reverses
    assert 'aria-sort="ascending"' in html
    assert 'name="query" value="party=no&amp;sort=code"' in html  # bulk actions come back to the same list


def test_the_page_shows_a_bad_filter_and_no_rows(client, hr_manager, staff):
    client.force_login(hr_manager)
    response = client.get(reverse("hrm:staff-list"), {"age": "nonsense"})
    assert response.status_code == 200
    assert "KT042" not in response.content.decode()


@pytest.mark.parametrize(
    "params, label, code",
    [({"party": "maybe"}, "<p>Đảng viên: ", "<p>party:"), ({"age": "old"}, "<p>Độ tuổi: ", "<p>age:")],
)
def test_a_bad_filter_is_named_by_its_vietnamese_label(client, hr_manager, staff, params, label, code):
    client.force_login(hr_manager)
    page = client.get(reverse("hrm:staff-list"), params).content.decode()
    assert label in page and code not in page
    assert "Nhóm tuổi không hợp lệ." in page if "age" in params else "không phải" in page


def test_the_lists_unit_picker_narrows_the_page_to_the_units_subtree(client, admin_user, province, staff):
    client.force_login(admin_user)

    def listed(**params) -> set[str]:
        response = client.get(reverse("hrm:staff-list"), params)
        assert response.status_code == 200
        return {e.code for e in response.context["page"].object_list}

    assert listed() == {"CV001", "KT042", "KT043", "BT001"}
    assert listed(unit=province["d1"].pk) == {"CV001", "KT042", "KT043"}  # the district and its commune
    assert listed(unit=province["c1"].pk) == {"CV001"}
    assert listed(unit=province["d2"].pk) == {"BT001"}
    html = client.get(reverse("hrm:staff-list"), {"unit": province["c1"].pk}).content.decode()
    assert f'<option value="{province["c1"].pk}" selected>' in html  # the picker keeps the choice


def _rank_select(html: str) -> tuple[dict[str, list[str]], list[str]]:
    """The rank filter's options by group label, and the values selected."""
    from html.parser import HTMLParser

    groups, selected = {}, []

    class Select(HTMLParser):
        inside, group = False, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "select":
                self.inside = attrs.get("id") == "f-rank"
            elif self.inside and tag == "optgroup":
                self.group = groups.setdefault(attrs["label"], [])
            elif self.inside and tag == "option" and self.group is not None:
                self.group.append(attrs["value"])
                if "selected" in attrs:
                    selected.append(attrs["value"])

        def handle_endtag(self, tag):
            if tag == "select":
                self.inside = False

    Select().feed(html)
    return groups, selected


def test_the_page_picks_the_rank_or_title_from_a_list_grouped_by_staff_type(client, hr_manager, staff):
    """No code to type from memory: ranks (công chức) and titles (viên chức) by name, the chosen one kept."""
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:staff-list"), {"rank": "01.003"}).content.decode()
    groups, selected = _rank_select(html)
    ranks, titles = groups.values()
    assert "01.003" in ranks and "01.003" in titles  # chuyên viên: a rank and the administrative title
    assert "V.07.03.29" in titles and "V.07.03.29" not in ranks  # giáo viên tiểu học hạng III
    assert selected == ["01.003", "01.003"]  # in both groups (the browser keeps the last): the same words
    assert "CV001" in html and "KT042" not in html
