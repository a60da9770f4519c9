"""What a promotion keeps (TT 02/2007/TT-BNV Mục II.1), stored on the salary record and read by every later rule:
the old step's time when the raise is under one step (the next raise counts from the old step's start), and the
difference kept above the new rank's last step (hệ số chênh lệch bảo lưu), paid and shown while he stays in the rank.

Worked by hand on NĐ 204/2004: A1 (chuyên viên 01.003) 2.34 + 0.33 per step; A2.1 (chuyên viên chính 01.002)
4.40 + 0.34, a raise every 36 months; B (nhân viên 01.005) 1.86 + 0.20, 12 steps, vượt khung 5 % after 24 months at
step 12 then 1 % a year; A0 (cán sự 01.004 since 01/08/2021) 2.10 + 0.31, 10 steps (last 4.89), vượt khung after
36 months at the last step."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from hrm.models import Rank, Reminder, SalaryRecord
from hrm.services import salary_change
from hrm.services.form2c import form2c_data
from hrm.services.reminders import reminders_refresh
from hrm.services.salary import base_salary_on, monthly_salary, next_regular_raise
from tests.hrm.test_salary_changes import hire  # chuyên viên hired into Thị trấn Châu Thành

pytestmark = pytest.mark.django_db
D = Decimal
PROMOTED_ON = dt.date(2025, 3, 1)


def promote(employee, actor, rank, on=PROMOTED_ON, **kwargs):
    return salary_change(
        employee=employee, actor=actor, on=on, reason="promotion", rank=Rank.objects.get(code=rank), **kwargs
    )


@pytest.fixture
def kept_time(province, admin_user):
    """Chuyên viên bậc 7 (4.32) since 01/05/2023, promoted to chuyên viên chính on 01/03/2025: bậc 1 (4.40), a
    raise of 0.08 < 0.33 (one A1 step), so his time counts from 01/05/2023 and the next raise is due 01/05/2026."""
    employee = hire(province, code="KT01", rank="01.003", step=7, on=dt.date(2023, 5, 1))
    return employee, promote(employee, admin_user, "01.002", decision_no="QĐ 7")


def test_a_raise_under_one_step_keeps_the_old_steps_time(kept_time):
    employee, record = kept_time
    assert (record.rank.code, record.step, record.coefficient) == ("01.002", 1, D("4.40"))
    assert record.step_since == dt.date(2023, 5, 1) and record.kept_difference == 0
    assert next_regular_raise(employee=employee, on=dt.date(2025, 6, 1)) == dt.date(2026, 5, 1)  # + 36 months
    employee.refresh_from_db()
    assert employee.step_since == dt.date(2023, 5, 1)  # the staff record's present copy


def test_the_reminder_and_the_regular_raise_follow_the_kept_time(kept_time, admin_user, english):
    employee, _record = kept_time
    reminders_refresh(today=dt.date(2026, 4, 1))
    assert Reminder.objects.get(employee=employee, kind=Reminder.Kind.RAISE_DUE).due_date == dt.date(2026, 5, 1)
    with pytest.raises(Exception, match="01/05/2026"):
        salary_change(employee=employee, actor=admin_user, on=dt.date(2026, 4, 30), reason="regular")
    raised = salary_change(employee=employee, actor=admin_user, on=dt.date(2026, 5, 1), reason="regular")
    assert (raised.step, raised.coefficient, raised.step_since) == (2, D("4.74"), dt.date(2026, 5, 1))


def test_an_early_raise_is_measured_from_the_kept_time(kept_time, admin_user, english):
    employee, _record = kept_time
    with pytest.raises(Exception, match="at most 12 months before the regular one, due on 01/05/2026"):
        salary_change(employee=employee, actor=admin_user, on=dt.date(2025, 4, 1), reason="early")
    early = salary_change(employee=employee, actor=admin_user, on=dt.date(2025, 6, 1), reason="early")
    assert (early.step, early.step_since) == (2, dt.date(2025, 6, 1))


def test_a_raise_of_a_step_or_more_counts_from_the_promotion(province, admin_user):
    employee = hire(province, code="KT02", rank="01.003", step=3, on=dt.date(2023, 5, 1))  # 3.00 → 4.40: + 1.40
    record = promote(employee, admin_user, "01.002")
    assert (record.step, record.step_since) == (1, PROMOTED_ON)
    assert next_regular_raise(employee=employee, on=dt.date(2025, 6, 1)) == dt.date(2028, 3, 1)


@pytest.fixture
def above_last(province, admin_user):
    """Nhân viên (B) bậc 12 (4.06) since 01/01/2005: on 01/03/2025 he has 242 months at the last step, vượt khung
    5 + (242 − 24) // 12 = 23 %, so he holds 4.06 × 1.23 = 4.9938, rounded 4.99 as the circular does. Promoted to
    cán sự (A0, last step 10 = 4.89): step 10 and a kept difference of 4.99 − 4.89 = 0.10, his time from the
    promotion."""
    employee = hire(province, code="KT03", rank="01.005", step=12, on=dt.date(2023, 5, 1))
    SalaryRecord.objects.filter(employee=employee).update(valid_from=dt.date(2005, 1, 1))  # before the unit's rows
    return employee, promote(employee, admin_user, "01.004")


def test_above_the_last_step_the_difference_is_kept_and_paid(above_last):
    employee, record = above_last
    assert (record.rank.code, record.step, record.coefficient) == ("01.004", 10, D("4.89"))
    assert record.kept_difference == D("0.10") and record.step_since == PROMOTED_ON
    pay = monthly_salary(employee=employee, on=dt.date(2025, 6, 1))
    base = base_salary_on(on=dt.date(2025, 6, 1))
    assert pay["kept_difference"] == D("0.10") and pay["seniority_percent"] == 0
    assert pay["total"] == int((D("4.99") * base).quantize(D(1)))  # (4.89 + 0.10) × base


def test_the_kept_difference_stays_on_the_next_seniority_allowance(above_last, admin_user):
    employee, _record = above_last
    on = dt.date(2028, 3, 1)  # 36 months at A0's last step, counted from the promotion
    allowance = salary_change(employee=employee, actor=admin_user, on=on, reason="seniority")
    assert (allowance.seniority_percent, allowance.kept_difference) == (5, D("0.10"))
    assert allowance.step_since == PROMOTED_ON
    pay = monthly_salary(employee=employee, on=on)
    assert pay["total"] == int(((D("4.89") * D("1.05") + D("0.10")) * base_salary_on(on=on)).quantize(D(1)))


def test_a_kept_difference_counts_in_the_next_promotion_and_ends_with_it(above_last, admin_user):
    employee, _record = above_last
    # 4.89 + 0.10 = 4.99 held, above A1's last step (bậc 9, 4.98): bậc 9 and 0.01 kept; the old 0.10 ends
    again = promote(employee, admin_user, "01.003", on=dt.date(2026, 3, 1))
    assert (again.step, again.coefficient, again.kept_difference) == (9, D("4.98"), D("0.01"))


def test_the_profile_and_form_2c_show_the_kept_difference_and_the_step_date(client, above_last, admin_user, english):
    employee, _record = above_last
    client.force_login(admin_user)
    page = client.get(reverse("hrm:staff-detail", args=[employee.pk])).content.decode()
    assert "Kept difference coefficient" in page and "0,10" in page
    assert "01/03/2025" in page
    items = {item["no"]: item for item in form2c_data(employee=employee, on=dt.date(2025, 6, 1))["items"]}
    assert "kept difference coefficient 0,10" in items["14"]["value"] and "since 01/03/2025" in items["14"]["value"]
    salary_rows = items["31"]["rows"]
    assert salary_rows[-1][-1] == "4,89, kept difference coefficient 0,10"


def test_a_step_other_than_the_rules_is_refused_on_its_field(province, admin_user):
    employee = hire(province, code="KT04", rank="01.003", step=7, on=dt.date(2023, 5, 1))
    with translation.override("vi"):  # the words in Vietnamese, whatever language an earlier test left active
        with pytest.raises(Exception) as caught:
            promote(employee, admin_user, "01.002", step=2)
        assert caught.value.field == "step" and "bậc 1 (4,40)" in " ".join(caught.value.messages)
    assert SalaryRecord.objects.filter(employee=employee).count() == 1


def test_the_api_places_a_promotion_and_returns_what_it_keeps(api_client, kept_time, admin_user, province):
    employee = hire(province, code="KT05", rank="01.003", step=7, on=dt.date(2023, 5, 1))
    api_client.force_authenticate(admin_user)
    url = reverse("hrm-api:salary-change", args=[employee.pk])
    data = {"reason": "promotion", "on": "2025-03-01", "rank": Rank.objects.get(code="01.002").pk}
    body = api_client.post(url, data, format="json").json()
    assert (body["step"], body["step_since"], body["kept_difference"]) == (1, "2023-05-01", "0.00")


# --- a transfer in the same category (chuyển ngạch, TT 02/2007/TT-BNV Mục II.2) -----------------------------------
def test_a_transfer_to_a_lower_group_keeps_the_step_the_time_and_the_difference(province, admin_user):
    """Chuyên viên chính (A2.1) bậc 2 (4.74) since 01/05/2023 → văn thư viên chính (A2.2) bậc 2 (4.34): the same
    step, his time kept, 0.40 kept (Mục II.2.c)."""
    employee = hire(province, code="KT06", rank="01.002", step=2, on=dt.date(2023, 5, 1))
    record = salary_change(
        employee=employee, actor=admin_user, on=PROMOTED_ON, reason="transfer", rank=Rank.objects.get(code="02.006")
    )
    assert (record.step, record.coefficient, record.kept_difference) == (2, D("4.34"), D("0.40"))
    assert record.step_since == dt.date(2023, 5, 1)
    assert next_regular_raise(employee=employee, on=dt.date(2025, 6, 1)) == dt.date(2026, 5, 1)
    assert monthly_salary(employee=employee, on=dt.date(2025, 6, 1))["total"] == int(
        (D("4.74") * base_salary_on(on=dt.date(2025, 6, 1))).quantize(D(1))
    )  # paid as before


def test_a_transfer_to_a_higher_group_is_placed_as_a_promotion(province, admin_user, english):
    """Văn thư viên chính (A2.2) bậc 2 (4.34) → chuyên viên chính (A2.1): the next higher 4.40 (bậc 1), 0.06 < one
    A2.2 step (0.34), so his time is kept (Mục II.2.b → II.1.a); another step is refused on its field."""
    employee = hire(province, code="KT07", rank="02.006", step=2, on=dt.date(2023, 5, 1))
    with pytest.raises(Exception, match="place him on step 1"):
        salary_change(
            employee=employee, actor=admin_user, on=PROMOTED_ON, reason="transfer", step=2,
            rank=Rank.objects.get(code="01.002"),
        )  # fmt: skip
    record = salary_change(
        employee=employee, actor=admin_user, on=PROMOTED_ON, reason="transfer", rank=Rank.objects.get(code="01.002")
    )
    assert (record.step, record.coefficient, record.step_since, record.kept_difference) == (
        1, D("4.40"), dt.date(2023, 5, 1), 0,
    )  # fmt: skip


def test_a_transfer_in_the_same_group_carries_the_seniority_allowance(province, admin_user):
    """Chuyên viên (A1) bậc 9 since 01/01/2015: on 01/03/2025, 122 months at the last step give 5 + (122 − 36) // 12
    = 12 % vượt khung; transferred to văn thư viên (A1 too) he keeps bậc 9, the 12 % and his time (Mục II.2.a)."""
    employee = hire(province, code="KT08", rank="01.003", step=9, on=dt.date(2023, 5, 1))
    SalaryRecord.objects.filter(employee=employee).update(valid_from=dt.date(2015, 1, 1))
    record = salary_change(
        employee=employee, actor=admin_user, on=PROMOTED_ON, reason="transfer", rank=Rank.objects.get(code="02.007")
    )
    assert (record.step, record.seniority_percent, record.step_since) == (9, 12, dt.date(2015, 1, 1))
    assert monthly_salary(employee=employee, on=dt.date(2025, 6, 1))["seniority_percent"] == 12


def test_the_migration_gives_existing_rows_the_start_of_their_steps_run(province, admin_user):
    """hrm 0021 fills step_since of the rows already there with what the services computed before: the start of the
    unbroken run of rows with the same rank and step (an allowance change does not restart it, a raise does)."""
    import importlib

    from django.apps import apps

    fill = importlib.import_module("hrm.migrations.0021_salary_step_since_kept_difference").fill_step_since
    employee = hire(province, code="KT09", rank="01.003", step=3, on=dt.date(2023, 5, 1))
    salary_change(employee=employee, actor=admin_user, on=dt.date(2024, 1, 1), reason="correction",
                  position_allowance=D("0.10"))  # fmt: skip
    salary_change(employee=employee, actor=admin_user, on=dt.date(2025, 6, 1), reason="early")
    SalaryRecord.objects.update(step_since=None)
    fill(apps, None)
    rows = SalaryRecord.objects.filter(employee=employee).order_by("valid_from").values_list("step", "step_since")
    assert list(rows) == [(3, dt.date(2023, 5, 1)), (3, dt.date(2023, 5, 1)), (4, dt.date(2025, 6, 1))]
