"""Pages and API of candidates, eligibility and seating: the board works; everyone else gets nothing (personas)."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from common.models import AuditEntry
from exams.models import Candidate, CandidateClaim, CandidateSeat, RoomSession
from exams.roles import ExamRole
from exams.services.applicants import claim_add
from exams.services.seating import seating_assign
from hrm.models import Role
from hrm.services.cccd import cccd_make
from tests.exams.factories_cands import PositionFactory, exam_with_rooms, pdf_upload, register, xlsx_file
from tests.hrm.factories import GrantFactory, UserFactory

pytestmark = pytest.mark.django_db


def granted(role, obj=None, unit=None):
    user = UserFactory()
    scope = {"scope_type": ContentType.objects.get_for_model(obj), "scope_id": obj.pk} if obj is not None else {}
    GrantFactory(user=user, role=role, unit=unit, **scope)
    return user


def someone(persona: str, world, province):
    """A user of `persona` around exam A: its board or grader, a proctor of one of its rooms, one of its candidates,
    an HR officer of the province, or an outsider."""
    exam = world["a"]["exam"]
    return {
        "board": lambda: granted(ExamRole.EXAM_BOARD, exam),
        "proctor": lambda: granted(ExamRole.PROCTOR, RoomSession.objects.filter(shift__exam=exam).first()),
        "grader": lambda: granted(ExamRole.GRADER, exam),
        "candidate": lambda: Candidate.objects.get(pk=world["a"]["candidate"].pk).user,
        "hr_officer": lambda: granted(Role.HR_OFFICER, unit=province["root"]),
        "outsider": lambda: UserFactory(),
    }[persona]()


@pytest.fixture
def world(examiner, settings, tmp_path):
    """Exam A (seated, with a claim) and exam B, each with a position and two candidates."""
    settings.MEDIA_ROOT = tmp_path
    exams = {}
    for key in ("a", "b"):
        exam = exam_with_rooms(rooms=(("Phòng 01", 5), ("Phòng 02", 5)))
        position = PositionFactory(exam=exam)
        one = register(exam, position, full_name=f"Nguyễn Văn {key.upper()}")
        register(exam, position, full_name=f"Trần Thị {key.upper()}")
        claim = claim_add(
            candidate=one, actor=examiner, kind="priority", priority_key="military_service", upload=pdf_upload()
        )
        seating_assign(exam=exam, actor=examiner)
        exams[key] = {"exam": exam, "position": position, "candidate": one, "claim": claim}
    return exams


def page_urls(w):
    exam, candidate, claim = w["exam"].pk, w["candidate"].pk, w["claim"].pk
    return [
        reverse("exams:candidates", args=[exam]),
        reverse("exams:applicant-create", args=[exam]),
        reverse("exams:candidate-import", args=[exam]),
        reverse("exams:candidate-import-template", args=[exam]),
        reverse("exams:staff-pick", args=[exam]),
        reverse("exams:candidate-detail", args=[exam, candidate]),
        reverse("exams:claim-evidence", args=[exam, claim]),
        reverse("exams:eligibility", args=[exam]),
        reverse("exams:seating", args=[exam]),
        reverse("exams:cards-reprint", args=[exam]),
    ]


def api_urls(w):
    exam, candidate = w["exam"].pk, w["candidate"].pk
    return [
        reverse("exams-api:candidates", args=[exam]),
        reverse("exams-api:candidate-detail", args=[exam, candidate]),
        reverse("exams-api:staff-candidates", args=[exam]),
        reverse("exams-api:eligibility", args=[exam]),
        reverse("exams-api:seating", args=[exam]),
    ]


def test_a_board_member_works_through_the_pages(client, examiner, world):
    client.force_login(examiner)
    for url in page_urls(world["a"]):
        assert client.get(url).status_code == 200, url
    listing = client.get(reverse("exams:candidates", args=[world["a"]["exam"].pk])).content.decode()
    assert "Nguyễn Văn A" in listing and 'class="tabs-nav' in listing and "Nguyễn Văn B" not in listing
    filtered = client.get(
        reverse("exams:candidates", args=[world["a"]["exam"].pk]), {"claims": "pending", "q": "nguyen"}
    )
    assert [c.person.full_name for c in filtered.context["page"]] == ["Nguyễn Văn A"]
    assert AuditEntry.objects.filter(model="exams.candidateclaim", action="view").count() == 1  # the evidence opened


def test_pages_put_refusals_on_their_field(client, examiner, world):
    client.force_login(examiner)
    exam, position = world["a"]["exam"], world["a"]["position"]
    data = {
        "full_name": "Lê Văn Mới",
        "date_of_birth": "05/06/1997",
        "sex": "male",
        "cccd": "12345",
        "position": position.pk,
    }
    response = client.post(reverse("exams:applicant-create", args=[exam.pk]), data)
    assert response.status_code == 400 and response.context["form"].errors["cccd"]
    data["cccd"] = cccd_make(province_code="083", sex="male", date_of_birth=dt.date(1997, 6, 5), serial=4242)
    response = client.post(reverse("exams:applicant-create", args=[exam.pk]), data)
    assert response.status_code == 302
    new = Candidate.objects.get(person__full_name="Lê Văn Mới")
    bad_file = {
        "kind": "priority",
        "priority_key": "hero_invalid",
        "evidence": pdf_upload("x.pdf", b"not a pdf at all"),
    }
    response = client.post(reverse("exams:claim-add", args=[exam.pk, new.pk]), bad_file)
    assert response.status_code == 400 and response.context["claim_form"].errors["evidence"]
    decide = client.post(reverse("exams:claim-decide", args=[exam.pk, world["a"]["claim"].pk]), {"decision": "accept"})
    assert decide.status_code == 302
    assert CandidateClaim.objects.get(pk=world["a"]["claim"].pk).status == "accepted"


def test_the_page_imports_and_lists_row_errors(client, examiner, world):
    from exams.services.candidate_import import COLUMNS

    client.force_login(examiner)
    exam = world["a"]["exam"]
    header = [c.header for c in COLUMNS]
    bad = xlsx_file([header, ["An", "01/01/1990", "Nam", "123", "", "", "", "NOPE"]])
    response = client.post(reverse("exams:candidate-import", args=[exam.pk]), {"file": bad})
    assert response.status_code == 400 and response.context["result"]["errors"]
    assert "data-import-errors" in response.content.decode()


def test_a_board_member_of_exam_a_gets_404_on_exam_b(client, api_client, world):
    member = granted(ExamRole.EXAM_BOARD, world["a"]["exam"])
    client.force_login(member)
    assert client.get(reverse("exams:candidates", args=[world["a"]["exam"].pk])).status_code == 200
    for url in page_urls(world["b"]):
        assert client.get(url).status_code == 404, url
    api_client.force_authenticate(member)
    for url in api_urls(world["b"]):
        assert api_client.get(url).status_code == 404, url
    b = world["b"]
    assert api_client.post(reverse("exams-api:seating", args=[b["exam"].pk]), {}, format="json").status_code == 404
    assert api_client.post(reverse("exams-api:access-codes", args=[b["exam"].pk]), {}, format="json").status_code == 404
    decision = reverse("exams-api:claim-decision", args=[b["exam"].pk, b["claim"].pk])
    assert api_client.post(decision, {"accept": True}, format="json").status_code == 404
    # a claim of exam B through exam A's URL is not there either
    assert client.get(reverse("exams:claim-evidence", args=[world["a"]["exam"].pk, b["claim"].pk])).status_code == 404


@pytest.mark.parametrize("persona", ["proctor", "grader", "candidate", "hr_officer", "outsider"])
def test_everyone_else_gets_nothing(client, api_client, world, persona, province):
    exam = world["a"]["exam"]
    user = someone(persona, world, province)
    client.force_login(user)
    for url in page_urls(world["a"]):
        assert client.get(url).status_code == 404, url
    api_client.force_authenticate(user)
    for url in api_urls(world["a"]):
        assert api_client.get(url).status_code == 404, url
    nav = client.get("/").content.decode()
    assert f"/exams/{exam.pk}/" not in nav  # no menu entry leads there


def test_anonymous_users_are_sent_to_log_in(client, api_client, world):
    response = client.get(reverse("exams:candidates", args=[world["a"]["exam"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert api_client.get(reverse("exams-api:candidates", args=[world["a"]["exam"].pk])).status_code in (401, 403)


def test_a_proctor_gets_only_his_room_list(client, world):
    exam = world["a"]["exam"]
    mine, other = RoomSession.objects.filter(shift__exam=exam).order_by("room__name")[:2]
    proctor = granted(ExamRole.PROCTOR, mine)
    client.force_login(proctor)
    pdf = client.get(reverse("exams:room-list", args=[mine.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("exams:room-list", args=[mine.pk, "xlsx"])).status_code == 200
    assert client.get(reverse("exams:room-list", args=[other.pk, "pdf"])).status_code == 404
    assert client.get(reverse("exams-api:room-sheet", args=[other.pk, "xlsx"])).status_code == 404
    assert client.get(reverse("exams-api:room-sheet", args=[mine.pk, "xlsx"])).status_code == 200
    assert AuditEntry.objects.filter(model="exams.roomsession", object_id=str(mine.pk), action="export").count() == 3


def test_a_proctor_finds_his_rooms_and_only_his_on_his_page(client, world):
    mine = RoomSession.objects.filter(shift__exam=world["a"]["exam"]).order_by("room__name").first()
    other_exam = RoomSession.objects.filter(shift__exam=world["b"]["exam"]).first()
    proctor = granted(ExamRole.PROCTOR, mine)
    client.force_login(proctor)
    assert reverse("exams:proctor-rooms") in client.get("/").content.decode()  # his menu and home lead there
    page = client.get(reverse("exams:proctor-rooms"))
    assert page.status_code == 200
    assert [s.pk for s in page.context["sessions"]] == [mine.pk]
    html = page.content.decode()
    assert reverse("exams:room-list", args=[mine.pk, "pdf"]) in html
    assert reverse("exams:room-list", args=[other_exam.pk, "pdf"]) not in html
    assert f"{mine.seats.count()}/{mine.room.capacity}" in html


@pytest.mark.parametrize("persona", ["board", "grader", "candidate", "hr_officer", "outsider"])
def test_who_proctors_no_room_gets_404_on_the_proctors_page(client, world, persona, province):
    user = someone(persona, world, province)
    client.force_login(user)
    assert client.get(reverse("exams:proctor-rooms")).status_code == 404
    assert reverse("exams:proctor-rooms") not in client.get("/").content.decode()


def test_a_candidate_sees_only_his_own_page(client, world):
    alice = Candidate.objects.get(pk=world["a"]["candidate"].pk)
    client.force_login(alice.user)
    html = client.get(reverse("exams:candidate-home")).content.decode()
    assert alice.person.full_name in html and "Trần Thị A" not in html and "Nguyễn Văn B" not in html


def test_the_api_registers_lists_claims_decides_and_seats(api_client, examiner, world, english):
    api_client.force_authenticate(examiner)
    a = world["a"]
    url = reverse("exams-api:candidates", args=[a["exam"].pk])
    bad = api_client.post(
        url,
        {"full_name": "X", "date_of_birth": "1990-01-01", "sex": "male", "cccd": "1", "position": a["position"].pk},
        format="json",
    )
    assert bad.status_code == 400 and list(bad.json()) == ["cccd"]
    cccd = cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1999, 9, 9), serial=9191)
    made = api_client.post(
        url,
        {
            "full_name": "Hồ Thị Chín",
            "date_of_birth": "1999-09-09",
            "sex": "female",
            "cccd": cccd,
            "position": a["position"].pk,
        },
        format="json",
    )
    assert made.status_code == 201 and made.json()["status"] == "registered"
    listing = api_client.get(url, {"claims": "priority"})
    assert [c["full_name"] for c in listing.json()] == ["Nguyễn Văn A"]
    claim_url = reverse("exams-api:claim-create", args=[a["exam"].pk, made.json()["id"]])
    bad_claim = api_client.post(
        claim_url,
        {"kind": "priority", "priority_key": "hero_invalid", "evidence": pdf_upload("a.pdf", b"GIF89a")},
        format="multipart",
    )
    assert bad_claim.status_code == 400 and "file" in bad_claim.json()
    claim = api_client.post(
        claim_url, {"kind": "priority", "priority_key": "hero_invalid", "evidence": pdf_upload()}, format="multipart"
    )
    assert claim.status_code == 201 and claim.json()["evidence_url"]
    decided = api_client.post(
        reverse("exams-api:claim-decision", args=[a["exam"].pk, claim.json()["id"]]),
        {"accept": False, "note": "Thiếu"},
        format="json",
    )
    assert decided.json()["status"] == "rejected"
    seated = api_client.post(reverse("exams-api:seating", args=[a["exam"].pk]), {}, format="json")
    assert seated.status_code == 200 and seated.json()["seated"] == 3
    overview = api_client.get(reverse("exams-api:seating", args=[a["exam"].pk])).json()
    assert sum(s["taken"] for s in overview) == 3
    cards = api_client.post(reverse("exams-api:access-codes", args=[a["exam"].pk]), {}, format="json")
    assert (
        cards.status_code == 200 and cards["Content-Type"] == "application/pdf" and "no-store" in cards["Cache-Control"]
    )
    assert CandidateSeat.objects.filter(candidate__exam=a["exam"]).count() == 3


def test_the_api_import_answers_row_errors_with_400(api_client, examiner, world):
    from exams.services.candidate_import import COLUMNS

    api_client.force_authenticate(examiner)
    header = [c.header for c in COLUMNS]
    bad = xlsx_file([header, ["An", "01/01/1990", "Nam", "123", "", "", "", "NOPE"]])
    response = api_client.post(
        reverse("exams-api:candidate-import", args=[world["a"]["exam"].pk]), {"file": bad}, format="multipart"
    )
    assert response.status_code == 400 and {e["column"] for e in response.json()["errors"]} >= {"Số CCCD", "Mã vị trí"}


def test_the_applicant_page_checks_the_phone_as_the_registry_does(client, examiner, world):
    client.force_login(examiner)
    exam, position = world["a"]["exam"], world["a"]["position"]
    data = {
        "full_name": "Phan Thị Hoa",
        "date_of_birth": "05/06/1997",
        "sex": "female",
        "cccd": cccd_make(province_code="083", sex="female", date_of_birth=dt.date(1997, 6, 5), serial=4343),
        "position": position.pk,
        "phone": "12345",
    }
    response = client.post(reverse("exams:applicant-create", args=[exam.pk]), data)
    assert response.status_code == 400 and response.context["form"].errors["phone"]
    assert not Candidate.objects.filter(person__full_name="Phan Thị Hoa").exists()
    data["phone"] = "+84 912.345.678"
    assert client.post(reverse("exams:applicant-create", args=[exam.pk]), data).status_code == 302
    assert Candidate.objects.get(person__full_name="Phan Thị Hoa").phone == "0912345678"
