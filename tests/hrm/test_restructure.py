import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from hrm.models import Assignment, OrgUnit, OrgUnitVersion, StaffQuota
from hrm.selectors.restructure import employee_unit_on, staff_in_unit_on
from hrm.services.org import staff_quota_set
from hrm.services.reports import quality_report
from hrm.services.restructure import unit_dissolve, unit_move, unit_rename, units_merge
from hrm.services.staff import employee_hire

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2024, 5, 1)
ON = dt.date(2025, 7, 1)
AFTER = dt.date(2025, 9, 1)


def staff(unit, code):
    fields = {"full_name": f"Trần Văn {code}", "date_of_birth": dt.date(1985, 1, 1), "sex": "male"}
    return employee_hire(
        code=code,
        staff_type="cong_chuc",
        unit=unit,
        on=dt.date(2018, 1, 1),
        actor=None,
        person_fields=fields,
        position="Chuyên viên",
    )


def who(unit, on):
    return set(staff_in_unit_on(unit=unit, on=on).values_list("code", flat=True))


@pytest.fixture
def people(province):
    return {key: staff(province[key], key.upper()) for key in ("d1", "c1", "c2", "dept")}


def snapshot_tree():
    return (
        sorted(OrgUnit.objects.values_list("pk", "path", "parent_id", "valid_to", "name")),
        sorted(OrgUnitVersion.objects.values_list("unit_id", "path", "valid_from", "valid_to", "name")),
        sorted(Assignment.objects.values_list("employee_id", "unit_id", "valid_from", "valid_to")),
    )


def test_move_keeps_who_worked_where_before_the_move(province, people, admin_user):
    unit_move(unit=province["c1"], new_parent=province["d2"], on=ON, actor=admin_user)
    assert who(province["d1"], BEFORE) == {"D1", "C1"}
    assert who(province["d1"], AFTER) == {"D1"}
    assert who(province["d2"], BEFORE) == {"C2"}
    assert who(province["d2"], AFTER) == {"C2", "C1"}
    assert employee_unit_on(employee=people["c1"], on=AFTER).unit == province["c1"]
    province["c1"].refresh_from_db()
    assert province["c1"].path == f"{province['d2'].path}{province['c1'].pk}/"
    assert OrgUnitVersion.objects.filter(unit=province["c1"]).count() == 2


def test_move_of_a_subtree_moves_its_units_too(province, people, admin_user):
    unit_move(unit=province["d1"], new_parent=province["dept"], on=ON, actor=admin_user)
    assert who(province["dept"], AFTER) == {"DEPT", "D1", "C1"}
    assert who(province["dept"], BEFORE) == {"DEPT"}
    province["c1"].refresh_from_db()
    assert province["c1"].path.startswith(province["dept"].path)
    assert province["c1"].depth == 3


def test_merge_into_a_new_unit_transfers_staff_and_closes_sources(province, people, admin_user):
    merged = units_merge(
        sources=[province["d1"], province["d2"]],
        target=None,
        on=ON,
        actor=admin_user,
        new_code="HM",
        new_name="Huyện Mới",
    )
    assert merged.parent == province["root"]
    assert who(province["d1"], BEFORE) == {"D1", "C1"}
    assert who(merged, AFTER) == {"D1", "C1", "C2"}
    assert who(province["d1"], AFTER) == set()
    then = employee_unit_on(employee=people["d1"], on=BEFORE)
    assert (then.unit, then.unit_name) == (province["d1"], "Huyện Châu Thành")
    now = employee_unit_on(employee=people["d1"], on=AFTER)
    assert (now.unit, now.unit_name, now.assignment.reason) == (merged, "Huyện Mới", "restructuring")
    people["d1"].refresh_from_db()
    assert people["d1"].unit == merged
    province["d1"].refresh_from_db()
    assert (province["d1"].valid_to, province["d1"].successor) == (ON, merged)
    assert not OrgUnitVersion.objects.filter(unit=province["d1"], valid_to__isnull=True).exists()


def test_merge_into_an_existing_unit(province, people, admin_user):
    units_merge(sources=[province["c1"]], target=province["c2"], on=ON, actor=admin_user)
    assert who(province["c2"], AFTER) == {"C1", "C2"}
    assert who(province["c1"], BEFORE) == {"C1"}
    assert employee_unit_on(employee=people["c1"], on=BEFORE).unit == province["c1"]


