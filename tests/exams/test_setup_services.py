import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams import selectors, services
from exams.models import Exam, Part, PositionQuota, RoomSession
from exams.roles import ExamRole
from hrm.models import Grant, Rank
from tests.exams.factories import make_candidate
from tests.exams.factories_setup import (
    EXAM_DAY,
    BankFactory,
    PartFactory,
    PositionFactory,
    SetupExamFactory,
    at,
    board_of,
    paper_for,
    profile,
)
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return exc.value.message_dict


def _exam_values(**overrides):
    values = {
        "code": "tt-2026",
        "name": "Thi tuyển công chức năm 2026",
        "kind": Exam.Kind.RECRUITMENT,
        "profile": profile(),
        "held_on": EXAM_DAY,
    }
    return values | overrides


# --- Exams ----------------------------------------------------------------------------------------
def test_board_member_of_every_exam_creates_a_draft_with_the_code_in_capitals_audited(examiner, province):
    exam = services.exam_create(actor=examiner, organiser=province["dept"], **_exam_values())
    assert (exam.code, exam.status, exam.organiser) == ("TT-2026", Exam.Status.DRAFT, province["dept"])
    assert AuditEntry.objects.filter(model="exams.exam", object_id=str(exam.pk), action="create").exists()


def test_board_member_of_one_exam_may_not_create_exams():
    user = board_of(SetupExamFactory())
    with pytest.raises(ValidationError):
        services.exam_create(actor=user, **_exam_values())
    assert not Exam.objects.filter(code="TT-2026").exists()


def test_profile_not_in_force_on_the_exam_date_is_refused_with_its_period(examiner, english):
    with pytest.raises(ValidationError) as exc:
        services.exam_create(actor=examiner, **_exam_values(profile=profile("congchuc_ND138_2020")))
    message = _errors(exc)["profile"][0]
    assert "not in force on the exam date 10/03/2026" in message and "27/11/2020" in message


def test_profile_of_another_kind_is_refused(examiner, english):
    with pytest.raises(ValidationError) as exc:
        services.exam_create(actor=examiner, **_exam_values(kind=Exam.Kind.PROMOTION))
    assert "not for Promotion exam" in _errors(exc)["profile"][0]


def test_duplicate_code_and_pool_without_papers_are_refused_on_their_fields(examiner):
    SetupExamFactory(code="TT-2026")
    with pytest.raises(ValidationError) as exc:
        services.exam_create(actor=examiner, **_exam_values())
    assert "code" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.exam_create(actor=examiner, **_exam_values(code="X1", paper_mode=Exam.PaperMode.POOL, pool_size=0))
    assert "pool_size" in _errors(exc)


def test_profile_offer_follows_kind_and_date():
    offered = selectors.profile_list_offered(kind=Exam.Kind.RECRUITMENT, on=EXAM_DAY)
    assert {p.code for p in offered} == {"congchuc_ND170_2025", "vienchuc_ND115_2020_as_amended_ND85_2023"}


def test_structure_is_frozen_once_papers_exist(examiner):
    part = PartFactory()
    exam = part.exam
    paper_for(part)
    with pytest.raises(ValidationError) as exc:
        services.exam_update(exam=exam, actor=examiner, paper_mode=Exam.PaperMode.POOL, pool_size=4)
    assert "paper_mode" in _errors(exc)
    with pytest.raises(ValidationError):
        services.part_update(part=part, actor=examiner, minutes=90)
    with pytest.raises(ValidationError):
        services.part_create(exam=exam, actor=examiner, key="written", name="Viết", mode=Part.Mode.PAPER, minutes=180)
    # the name is not structure
    assert services.exam_update(exam=exam, actor=examiner, name="Tên mới").name == "Tên mới"


