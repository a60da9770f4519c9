"""Applicants under hrm's identity rule, claims with scanned evidence, the board's decisions, withdrawal."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from common.models import AuditEntry
from exams.models import Candidate, CandidateClaim, Exam
from exams.services.applicants import (
    candidate_withdraw,
    claim_add,
    claim_decide,
    claim_evidence_attach,
    priority_categories_for,
)
from hrm.services.cccd import cccd_make
from hrm.services.identity import cccd_refusal
from tests.exams.factories import ExamFactory
from tests.exams.factories_cands import PartFactory, PositionFactory, pdf_upload, quota, register
from tests.hrm.factories import OrgUnitFactory, PersonFactory

pytestmark = pytest.mark.django_db


def field_of(exc) -> list[str]:
    return list(exc.value.message_dict)


@pytest.fixture
def position():
    return PositionFactory()


def test_an_applicant_is_a_new_person_with_a_valid_cccd(position, examiner):
    candidate = register(
        position.exam, position, full_name="trần  thị bích", born=dt.date(1998, 2, 3), sex="female", actor=examiner
    )
    assert candidate.person.full_name == "Trần Thị Bích" and candidate.source == Candidate.Source.APPLICANT
    assert (
        candidate.status == Candidate.Status.REGISTERED and candidate.candidate_number == "" and candidate.user is None
    )
    assert AuditEntry.objects.filter(
        model="exams.candidate", object_id=str(candidate.pk), scope_id=position.exam_id
    ).exists()


def test_a_known_cccd_is_reused_only_with_the_same_name_and_birth_date(position, examiner):
    born = dt.date(1990, 1, 2)
    person = PersonFactory(
        full_name="Lê Văn Tám",
        date_of_birth=born,
        sex="male",
        cccd=cccd_make(province_code="083", sex="male", date_of_birth=born, serial=77),
    )
    candidate = register(
        position.exam, position, full_name="LE VĂN  tám".replace("LE", "Lê"), born=born, cccd=person.cccd
    )
    assert candidate.person_id == person.pk  # the same person: no second copy when he is hired later
    other = PositionFactory()
    with pytest.raises(ValidationError) as exc:
        register(other.exam, other, full_name="Lê Văn Chín", born=born, cccd=person.cccd)
    assert exc.value.message_dict == {"cccd": [cccd_refusal()]}  # neutral: never whose number it is
    with pytest.raises(ValidationError) as exc:
        register(other.exam, other, full_name="Lê Văn Tám", born=dt.date(1990, 1, 3), cccd=person.cccd)
    assert field_of(exc) == ["cccd"]


def test_a_bad_cccd_is_refused_on_its_field(position):
    with pytest.raises(ValidationError) as exc:
        register(position.exam, position, cccd="12345")
    assert field_of(exc) == ["cccd"]
    with pytest.raises(ValidationError) as exc:  # the 4th digit says female, the person is male
        register(
            position.exam,
            position,
            sex="male",
            cccd=cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1995, 3, 4), serial=5),
        )
    assert field_of(exc) == ["cccd"]
    assert not Candidate.objects.exists()


def test_the_same_person_twice_in_one_exam_is_refused(position):
    first = register(position.exam, position, full_name="Võ Minh Đức")
    with pytest.raises(ValidationError) as exc:
        register(position.exam, position, full_name="Võ Minh Đức", cccd=first.person.cccd)
    assert field_of(exc) == ["cccd"]


def test_position_and_agency(position):
    other_exam_position = PositionFactory()
    with pytest.raises(ValidationError) as exc:
        register(position.exam, other_exam_position)
    assert field_of(exc) == ["position"]
    a, b = OrgUnitFactory(), OrgUnitFactory()
    quota(position, a)
    assert register(position.exam, position, full_name="Một Quota").agency_id == a.pk  # one quota: its agency
    quota(position, b)
    with pytest.raises(ValidationError) as exc:
        register(position.exam, position, full_name="Hai Quota")
    assert field_of(exc) == ["agency"]
    with pytest.raises(ValidationError) as exc:
        register(position.exam, position, full_name="Sai Quota", agency=OrgUnitFactory())
    assert field_of(exc) == ["agency"]
    assert register(position.exam, position, full_name="Đúng Quota", agency=b).agency_id == b.pk


def test_a_promotion_or_closed_exam_takes_no_applicant(position):
    Exam.objects.filter(pk=position.exam_id).update(kind=Exam.Kind.PROMOTION)
    position.exam.refresh_from_db()
    with pytest.raises(ValidationError):
        register(position.exam, position)
    Exam.objects.filter(pk=position.exam_id).update(kind=Exam.Kind.RECRUITMENT, status=Exam.Status.CLOSED)
    position.exam.refresh_from_db()
    with pytest.raises(ValidationError):
        register(position.exam, position)


def test_priority_categories_in_force_for_the_exam():
    exam = ExamFactory()
    assert set(priority_categories_for(exam=exam)) == {
        "hero_invalid",
        "minority_officer_family",
        "military_service",
        "trade_union_cadre",
    }


def test_claims_with_evidence_and_decisions_are_audited(position, examiner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    PartFactory(exam=position.exam, key="language", name="Ngoại ngữ")
    candidate = register(position.exam, position)
    priority = claim_add(
        candidate=candidate,
        actor=examiner,
        kind="priority",
        priority_key="military_service",
        reason="Xuất ngũ 2019",
        upload=pdf_upload(),
    )
    assert priority.evidence_content_type == "application/pdf" and priority.evidence_size > 0
    exemption = claim_add(candidate=candidate, actor=examiner, kind="exemption", part_key="language")
    with pytest.raises(ValidationError) as exc:  # accepted only on its evidence
        claim_decide(claim=exemption, actor=examiner, accept=True)
    assert field_of(exc) == ["evidence"]
    claim_evidence_attach(claim=exemption, actor=examiner, upload=pdf_upload())
    claim_decide(claim=exemption, actor=examiner, accept=True, note="Cử nhân tiếng Anh")
    claim_decide(claim=priority, actor=examiner, accept=False, note="Thiếu quyết định xuất ngũ")
    exemption.refresh_from_db(), priority.refresh_from_db()
    assert exemption.status == CandidateClaim.Status.ACCEPTED and exemption.decided_by == examiner
    assert priority.status == CandidateClaim.Status.REJECTED
    assert (
        AuditEntry.objects.filter(model="exams.candidateclaim", action="update", scope_id=position.exam_id).count() == 3
    )


def test_bad_claims_and_bad_files_are_refused(position, examiner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    candidate = register(position.exam, position)
    with pytest.raises(ValidationError) as exc:
        claim_add(candidate=candidate, actor=examiner, kind="priority", priority_key="nobody")
    assert field_of(exc) == ["priority_key"]
    with pytest.raises(ValidationError) as exc:  # the exam has no language part
        claim_add(candidate=candidate, actor=examiner, kind="exemption", part_key="language")
    assert field_of(exc) == ["part_key"]
    with pytest.raises(ValidationError) as exc:  # a text file named .pdf: checked by content
        claim_add(
            candidate=candidate,
            actor=examiner,
            kind="priority",
            priority_key="hero_invalid",
            upload=pdf_upload("x.pdf", b"MZ not a scan"),
        )
    assert field_of(exc) == ["file"]
    settings.CONGVU_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        claim_add(
            candidate=candidate, actor=examiner, kind="priority", priority_key="hero_invalid", upload=pdf_upload()
        )
    assert field_of(exc) == ["file"]
    assert not CandidateClaim.objects.exists() and not list(tmp_path.rglob("*.pdf"))


def test_withdrawal_keeps_the_number_and_voids_the_code(examiner):
    from exams.services import candidate_access_code_issue
    from tests.exams.factories import make_candidate

    candidate = make_candidate(number="BT0009")
    code = candidate_access_code_issue(candidate=candidate)
    candidate_withdraw(candidate=candidate, actor=examiner, note="Xin rút")
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.WITHDRAWN and candidate.candidate_number == "BT0009"
    from exams.services.candidates import candidate_authenticate

    assert candidate_authenticate(number="BT0009", code=code) is None