def test_dissolve_transfers_staff(province, people, admin_user):
    unit_dissolve(unit=province["c1"], on=ON, transfer_to=province["c2"], actor=admin_user)
    assert who(province["c1"], BEFORE) == {"C1"}
    assert employee_unit_on(employee=people["c1"], on=AFTER).unit == province["c2"]
    assert who(province["d1"], AFTER) == {"D1"}


def test_dissolve_with_units_under_it_is_refused_naming_them(province, people, admin_user):
    before = snapshot_tree()
    with pytest.raises(ValidationError) as exc:
        unit_dissolve(unit=province["d1"], on=ON, transfer_to=province["dept"], actor=admin_user)
    assert "Thị trấn Châu Thành" in str(exc.value.message_dict["unit"])
    assert snapshot_tree() == before


def test_rename_keeps_the_old_name_for_earlier_dates(province, people, admin_user):
    unit_rename(unit=province["dept"], name="Sở Nội vụ tỉnh Vĩnh Long", on=ON, actor=admin_user)
    assert employee_unit_on(employee=people["dept"], on=BEFORE).unit_name == "Sở Nội vụ"
    assert employee_unit_on(employee=people["dept"], on=AFTER).unit_name == "Sở Nội vụ tỉnh Vĩnh Long"


@pytest.mark.parametrize(
    "operation, field",
    [
        (lambda p, u: unit_move(unit=p["d1"], new_parent=p["c1"], on=ON, actor=u), "new_parent"),
        (lambda p, u: unit_move(unit=p["d1"], new_parent=p["d1"], on=ON, actor=u), "new_parent"),
        (lambda p, u: unit_move(unit=p["c1"], new_parent=p["d2"], on=dt.date(2014, 1, 1), actor=u), "on"),
        (lambda p, u: units_merge(sources=[p["d1"]], target=p["d1"], on=ON, actor=u), "target"),
        (lambda p, u: units_merge(sources=[p["d1"]], target=p["c1"], on=ON, actor=u), "target"),
        (lambda p, u: units_merge(sources=[p["c1"]], target=p["c2"], on=dt.date(2010, 1, 1), actor=u), "on"),
        (lambda p, u: unit_dissolve(unit=p["c1"], on=ON, transfer_to=p["c1"], actor=u), "transfer_to"),
        (lambda p, u: unit_rename(unit=p["c1"], name=" ", on=ON, actor=u), "name"),
    ],
)
def test_refusals_change_nothing(province, people, admin_user, operation, field):
    before = snapshot_tree()
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        operation(province, admin_user)
    assert field in exc.value.message_dict
    assert snapshot_tree() == before
    assert AuditEntry.objects.count() == entries


def test_closed_units_are_refused(province, people, admin_user):
    unit_dissolve(unit=province["c1"], on=ON, transfer_to=province["c2"], actor=admin_user)
    province["c1"].refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        unit_move(unit=province["c1"], new_parent=province["d2"], on=AFTER, actor=admin_user)
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        units_merge(sources=[province["c2"]], target=province["c1"], on=AFTER, actor=admin_user)


def test_restructuring_is_audited(province, people, admin_user):
    units_merge(sources=[province["d1"]], target=province["d2"], on=ON, actor=admin_user)
    entries = AuditEntry.objects.filter(action="restructure", actor=admin_user)
    assert entries.filter(model="hrm.orgunit", object_id=str(province["d1"].pk)).exists()
    staff_entry = entries.get(model="hrm.employee", object_id=str(people["d1"].pk))
    assert staff_entry.changes == {"unit_id": [province["d1"].pk, province["d2"].pk]}


def test_same_day_changes_edit_that_days_version(province, people, admin_user):
    unit_rename(unit=province["c1"], name="Xã Mới", on=ON, actor=admin_user)
    unit_move(unit=province["c1"], new_parent=province["d2"], on=ON, actor=admin_user)
    versions = list(OrgUnitVersion.objects.filter(unit=province["c1"]).order_by("valid_from"))
    assert [(v.valid_from, v.valid_to, v.name, v.parent_id) for v in versions] == [
        (dt.date(2015, 1, 1), ON, "Thị trấn Châu Thành", province["d1"].pk),
        (ON, None, "Xã Mới", province["d2"].pk),
    ]