def test_status_moves_draft_open_closed_and_a_closed_exam_refuses_changes(examiner):
    exam = SetupExamFactory()
    with pytest.raises(ValidationError) as exc:
        services.exam_status_set(exam=exam, actor=examiner, status=Exam.Status.OPEN)
    assert "status" in _errors(exc)  # no parts yet
    PartFactory(exam=exam)
    assert services.exam_status_set(exam=exam, actor=examiner, status=Exam.Status.OPEN).status == "open"
    exam = services.exam_status_set(exam=exam, actor=examiner, status=Exam.Status.CLOSED)
    with pytest.raises(ValidationError):
        services.room_create(exam=exam, actor=examiner, name="P1", capacity=20)
    with pytest.raises(ValidationError):
        services.exam_status_set(exam=exam, actor=examiner, status=Exam.Status.DRAFT)
    assert services.exam_status_set(exam=exam, actor=examiner, status=Exam.Status.OPEN).status == "open"


# --- Positions, quotas, parts ---------------------------------------------------------------------
def test_position_names_a_rank_of_the_profiles_staff_type(examiner, english):
    exam = SetupExamFactory()
    title = Rank.objects.filter(kind=Rank.Kind.TITLE).first()
    rank = Rank.objects.filter(kind__in=[Rank.Kind.RANK, Rank.Kind.BOTH]).first()
    with pytest.raises(ValidationError) as exc:
        services.position_create(exam=exam, actor=examiner, code="VT1", name="Giáo viên", rank=title)
    assert "rank" in _errors(exc)
    position = services.position_create(exam=exam, actor=examiner, code="VT1", name="Chuyên viên", rank=rank)
    with pytest.raises(ValidationError) as exc:
        services.position_create(exam=exam, actor=examiner, code="VT1", name="Khác")
    assert "code" in _errors(exc)
    assert position.rank == rank


def test_quota_set_changes_and_zero_removes(examiner, province):
    position = PositionFactory()
    services.quota_set(position=position, agency=province["d1"], quota=3, actor=examiner)
    services.quota_set(position=position, agency=province["d1"], quota=5, actor=examiner)
    services.quota_set(position=position, agency=province["d2"], quota=2, actor=examiner)
    assert selectors.exam_summary(exam=position.exam)["quota_total"] == 7
    services.quota_set(position=position, agency=province["d2"], quota=0, actor=examiner)
    assert list(PositionQuota.objects.values_list("quota", flat=True)) == [5]


def test_part_bank_must_be_one_the_user_sits_on():
    exam = SetupExamFactory()
    user = board_of(exam)
    with pytest.raises(ValidationError) as exc:
        services.part_create(
            exam=exam, actor=user, key="general", name="KTC", questions=60, minutes=60, bank=BankFactory()
        )
    assert "bank" in _errors(exc)


def test_computer_part_needs_questions_and_keys_are_unique(examiner):
    exam = SetupExamFactory()
    with pytest.raises(ValidationError) as exc:
        services.part_create(exam=exam, actor=examiner, key="general", name="KTC", minutes=60)
    assert "questions" in _errors(exc)
    services.part_create(exam=exam, actor=examiner, key="general", name="KTC", questions=60, minutes=60)
    with pytest.raises(ValidationError) as exc:
        services.part_create(exam=exam, actor=examiner, key="general", name="Again", questions=60, minutes=60)
    assert "key" in _errors(exc)


# --- Pre-fill from the profile -----------------------------------------------------------------------
def _plan(exam, **kwargs):
    return [
        (p.round, p.key, p.mode, p.questions, p.minutes, p.position)
        for p in services.parts_prefill_plan(exam=exam, **kwargs)
    ]


def test_prefill_congchuc_nd170_is_general_60_on_computer_then_written(examiner):
    exam = SetupExamFactory()
    PositionFactory(exam=exam, requires_language=True)  # NĐ 170 has no language part in round 1
    assert _plan(exam) == [(1, "general", "computer", 60, 60, None), (2, "written", "paper", 0, 180, None)]
    assert _plan(exam, round2_form="written_interview")[1:] == [
        (2, "written", "paper", 0, 180, None),
        (2, "interview", "oral", 0, 30, None),
    ]
    created = services.parts_prefill(exam=exam, actor=examiner)
    assert [p.key for p in created] == ["general", "written"]
    assert services.parts_prefill(exam=exam, actor=examiner) == []  # twice: nothing added


