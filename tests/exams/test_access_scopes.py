"""Exam roles know their scope: a proctor of room A is no proctor of room B, a board member of one exam sees that
exam only, a candidate only his own candidacy (hrm.selectors.may, the one check)."""

import pytest
from django.contrib.contenttypes.models import ContentType

from exams.roles import ATTEMPT_TAKE, EXAM_MANAGE, RULES_VIEW, SESSION_PROCTOR, SESSION_WATCH, ExamRole
from hrm.access import STAFF_LIST
from hrm.selectors import may, scope_ids_for_user
from tests.exams.factories import ExamFactory, RoomSessionFactory, make_candidate
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def granted(role, obj=None):
    user = UserFactory()
    scope = {"scope_type": ContentType.objects.get_for_model(obj), "scope_id": obj.pk} if obj is not None else {}
    GrantFactory(user=user, role=role, unit=None, **scope)
    return user


def test_a_proctor_of_room_a_is_refused_room_b():
    room_a = RoomSessionFactory()
    room_b = RoomSessionFactory(shift=room_a.shift)
    proctor = granted(ExamRole.PROCTOR, room_a)
    assert may(proctor, SESSION_PROCTOR, room_a)
    assert not may(proctor, SESSION_PROCTOR, room_b)
    assert not may(proctor, EXAM_MANAGE, room_a.shift.exam)  # a proctor runs his room, not the exam
    assert may(proctor, RULES_VIEW) and not may(proctor, STAFF_LIST)
    assert scope_ids_for_user(user=proctor, action=SESSION_PROCTOR, model=type(room_a)) == {room_a.pk}


def test_a_board_member_of_one_exam_sees_that_exam_only():
    mine, other = ExamFactory(), ExamFactory()
    session = RoomSessionFactory(shift__exam=mine)
    member = granted(ExamRole.EXAM_BOARD, mine)
    assert may(member, EXAM_MANAGE, mine) and not may(member, EXAM_MANAGE, other)
    assert may(member, SESSION_WATCH, session)  # every room of his exam
    assert not may(member, SESSION_WATCH, RoomSessionFactory(shift__exam=other))
    assert scope_ids_for_user(user=member, action=EXAM_MANAGE, model=type(mine)) == {mine.pk}
    everywhere = granted(ExamRole.EXAM_BOARD)
    assert may(everywhere, EXAM_MANAGE, other)
    assert scope_ids_for_user(user=everywhere, action=EXAM_MANAGE, model=type(mine)) is None  # every exam


def test_a_candidate_may_take_only_his_own_candidacy():
    exam = ExamFactory()
    alice = make_candidate(exam=exam, number="BT0001")
    bob = make_candidate(exam=exam, number="BT0002")
    assert may(alice.user, ATTEMPT_TAKE, alice)
    assert not may(alice.user, ATTEMPT_TAKE, bob)
    assert not may(alice.user, ATTEMPT_TAKE, make_candidate(exam=ExamFactory(), number="BT0001"))
    assert not may(alice.user, SESSION_PROCTOR, RoomSessionFactory(shift__exam=exam))


def test_audit_entries_of_a_room_session_are_read_by_its_proctor_and_the_exams_board_only():
    from common import selectors, services

    room_a = RoomSessionFactory()
    room_b = RoomSessionFactory(shift=room_a.shift)
    entry_a = services.audit_record(actor=None, action="update", obj=room_a, scope=room_a, note="tạm dừng phòng")
    entry_b = services.audit_record(actor=None, action="update", obj=room_b, scope=room_b, note="tạm dừng phòng")
    proctor = granted(ExamRole.PROCTOR, room_a)
    board = granted(ExamRole.EXAM_BOARD, room_a.shift.exam)
    outsider = granted(ExamRole.PROCTOR, RoomSessionFactory())
    assert set(selectors.audit_list_for_user(user=proctor)) == {entry_a}
    assert set(selectors.audit_list_for_user(user=board)) == {entry_a, entry_b}
    assert not selectors.audit_list_for_user(user=outsider).exists()


def test_the_audit_page_shows_a_proctor_his_room_and_nothing_of_the_registry(client):
    from common import services

    room = RoomSessionFactory()
    services.audit_record(actor=None, action="update", obj=room, scope=room, note="mở phòng thi")
    proctor = granted(ExamRole.PROCTOR, room)
    client.force_login(proctor)
    page = client.get("/audit/")
    assert page.status_code == 200 and "mở phòng thi" in page.content.decode()
    assert client.get("/hrm/staff/").status_code == 403