def test_staff_on_a_date_is_scoped_to_the_hr_officers_units(province, people, hr_manager, outsider):
    from hrm.selectors.restructure import staff_on_for_user

    mine = staff_on_for_user(user=hr_manager, unit_id=province["d1"].pk, on=BEFORE)
    assert {row.code for row in mine} == {"D1", "C1"}
    assert staff_on_for_user(user=hr_manager, unit_id=province["d2"].pk, on=BEFORE) is None
    assert staff_on_for_user(user=outsider, unit_id=province["d1"].pk, on=BEFORE) is None


def test_hr_officers_follow_a_merge_but_lose_a_dissolved_unit(province, people, hr_manager, admin_user):
    from hrm.models import Grant
    from hrm.selectors import employee_queryset_for_user

    merged = units_merge(sources=[province["c1"]], target=province["c2"], on=ON, actor=admin_user)
    assert Grant.objects.filter(user=hr_manager, unit=province["d1"]).exists()  # d1 was not merged
    grant = Grant.objects.create(user=hr_manager, role="hr_officer", unit=province["c1"])
    units_merge(sources=[province["dept"]], target=merged, on=ON, actor=admin_user)
    grant.refresh_from_db()
    assert grant.unit_id == province["c1"].pk  # c1 was closed before this grant; nothing moved it
    unit_dissolve(unit=province["d1"], on=ON, transfer_to=province["d2"], actor=admin_user)
    assert not Grant.objects.filter(user=hr_manager, unit=province["d1"], valid_to__isnull=True).exists()
    assert "D1" not in set(employee_queryset_for_user(user=hr_manager).values_list("code", flat=True))
    assert AuditEntry.objects.filter(model="hrm.grant", action="restructure").exists()


def test_grants_on_merged_units_move_to_the_merged_unit(province, people, other_hr_manager, admin_user):
    from hrm.models import Grant

    target = units_merge(
        sources=[province["d1"], province["d2"]],
        target=None,
        on=ON,
        actor=admin_user,
        new_code="HNEW",
        new_name="Huyện mới",
        new_parent=province["root"],
        kind="district",
    )
    assert Grant.objects.get(user=other_hr_manager).unit_id == target.pk


# --- staff quotas follow restructuring ------------------------------------------------------------------
Q2020 = dt.date(2020, 1, 1)


def quotas(unit):
    rows = StaffQuota.objects.filter(unit=unit).order_by("valid_from")
    return list(rows.values_list("quota", "valid_from", "valid_to"))


def all_quotas():
    return sorted(StaffQuota.objects.values_list("unit_id", "quota", "valid_from", "valid_to"))


@pytest.fixture
def quota_rows(province):
    for key, quota in (("d1", 30), ("d2", 25), ("c1", 9), ("c2", 7)):
        staff_quota_set(unit=province[key], quota=quota, valid_from=Q2020, decision_no="QĐ 1/2020", actor=None)


def test_a_new_merged_unit_gets_the_sum_of_the_sources_quotas(province, people, quota_rows, admin_user):
    merged = units_merge(
        sources=[province["d1"], province["d2"]],
        target=None,
        on=ON,
        actor=admin_user,
        new_code="HM",
        new_name="Huyện Mới",
    )
    assert quotas(merged) == [(55, ON, None)]
    assert quotas(province["d1"]) == [(30, Q2020, ON)] and quotas(province["d2"]) == [(25, Q2020, ON)]
    assert quotas(province["c1"]) == [(9, Q2020, None)]  # moved under the new unit, still its own quota
    report = quality_report(unit=province["root"], on=BEFORE)["total"]["values"]["quota"]
    assert report == quality_report(unit=province["root"], on=AFTER)["total"]["values"]["quota"] == 71


def test_merging_into_an_existing_unit_adds_the_sources_to_its_own(province, people, quota_rows, admin_user):
    units_merge(sources=[province["c1"]], target=province["c2"], on=ON, actor=admin_user)
    assert quotas(province["c2"]) == [(7, Q2020, ON), (16, ON, None)]
    assert quotas(province["c1"]) == [(9, Q2020, ON)]
    assert AuditEntry.objects.filter(model="hrm.staffquota", note__startswith="merged into").count() == 3