def test_prefill_vienchuc_nd115_adds_language_only_for_positions_that_require_one(examiner):
    exam = SetupExamFactory(profile=profile("vienchuc_ND115_2020_as_amended_ND85_2023"))
    assert _plan(exam) == [(1, "general", "computer", 60, 60, None), (2, "written", "paper", 0, 180, None)]
    teacher = PositionFactory(exam=exam, code="GV", requires_language=True)
    PositionFactory(exam=exam, code="KT")
    plan = _plan(exam)
    assert plan[1] == (1, "language", "computer", 30, 30, teacher)
    assert _plan(exam, round2_form="oral")[-1] == (2, "oral", "oral", 0, 30, None)


def test_prefill_asks_for_the_length_the_decree_leaves_to_the_agency(examiner):
    exam = SetupExamFactory(profile=profile("vienchuc_ND115_2020_as_amended_ND85_2023"))
    with pytest.raises(ValidationError) as exc:
        services.parts_prefill(exam=exam, actor=examiner, round2_form="practical")
    assert "agency_minutes" in _errors(exc)
    assert not exam.parts.exists()  # nothing written
    services.parts_prefill(exam=exam, actor=examiner, round2_form="practical", agency_minutes=45)
    assert exam.parts.get(key="practical").minutes == 45


ND170_RULES = {
    "round1": {
        "mode": "computer",
        "parts": {
            "general": {
                "label": "Kiến thức chung",
                "questions": 60,
                "minutes": 60,
                "pass_fraction": 0.5,
                "required": True,
                "exemptible": False,
            }
        },
    },
    "round2": {
        "scale": 100,
        "pass_min": 50,
        "rounding_decimals": 2,
        "parts": {"written": {"label": "Viết", "scale": 100}, "interview": {"label": "Phỏng vấn", "scale": 100}},
        "forms": {"written": {"written": 1}, "written_interview": {"written": 0.7, "interview": 0.3}},
    },
}


def test_prefill_reads_the_machine_readable_rules_when_the_profile_has_them():
    rules_profile = profile()
    rules_profile.config = {
        **rules_profile.config,
        "rules": ND170_RULES
        | {
            "round1": {
                "mode": "computer",
                "parts": {
                    **ND170_RULES["round1"]["parts"],
                    "it": {"label": "Tin học", "questions": 30, "minutes": 30, "required": False, "exemptible": True},
                },
            }
        },
    }
    rules_profile.save()
    exam = SetupExamFactory(profile=rules_profile)
    assert _plan(exam) == [(1, "general", "computer", 60, 60, None), (2, "written", "paper", 0, 180, None)]
    assert [key for key, _label in services.round2_forms(exam=exam)["written_interview"]] == ["written", "interview"]


# --- Rooms, shifts, room sessions ---------------------------------------------------------------------
@pytest.fixture
def exam_with_parts():
    exam = SetupExamFactory()
    general = PartFactory(exam=exam, key="general", minutes=60)
    language = PartFactory(exam=exam, key="language", minutes=30, questions=30)
    return exam, general, language


def test_shift_refuses_no_part_and_a_length_shorter_than_its_parts(examiner, exam_with_parts, english):
    exam, general, language = exam_with_parts
    with pytest.raises(ValidationError) as exc:
        services.shift_create(
            exam=exam, actor=examiner, name="Ca 1", starts_at=at(EXAM_DAY, 8), duration_minutes=60, parts=[]
        )
    assert "parts" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.shift_create(
            exam=exam,
            actor=examiner,
            name="Ca 1",
            starts_at=at(EXAM_DAY, 8),
            duration_minutes=60,
            parts=[general, language],
        )
    assert "lasts 60 minutes but its parts need 90" in _errors(exc)["duration_minutes"][0]
    with pytest.raises(ValidationError) as exc:
        services.shift_create(
            exam=exam,
            actor=examiner,
            name="Ca 0",
            starts_at=at(EXAM_DAY - dt.timedelta(days=1), 8),
            duration_minutes=90,
            parts=[general],
        )
    assert "starts_at" in _errors(exc)


