"""Annual ratings, rewards and discipline: the services (rules in force, one rating a year, audit), the API and
the pages, with the personas' refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from common.errors import ApplicationError
from common.models import AuditEntry
from hrm.models import AnnualRating, Discipline, Rank, Reward, RuleValue
from hrm.services import histories
from hrm.services.salary import next_regular_raise
from hrm.services.staff import employee_hire
from tests.hrm.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lan(province):
    """A public employee (viên chức) of a commune of Châu Thành: scored ratings from 2026."""
    return EmployeeFactory(unit=province["c1"], staff_type="vien_chuc")


@pytest.fixture
def hoa(province):
    """A1 step 3 since 01/01/2024: her next regular raise is due on 01/01/2027."""
    return employee_hire(
        code="CV001",
        staff_type="cong_chuc",
        unit=province["c1"],
        on=dt.date(2024, 1, 1),
        actor=None,
        person_fields={"full_name": "Nguyễn Thị Hoa", "date_of_birth": dt.date(1990, 3, 10), "sex": "female"},
        position="Chuyên viên",
        rank=Rank.objects.get(code="01.003"),
        step=3,
    )


def refused_on(field: str, call, **kwargs) -> str:
    with pytest.raises(ApplicationError) as info:
        call(**kwargs)
    assert info.value.field == field, info.value
    return " ".join(info.value.messages)


# --- ratings: service ----------------------------------------------------------------------------
def test_rating_stores_the_level_in_force_for_the_year_and_is_audited(mai, hr_manager):
    rating = histories.rating_create(employee=mai, year=2024, level="HTTNV", actor=hr_manager, note=" tốt ")
    assert (rating.level.code, rating.level.staff_type, rating.score, rating.note) == ("HTTNV", "", None, "tốt")
    entry = AuditEntry.objects.get(model="hrm.annualrating", action="create")
    assert entry.actor == hr_manager and entry.unit_id == mai.unit_id and entry.changes["year"] == [None, 2024]


def test_one_rating_a_year(mai):
    histories.rating_create(employee=mai, year=2024, level="HTTNV", actor=None)
    message = refused_on("year", histories.rating_create, employee=mai, year=2024, level="HTNV", actor=None)
    assert "2024" in message
    assert AnnualRating.objects.filter(employee=mai).count() == 1


def test_a_level_must_be_one_in_force_that_year(mai):
    refused_on("level", histories.rating_create, employee=mai, year=2024, level="GIOI", actor=None)
    refused_on("year", histories.rating_create, employee=mai, year=2015, level="HTTNV", actor=None)  # no rows then
    next_year = timezone.localdate().year + 1
    refused_on("year", histories.rating_create, employee=mai, year=next_year, level="HTTNV", actor=None)
    assert not AnnualRating.objects.exists()


def test_no_rating_before_recruitment(hoa):
    refused_on("year", histories.rating_create, employee=hoa, year=2023, level="HTTNV", actor=None)
    assert histories.rating_create(employee=hoa, year=2024, level="HTTNV", actor=None).year == 2024


def test_unscored_years_take_no_score(mai, lan):
    refused_on("score", histories.rating_create, employee=mai, year=2024, level="HTTNV", score=Decimal(80), actor=None)
    refused_on("score", histories.rating_create, employee=lan, year=2025, level="HTTNV", score=Decimal(80), actor=None)
    # civil servants are not scored in 2026 either: the scored rows are for viên chức only
    assert histories.rating_create(employee=mai, year=2026, level="HTXSNV", actor=None).level.min_score is None


def test_public_employees_are_scored_from_2026(lan):
    levels = histories.rating_levels_for(staff_type="vien_chuc", year=2026)
    assert [(row.code, row.min_score) for row in levels] == [
        ("HTXSNV", 90),
        ("HTTNV", 70),
        ("HTNV", 50),
        ("KHTNV", 0),
    ]
    refused_on("score", histories.rating_create, employee=lan, year=2026, level="HTTNV", actor=None)  # no score
    message = refused_on(
        "score", histories.rating_create, employee=lan, year=2026, level="HTXSNV", score=Decimal(85), actor=None
    )
    assert "90" in message
    refused_on("score", histories.rating_create, employee=lan, year=2026, level="KHTNV", score=Decimal(-1), actor=None)
    assert not AnnualRating.objects.exists()
    rating = histories.rating_create(employee=lan, year=2026, level="HTTNV", score=Decimal("92.5"), actor=None)
    assert rating.level.staff_type == "vien_chuc" and rating.score == Decimal("92.5")  # the 20% cap may rate lower


def test_the_top_of_the_score_scale_is_a_rule_when_given(lan):
    RuleValue.objects.create(key=histories.RATING_MAX_SCORE_KEY, value=100, valid_from=dt.date(2026, 7, 1))
    refused_on(
        "score", histories.rating_create, employee=lan, year=2026, level="HTXSNV", score=Decimal(900), actor=None
    )
    assert histories.rating_create(employee=lan, year=2026, level="HTXSNV", score=Decimal(100), actor=None)


def test_correcting_and_deleting_a_rating_is_audited(mai, hr_manager):
    first = histories.rating_create(employee=mai, year=2023, level="HTTNV", actor=hr_manager)
    second = histories.rating_create(employee=mai, year=2024, level="HTTNV", actor=hr_manager)
    refused_on("year", histories.rating_update, rating=second, year=2023, level="HTTNV", actor=hr_manager)
    second.refresh_from_db()
    assert second.year == 2024
    histories.rating_update(rating=second, year=2024, level="HTXSNV", note="sửa", actor=hr_manager)
    second.refresh_from_db()
    assert (second.level.code, second.note) == ("HTXSNV", "sửa")
    update = AuditEntry.objects.get(model="hrm.annualrating", action="update")
    assert set(update.changes) == {"level_id", "note"}
    histories.rating_delete(rating=first, actor=hr_manager)
    assert list(AnnualRating.objects.values_list("year", flat=True)) == [2024]
    assert AuditEntry.objects.get(model="hrm.annualrating", action="delete").changes["year"] == [2023, None]


# --- rewards and discipline: service -------------------------------------------------------------
def test_rewards_are_recorded_corrected_and_deleted(mai, hr_manager):
    reward = histories.reward_create(
        employee=mai, date=dt.date(2025, 5, 1), form=" Giấy khen ", authority="UBND huyện", actor=hr_manager
    )
    assert reward.form == "Giấy khen"
    refused_on("form", histories.reward_update, reward=reward, date=dt.date(2025, 5, 1), form=" ", actor=None)
    future = timezone.localdate() + dt.timedelta(days=1)
    refused_on("date", histories.reward_create, employee=mai, date=future, form="Bằng khen", actor=None)
    histories.reward_update(reward=reward, date=dt.date(2025, 5, 2), form="Bằng khen", actor=hr_manager)
    reward.refresh_from_db()
    assert (reward.date, reward.form, reward.authority) == (dt.date(2025, 5, 2), "Bằng khen", "")
    histories.reward_delete(reward=reward, actor=hr_manager)
    assert not Reward.objects.exists()
    actions = list(AuditEntry.objects.filter(model="hrm.reward").values_list("action", flat=True).order_by("id"))
    assert actions == ["create", "update", "delete"]


def test_discipline_form_comes_from_the_rules_in_force(mai):
    refused_on(
        "form", histories.discipline_create, employee=mai, form="phat_tien", valid_from=dt.date(2025, 1, 1), actor=None
    )
    refused_on(
        "form",
        histories.discipline_create,
        employee=mai,
        form="khien_trach",
        valid_from=dt.date(2010, 1, 1),
        actor=None,
    )  # the forms are in force from 2013
    refused_on(
        "valid_to",
        histories.discipline_create,
        employee=mai,
        form="khien_trach",
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 1, 1),
        actor=None,
    )
    assert not Discipline.objects.exists()
    assert [code for code, _ in histories.discipline_form_choices()][:2] == ["khien_trach", "canh_cao"]


@pytest.mark.parametrize(
    ("staff_type", "forms"),
    [
        ("can_bo", ["khien_trach", "canh_cao", "cach_chuc", "bai_nhiem"]),
        ("cong_chuc", ["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]),
        ("vien_chuc", ["khien_trach", "canh_cao", "cach_chuc", "buoc_thoi_viec"]),
    ],
)
def test_each_staff_type_has_its_own_forms_of_discipline(province, staff_type, forms):
    assert sorted(code for code, _ in histories.discipline_form_choices(staff_type=staff_type)) == sorted(forms)
    employee = EmployeeFactory(unit=province["c1"], staff_type=staff_type)
    for code in {"ha_bac_luong", "bai_nhiem", "buoc_thoi_viec"} - set(forms):
        refused_on(
            "form",
            histories.discipline_create,
            employee=employee,
            form=code,
            valid_from=dt.date(2025, 1, 1),
            actor=None,
        )
    for code in forms:
        histories.discipline_create(employee=employee, form=code, valid_from=dt.date(2025, 1, 1), actor=None)
    assert Discipline.objects.filter(employee=employee).count() == len(forms)


def test_the_discipline_page_offers_only_the_forms_of_the_staff_members_type(client, hr_manager, lan):
    client.force_login(hr_manager)
    html = client.get(reverse("hrm:discipline-add", args=[lan.pk])).content.decode()
    assert 'value="buoc_thoi_viec"' in html and 'value="ha_bac_luong"' not in html


def test_a_discipline_delays_the_next_raise_until_it_is_deleted(hoa, hr_manager):
    assert next_regular_raise(employee=hoa, on=dt.date(2026, 6, 1)) == dt.date(2027, 1, 1)
    discipline = histories.discipline_create(
        employee=hoa,
        form="khien_trach",
        valid_from=dt.date(2025, 3, 1),
        valid_to=dt.date(2026, 3, 1),
        reason="Vi phạm quy chế",
        decision_no="12/QĐ-KL",
        actor=hr_manager,
    )
    assert next_regular_raise(employee=hoa, on=dt.date(2026, 6, 1)) == dt.date(2027, 7, 1)  # + 6 months
    histories.discipline_update(
        discipline=discipline, form="canh_cao", valid_from=dt.date(2025, 3, 1), actor=hr_manager
    )
    assert next_regular_raise(employee=hoa, on=dt.date(2026, 6, 1)) == dt.date(2028, 1, 1)  # + 12 months
    histories.discipline_delete(discipline=discipline, actor=hr_manager)
    assert next_regular_raise(employee=hoa, on=dt.date(2026, 6, 1)) == dt.date(2027, 1, 1)
    assert AuditEntry.objects.filter(model="hrm.discipline").count() == 3


# --- reminders follow every change ----------------------------------------------------------------
def test_every_change_refreshes_the_persons_reminders_after_commit(hoa, django_capture_on_commit_callbacks):
    def deferred(call, **kwargs):
        with django_capture_on_commit_callbacks() as callbacks:
            row = call(**kwargs)
        assert len(callbacks) == 1, call.__name__
        return row

    rating = deferred(histories.rating_create, employee=hoa, year=2024, level="HTTNV", actor=None)
    deferred(histories.rating_update, rating=rating, year=2024, level="HTNV", actor=None)
    deferred(histories.rating_delete, rating=rating, actor=None)
    reward = deferred(histories.reward_create, employee=hoa, date=dt.date(2025, 5, 1), form="Giấy khen", actor=None)
    deferred(histories.reward_update, reward=reward, date=dt.date(2025, 5, 1), form="Bằng khen", actor=None)
    deferred(histories.reward_delete, reward=reward, actor=None)
    discipline = deferred(
        histories.discipline_create, employee=hoa, form="khien_trach", valid_from=dt.date(2025, 3, 1), actor=None
    )
    deferred(
        histories.discipline_update, discipline=discipline, form="canh_cao", valid_from=dt.date(2025, 3, 1), actor=None
    )
    deferred(histories.discipline_delete, discipline=discipline, actor=None)


def test_a_rating_entered_on_the_page_clears_its_reminder(client, hr_manager, mai, django_capture_on_commit_callbacks):
    from hrm.models import Reminder
    from hrm.services.reminders import reminders_refresh

    year = timezone.localdate().year - 1
    reminders_refresh()
    assert Reminder.objects.filter(employee=mai, kind="rating_missing").exists()
    client.force_login(hr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page("rating-add", mai), {"year": str(year), "level": "HTTNV"})
    assert response.status_code == 302
    assert not Reminder.objects.filter(employee=mai, kind="rating_missing").exists()


# --- API -----------------------------------------------------------------------------------------
def api(name: str, employee, pk=None) -> str:
    args = [employee.pk] if pk is None else [employee.pk, pk]
    return reverse(f"hrm-api:{name}", args=args)


def test_hr_officer_records_a_rating_through_the_api(api_client, hr_manager, mai):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(api("rating-list", mai), {"year": 2025, "level": "HTTNV"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["year"] == 2025 and body["level"] == "HTTNV" and body["level_name"] == "Hoàn thành tốt nhiệm vụ"
    patched = api_client.patch(api("rating-detail", mai, body["id"]), {"note": "Đã họp xét"}, format="json")
    assert patched.status_code == 200 and patched.json()["level"] == "HTTNV" and patched.json()["note"] == "Đã họp xét"
    assert api_client.get(api("rating-list", mai)).json()[0]["note"] == "Đã họp xét"
    assert api_client.delete(api("rating-detail", mai, body["id"])).status_code == 204
    assert not AnnualRating.objects.exists()


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("rating-list", {"year": 2025, "level": "GIOI"}, "level"),
        ("rating-list", {"level": "HTTNV"}, "year"),
        ("rating-list", {"year": 2025, "level": "HTTNV", "score": "80"}, "score"),
        ("reward-list", {"date": "2025-05-01", "form": "   "}, "form"),
        ("reward-list", {"date": "01/05/2025"}, "form"),
        ("discipline-list", {"form": "khien_trach", "valid_from": "2025-05-01", "valid_to": "2025-01-01"}, "valid_to"),
        ("discipline-list", {"form": "phat_tien", "valid_from": "2025-05-01"}, "form"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(api_client, hr_manager, mai, name, payload, field):
    api_client.force_authenticate(hr_manager)
    response = api_client.post(api(name, mai), payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not (AnnualRating.objects.exists() or Reward.objects.exists() or Discipline.objects.exists())
    assert not AuditEntry.objects.filter(model__in=["hrm.annualrating", "hrm.reward", "hrm.discipline"]).exists()


def test_a_patch_is_checked_against_the_rules_again(api_client, hr_manager, lan):
    rating = histories.rating_create(employee=lan, year=2026, level="HTTNV", score=Decimal(75), actor=None)
    api_client.force_authenticate(hr_manager)
    response = api_client.patch(api("rating-detail", lan, rating.pk), {"level": "HTXSNV"}, format="json")
    assert response.status_code == 400 and "score" in response.json()
    rating.refresh_from_db()
    assert rating.level.code == "HTTNV"


def test_discipline_through_the_api_shows_in_the_computed_next_raise(api_client, client, hr_manager, hoa):
    api_client.force_authenticate(hr_manager)
    payload = {"form": "canh_cao", "valid_from": "2025-03-01", "reason": "Vi phạm", "decision_no": "5/QĐ-KL"}
    response = api_client.post(api("discipline-list", hoa), payload, format="json")
    assert response.status_code == 201 and response.json()["raise_delay_months"] == 12
    client.force_login(hr_manager)
    profile = client.get(reverse("hrm:staff-detail", args=[hoa.pk]))
    assert profile.context["computed"]["next_raise"] == dt.date(2028, 1, 1)
    assert "01/01/2028" in profile.content.decode()


def test_the_staff_member_reads_his_histories_but_cannot_write(api_client, mai):
    reward = histories.reward_create(employee=mai, date=dt.date(2025, 5, 1), form="Giấy khen", actor=None)
    api_client.force_authenticate(UserFactory(username="mai", person=mai.person))
    assert api_client.get(api("reward-list", mai)).json()[0]["form"] == "Giấy khen"
    assert api_client.get(api("reward-detail", mai, reward.pk)).status_code == 200
    assert api_client.post(api("reward-list", mai), {"date": "2025-06-01", "form": "X"}).status_code == 403
    assert api_client.patch(api("reward-detail", mai, reward.pk), {"form": "X"}).status_code == 403
    assert api_client.delete(api("reward-detail", mai, reward.pk)).status_code == 403
    assert api_client.post(api("rating-list", mai), {"year": 2025, "level": "HTTNV"}).status_code == 403
    assert list(Reward.objects.values_list("form", flat=True)) == ["Giấy khen"]


@pytest.mark.parametrize("persona", ["other_hr_manager", "outsider", "examiner"])
def test_others_get_404(api_client, request, persona, mai):
    rating = histories.rating_create(employee=mai, year=2025, level="HTTNV", actor=None)
    api_client.force_authenticate(request.getfixturevalue(persona))
    assert api_client.get(api("rating-list", mai)).status_code == 404
    assert api_client.post(api("rating-list", mai), {"year": 2024, "level": "HTTNV"}).status_code == 404
    assert api_client.patch(api("rating-detail", mai, rating.pk), {"note": "x"}).status_code == 404
    assert api_client.delete(api("rating-detail", mai, rating.pk)).status_code == 404
    discipline = {"form": "khien_trach", "valid_from": "2025-01-01"}
    assert api_client.post(api("discipline-list", mai), discipline).status_code == 404
    rating.refresh_from_db()
    assert rating.note == "" and not Discipline.objects.exists()


def test_a_row_of_another_employee_is_404(api_client, hr_manager, mai, lan):
    rating = histories.rating_create(employee=lan, year=2025, level="HTTNV", actor=None)
    api_client.force_authenticate(hr_manager)  # sees both, but the row is not mai's
    assert api_client.delete(api("rating-detail", mai, rating.pk)).status_code == 404
    assert AnnualRating.objects.filter(pk=rating.pk).exists()


def test_province_administrators_may_write(api_client, admin_user, mai):
    api_client.force_authenticate(admin_user)
    response = api_client.post(api("reward-list", mai), {"date": "2025-06-01", "form": "Bằng khen"})
    assert response.status_code == 201


def test_the_schema_documents_the_history_endpoints(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/hrm/staff/{employee_id}/ratings/" in schema["paths"]
    assert "/api/hrm/staff/{employee_id}/discipline/{id}/" in schema["paths"]


# --- pages ---------------------------------------------------------------------------------------
def page(name: str, employee, pk=None) -> str:
    args = [employee.pk] if pk is None else [employee.pk, pk]
    return reverse(f"hrm:{name}", args=args)


def test_adding_a_rating_on_the_page(client, hr_manager, mai):
    client.force_login(hr_manager)
    form = client.get(page("rating-add", mai))
    assert form.status_code == 200 and form.context["form"]["year"].value() >= 2025
    response = client.post(page("rating-add", mai), {"year": "2025", "level": "HTXSNV", "note": ""}, follow=True)
    assert response.redirect_chain[-1][0].endswith("#h-ratings")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert "Hoàn thành xuất sắc nhiệm vụ" in response.content.decode()
    assert AnnualRating.objects.get(employee=mai).year == 2025


def test_a_refused_rating_is_shown_on_its_field_and_nothing_is_written(client, hr_manager, mai):
    histories.rating_create(employee=mai, year=2025, level="HTTNV", actor=None)
    client.force_login(hr_manager)
    response = client.post(page("rating-add", mai), {"year": "2025", "level": "HTNV"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["year"]
    assert 'role="alert"' in response.content.decode()
    scored = client.post(page("rating-add", mai), {"year": "2024", "level": "HTNV", "score": "55,5"})
    assert list(scored.context["form"].errors) == ["score"]  # 2024 is not scored; "55,5" was read as 55.5
    assert AnnualRating.objects.filter(employee=mai).count() == 1


def test_correcting_a_reward_on_the_page_is_prefilled_day_first(client, hr_manager, mai):
    reward = histories.reward_create(employee=mai, date=dt.date(2025, 5, 1), form="Giấy khen", actor=None)
    client.force_login(hr_manager)
    response = client.get(page("reward-edit", mai, reward.pk))
    assert 'value="01/05/2025"' in response.content.decode()
    data = {"date": "02/05/2025", "form": "Bằng khen", "authority": "UBND tỉnh", "decision_no": "1/QĐ"}
    assert client.post(page("reward-edit", mai, reward.pk), data).status_code == 302
    reward.refresh_from_db()
    assert (reward.date, reward.form, reward.authority) == (dt.date(2025, 5, 2), "Bằng khen", "UBND tỉnh")


def test_discipline_entered_on_the_page_delays_the_raise_on_the_profile(client, hr_manager, hoa):
    client.force_login(hr_manager)
    form = client.get(page("discipline-add", hoa))
    assert ("khien_trach", "Khiển trách") in form.context["form"].fields["form"].choices
    data = {"form": "khien_trach", "valid_from": "01/03/2025", "valid_to": "01/03/2026", "reason": "Đi muộn"}
    response = client.post(page("discipline-add", hoa), data, follow=True)
    assert response.redirect_chain[-1][0].endswith("#h-discipline")
    assert response.context["computed"]["next_raise"] == dt.date(2027, 7, 1)
    html = response.content.decode()
    assert "01/07/2027" in html and "Khiển trách" in html


def test_deleting_asks_first_then_deletes(client, hr_manager, hoa):
    discipline = histories.discipline_create(employee=hoa, form="canh_cao", valid_from=dt.date(2025, 3, 1), actor=None)
    client.force_login(hr_manager)
    confirm = client.get(page("discipline-delete", hoa, discipline.pk))
    assert confirm.status_code == 200 and "Cảnh cáo (01/03/2025)" in confirm.content.decode()
    assert Discipline.objects.exists()
    response = client.post(page("discipline-delete", hoa, discipline.pk), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assert not Discipline.objects.exists() and response.context["computed"]["next_raise"] == dt.date(2027, 1, 1)


def test_history_pages_refuse_others(client, mai, other_hr_manager, outsider):
    reward = histories.reward_create(employee=mai, date=dt.date(2025, 5, 1), form="Giấy khen", actor=None)
    urls = [page("rating-add", mai), page("reward-edit", mai, reward.pk), page("reward-delete", mai, reward.pk)]
    for user, code in ((other_hr_manager, 404), (outsider, 404), (UserFactory(username="mai", person=mai.person), 403)):
        client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [code] * 3
        assert client.post(page("reward-delete", mai, reward.pk)).status_code == code
    assert Reward.objects.filter(pk=reward.pk).exists()


def test_a_row_of_another_employee_is_404_on_the_pages(client, hr_manager, mai, lan):
    reward = histories.reward_create(employee=lan, date=dt.date(2025, 5, 1), form="Giấy khen", actor=None)
    client.force_login(hr_manager)
    assert client.get(page("reward-edit", mai, reward.pk)).status_code == 404
    assert client.post(page("reward-delete", mai, reward.pk)).status_code == 404


def test_service_errors_are_validation_errors():
    assert issubclass(ApplicationError, ValidationError)