def test_an_explicit_quota_replaces_the_sum(province, people, quota_rows, admin_user):
    units_merge(
        sources=[province["c1"]],
        target=province["c2"],
        on=ON,
        actor=admin_user,
        staff_quota=12,
        quota_decision_no="QĐ 88/2025",
    )
    assert quotas(province["c2"])[-1] == (12, ON, None)
    assert StaffQuota.objects.get(unit=province["c2"], valid_to__isnull=True).decision_no == "QĐ 88/2025"


def test_merging_units_without_quotas_leaves_the_target_as_it_is(province, people, admin_user):
    staff_quota_set(unit=province["c2"], quota=7, valid_from=Q2020, actor=None)
    units_merge(sources=[province["c1"]], target=province["c2"], on=ON, actor=admin_user)
    assert quotas(province["c2"]) == [(7, Q2020, None)]


def test_a_dissolved_units_quota_ends_and_one_starting_that_day_is_dropped(province, people, quota_rows, admin_user):
    staff_quota_set(unit=province["c2"], quota=6, valid_from=ON, actor=None)
    unit_dissolve(unit=province["c1"], on=ON, transfer_to=province["c2"], actor=admin_user)
    unit_dissolve(unit=province["c2"], on=ON, transfer_to=province["d2"], actor=admin_user)
    assert quotas(province["c1"]) == [(9, Q2020, ON)]
    assert quotas(province["c2"]) == [(7, Q2020, ON)]
    assert not StaffQuota.objects.filter(unit__valid_to__isnull=False, valid_to__isnull=True).exists()


@pytest.mark.parametrize(
    "operation, field",
    [
        (lambda p, u: units_merge(sources=[p["c1"]], target=p["c2"], on=ON, actor=u, staff_quota=-1), "staff_quota"),
        (lambda p, u: units_merge(sources=[p["c1"]], target=p["c2"], on=BEFORE, actor=u), "on"),  # c1's 2025 row
        (lambda p, u: unit_dissolve(unit=p["c1"], on=BEFORE, transfer_to=p["c2"], actor=u), "on"),
    ],
)
def test_quota_refusals_change_nothing(province, people, quota_rows, admin_user, operation, field):
    staff_quota_set(unit=province["c1"], quota=10, valid_from=ON, actor=None)
    before = (snapshot_tree(), all_quotas())
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        operation(province, admin_user)
    assert field in exc.value.message_dict
    assert (snapshot_tree(), all_quotas()) == before
    assert AuditEntry.objects.count() == entries


def test_merge_api_takes_an_explicit_quota(api_client, province, people, quota_rows, admin_user):
    from django.urls import reverse
    from django.utils import timezone

    api_client.force_authenticate(admin_user)
    response = api_client.post(
        reverse("hrm-api:units-merge"),
        {
            "sources": [province["c1"].pk],
            "target": province["c2"].pk,
            "on": "2025-07-01",
            "staff_quota": 14,
            "quota_decision_no": "QĐ 7/2025",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["staff_quota"] == (14 if timezone.localdate() >= ON else 7)  # the quota in force today
    assert quotas(province["c2"])[-1] == (14, ON, None)


def test_reminders_follow_staff_to_the_unit_they_are_merged_into(
    province, people, admin_user, django_capture_on_commit_callbacks, settings
):
    from hrm.models import Reminder
    from hrm.services.reminders import reminders_refresh

    reminders_refresh()
    assert Reminder.objects.filter(employee=people["c1"], unit=province["c1"]).exists()  # no CCCD: incomplete
    with django_capture_on_commit_callbacks(execute=True):
        units_merge(sources=[province["c1"]], target=province["c2"], on=ON, actor=admin_user)
    if settings.CELERY_TASK_ALWAYS_EAGER:  # with a broker, a worker refreshes them
        assert not Reminder.objects.filter(employee=people["c1"], unit=province["c1"]).exists()
        assert Reminder.objects.filter(employee=people["c1"], unit=province["c2"]).exists()