def test_new_rooms_and_shifts_sit_together_but_never_in_overlapping_shifts(examiner, exam_with_parts, english):
    exam, general, language = exam_with_parts
    services.room_create(exam=exam, actor=examiner, name="P01", capacity=30)
    services.room_create(exam=exam, actor=examiner, name="P02", capacity=30)
    morning = services.shift_create(
        exam=exam,
        actor=examiner,
        name="Ca 1",
        starts_at=at(EXAM_DAY, 8),
        duration_minutes=90,
        parts=[general, language],
    )
    assert morning.room_sessions.count() == 2
    overlapping = services.shift_create(
        exam=exam, actor=examiner, name="Ca 2", starts_at=at(EXAM_DAY, 9), duration_minutes=60, parts=[general]
    )
    assert overlapping.room_sessions.count() == 0  # both rooms are busy then
    with pytest.raises(ValidationError) as exc:
        services.room_sessions_fill(exam=exam, actor=examiner)
    assert "overlap" in _errors(exc)["sessions"][0]
    services.shift_update(shift=overlapping, actor=examiner, starts_at=at(EXAM_DAY, 14))
    assert len(services.room_sessions_fill(exam=exam, actor=examiner)) == 4
    with pytest.raises(ValidationError) as exc:
        services.shift_update(shift=overlapping, actor=examiner, starts_at=at(EXAM_DAY, 9))
    assert "starts_at" in _errors(exc)


def test_a_session_with_seated_candidates_is_never_removed(examiner, exam_with_parts):
    exam, general, _language = exam_with_parts
    room = services.room_create(exam=exam, actor=examiner, name="P01", capacity=2)
    shift = services.shift_create(
        exam=exam, actor=examiner, name="Ca 1", starts_at=at(EXAM_DAY, 8), duration_minutes=60, parts=[general]
    )
    session = RoomSession.objects.get(shift=shift, room=room)
    make_candidate(exam=exam, number="A1", room_session=session)
    make_candidate(exam=exam, number="A2", room_session=session)
    with pytest.raises(ValidationError):
        services.room_sessions_set(exam=exam, actor=examiner, pairs=set())
    with pytest.raises(ValidationError) as exc:
        services.room_update(room=room, actor=examiner, capacity=1)
    assert "capacity" in _errors(exc)
    with pytest.raises(ValidationError):
        services.shift_delete(shift=shift, actor=examiner)
    assert RoomSession.objects.filter(pk=session.pk).exists()


# --- Staff ------------------------------------------------------------------------------------------
def test_a_proctor_sees_only_his_room_sessions_and_removal_ends_the_grant(examiner, exam_with_parts):
    exam, general, _language = exam_with_parts
    services.room_create(exam=exam, actor=examiner, name="P01", capacity=30)
    services.room_create(exam=exam, actor=examiner, name="P02", capacity=30)
    services.shift_create(
        exam=exam, actor=examiner, name="Ca 1", starts_at=at(EXAM_DAY, 8), duration_minutes=60, parts=[general]
    )
    first, _second = RoomSession.objects.filter(shift__exam=exam).order_by("room__name")
    user = UserFactory(username="giamthi")
    grant = services.exam_staff_assign(
        exam=exam, actor=examiner, user=user, role=ExamRole.PROCTOR, room_session=first, valid_from=dt.date(2026, 1, 1)
    )
    assert list(selectors.room_session_list_for_user(user=user)) == [first]
    assert AuditEntry.objects.filter(model="hrm.grant", scope_id=exam.pk).exists()
    with pytest.raises(ValidationError) as exc:
        services.exam_staff_assign(exam=exam, actor=examiner, user=user, role=ExamRole.PROCTOR, room_session=first)
    assert "user" in _errors(exc)
    staff = selectors.exam_staff_for_exam(exam=exam)
    assert [row["short"] for row in staff["sessions"]] == [True, True]  # a warning: fewer than two
    services.exam_staff_remove(exam=exam, grant=grant, actor=examiner)
    del user._congvu_grants
    assert not selectors.room_session_list_for_user(user=user).exists()
    assert Grant.objects.get(pk=grant.pk).valid_to is not None


