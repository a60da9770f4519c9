import datetime as dt
import hashlib
import math

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.crypto import salted_hmac

from common.errors import ApplicationError
from exams.models import Candidate, Exam
from exams.roles import ExamRole
from exams.services import (
    ACCESS_CODE_ALPHABET,
    ACCESS_CODE_LENGTH,
    candidate_access_code_issue,
    candidate_authenticate,
    candidate_create,
)
from hrm.models import Grant, User
from tests.exams.factories import ExamFactory, RoomSessionFactory, make_candidate
from tests.hrm.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_access_codes_carry_at_least_40_random_bits_from_an_unambiguous_alphabet():
    candidate = make_candidate()
    codes = {candidate_access_code_issue(candidate=candidate) for _ in range(200)}
    assert len(codes) == 200
    assert all(len(code) == ACCESS_CODE_LENGTH and set(code) <= set(ACCESS_CODE_ALPHABET) for code in codes)
    assert not set("ILOU") & set(ACCESS_CODE_ALPHABET) and len(set(ACCESS_CODE_ALPHABET)) == 32
    assert ACCESS_CODE_LENGTH * math.log2(len(ACCESS_CODE_ALPHABET)) >= 50


def test_only_a_keyed_hash_of_the_code_is_stored():
    candidate = make_candidate()
    code = candidate_access_code_issue(candidate=candidate)
    candidate.refresh_from_db()
    stored = [str(v) for v in Candidate.objects.filter(pk=candidate.pk).values().get().values()]
    assert not any(code in value for value in stored)
    expected = salted_hmac(
        "congvu.exams.candidate-access-code",
        f"{candidate.exam_id}:{candidate.candidate_number}:{code}",
        algorithm="sha256",
    ).hexdigest()
    assert candidate.access_code_hash == expected
    assert candidate.access_code_hash != hashlib.sha256(code.encode()).hexdigest()
    assert candidate.code_issued_at is not None and candidate.code_valid_until > timezone.now()


def test_a_candidate_is_a_principal_without_password_and_with_a_grant_on_his_exam():
    exam = ExamFactory(code="TT2026")
    person = PersonFactory()
    candidate = candidate_create(exam=exam, person=person, candidate_number=" bt0007 ")
    user = candidate.user
    assert candidate.candidate_number == "BT0007" and candidate.person == person
    assert user.username == "cand-TT2026-BT0007"
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser
    assert user.person_id is None  # the person stays one record; the staff role never comes from a candidacy
    grant = Grant.objects.get(user=user)
    assert (grant.role, grant.unit_id) == (ExamRole.CANDIDATE, None)
    assert (grant.scope_type, grant.scope_id) == (ContentType.objects.get_for_model(Exam), exam.pk)


def test_a_taken_number_or_person_is_refused_by_field_and_creates_nothing():
    exam = ExamFactory()
    first = make_candidate(exam=exam, number="BT0001")
    users = User.objects.count()
    with pytest.raises(ApplicationError) as number_taken:
        candidate_create(exam=exam, person=PersonFactory(), candidate_number="bt0001")
    with pytest.raises(ApplicationError) as person_taken:
        candidate_create(exam=exam, person=first.person, candidate_number="BT0002")
    with pytest.raises(ApplicationError) as bad_number:
        candidate_create(exam=exam, person=PersonFactory(), candidate_number="BT 01/2")
    assert "candidate_number" in number_taken.value.message_dict and "person" in person_taken.value.message_dict
    assert "candidate_number" in bad_number.value.message_dict
    assert User.objects.count() == users and Candidate.objects.count() == 1


def test_a_room_session_of_another_exam_is_refused():
    with pytest.raises(ApplicationError) as refused:
        make_candidate(exam=ExamFactory(), room_session=RoomSessionFactory())
    assert "room_session" in refused.value.message_dict


def test_the_issued_code_authenticates_as_typed_and_a_wrong_one_does_not():
    candidate = make_candidate(number="BT0001")
    code = candidate_access_code_issue(candidate=candidate)
    typed = f"{code[:5].lower()}-{code[5:].lower()}".replace("0", "o")
    assert candidate_authenticate(number="bt0001", code=typed) == candidate
    wrong = ("1" if code[0] != "1" else "2") + code[1:]
    assert candidate_authenticate(number="BT0001", code=wrong) is None
    assert candidate_authenticate(number="BT0002", code=code) is None
    assert candidate_authenticate(number="BT0001", code="") is None


def test_an_expired_code_a_replaced_code_and_a_closed_exam_are_refused():
    candidate = make_candidate()
    old = candidate_access_code_issue(candidate=candidate)
    new = candidate_access_code_issue(candidate=candidate)
    assert candidate_authenticate(number=candidate.candidate_number, code=old) is None
    assert candidate_authenticate(number=candidate.candidate_number, code=new) == candidate
    candidate_access_code_issue(candidate=candidate, code=new, valid_until=timezone.now() - dt.timedelta(seconds=1))
    assert candidate_authenticate(number=candidate.candidate_number, code=new) is None
    candidate_access_code_issue(candidate=candidate, code=new)
    Exam.objects.filter(pk=candidate.exam_id).update(status=Exam.Status.CLOSED)
    assert candidate_authenticate(number=candidate.candidate_number, code=new) is None


def test_a_code_is_valid_until_a_day_after_the_last_shift_by_default():
    session = RoomSessionFactory()
    candidate = make_candidate(room_session=session)
    candidate_access_code_issue(candidate=candidate)
    shift = session.shift
    assert candidate.code_valid_until == shift.starts_at + dt.timedelta(minutes=60, days=1)


def test_a_fixed_code_must_still_come_from_the_alphabet():
    candidate = make_candidate()
    with pytest.raises(ApplicationError) as refused:
        candidate_access_code_issue(candidate=candidate, code="SHORT")
    assert "code" in refused.value.message_dict
    candidate.refresh_from_db()
    assert candidate.access_code_hash == ""


def test_another_exams_candidate_number_does_not_log_in_to_this_exam():
    this, other = ExamFactory(code="A2026"), ExamFactory(code="B2026")
    mine = make_candidate(exam=this, number="BT0001")
    theirs = make_candidate(exam=other, number="BT0001")
    my_code, their_code = (candidate_access_code_issue(candidate=c) for c in (mine, theirs))
    assert candidate_authenticate(number="BT0001", code=their_code, exam_code="A2026") is None
    assert candidate_authenticate(number="BT0001", code=my_code, exam_code="A2026") == mine
    # without an exam named, the open exam whose code matches
    assert candidate_authenticate(number="BT0001", code=their_code) == theirs


def test_the_backend_authenticates_by_number_and_code_and_never_by_password(rf):
    candidate = make_candidate()
    code = candidate_access_code_issue(candidate=candidate)
    request = rf.post("/exams/login/")
    user = authenticate(request, candidate_number=candidate.candidate_number, access_code=code)
    assert user == candidate.user and user.backend == "exams.backends.CandidateBackend"
    for password in ("", code, "!"):
        assert authenticate(rf.post("/accounts/login/"), username=candidate.user.username, password=password) is None