def test_a_candidates_login_gets_no_staff_role(examiner):
    exam = SetupExamFactory()
    candidate = make_candidate(exam=exam, number="B1")
    with pytest.raises(ValidationError) as exc:
        services.exam_staff_assign(exam=exam, actor=examiner, user=candidate.user, role=ExamRole.GRADER)
    assert "user" in _errors(exc)


def test_proctor_needs_a_room_session_of_this_exam(examiner):
    exam, other = SetupExamFactory(), SetupExamFactory()
    from tests.exams.factories import RoomSessionFactory

    session = RoomSessionFactory(shift__exam=other)
    with pytest.raises(ValidationError) as exc:
        services.exam_staff_assign(
            exam=exam, actor=examiner, user=UserFactory(), role=ExamRole.PROCTOR, room_session=session
        )
    assert "room_session" in _errors(exc)


# --- Exemption grounds and the checklist ------------------------------------------------------------
def test_exemption_grounds_in_force_by_date_part_and_profile():
    keys = lambda grounds: [g.key for g in grounds]  # noqa: E731
    on_2024 = selectors.exemption_grounds_in_force(on=dt.date(2024, 1, 1), part_key="language")
    assert keys(on_2024) == ["language_degree", "degree_abroad", "degree_language_standard", "ethnic_minority"]
    assert keys(selectors.exemption_grounds_in_force(on=dt.date(2023, 1, 1), part_key="language")) == [
        "language_degree",
        "degree_abroad",
        "ethnic_minority",
    ]
    assert keys(selectors.exemption_grounds_in_force(on=dt.date(2024, 1, 1), part_key="it")) == ["it_degree"]
    assert selectors.exemption_grounds_in_force(on=EXAM_DAY, part_key="it") == []
    assert selectors.exemption_grounds_in_force(on=EXAM_DAY, profile_code="congchuc_ND170_2025") == []


def _checks(exam) -> dict:
    return {check.key: check for check in selectors.exam_checklist(exam=exam)}


def test_checklist_of_a_new_exam_names_what_is_missing():
    checks = _checks(SetupExamFactory())
    assert checks["profile"].ok
    missing = {key for key, check in checks.items() if not check.ok}
    assert {"organiser", "positions", "parts", "rooms", "shifts", "candidates", "open"} <= missing


def test_checklist_of_a_ready_exam_is_all_ticked(examiner, province, english):
    exam = SetupExamFactory(organiser=province["dept"], status=Exam.Status.OPEN)
    bank = BankFactory()
    position = services.position_create(exam=exam, actor=examiner, code="VT1", name="Chuyên viên")
    services.quota_set(position=position, agency=province["d1"], quota=1, actor=examiner)
    general = services.part_create(
        exam=exam, actor=examiner, key="general", name="KTC", questions=60, minutes=60, bank=bank
    )
    room = services.room_create(exam=exam, actor=examiner, name="P01", capacity=1)
    services.shift_create(
        exam=exam, actor=examiner, name="Ca 1", starts_at=at(EXAM_DAY, 8), duration_minutes=60, parts=[general]
    )
    session = room.room_sessions.get()
    for name in ("gt1", "gt2"):
        services.exam_staff_assign(
            exam=exam, actor=examiner, user=UserFactory(username=name), role=ExamRole.PROCTOR, room_session=session
        )
    checks = _checks(exam)
    assert not checks["candidates"].ok and not checks["papers"].ok
    make_candidate(exam=exam, number="C1", room_session=session)
    paper_for(general)
    assert [key for key, check in _checks(exam).items() if not check.ok] == []
    make_candidate(exam=exam, number="C2")
    checks = _checks(exam)
    assert not checks["seats"].ok and checks["seats"].detail == "1 seats for 2 candidates"
