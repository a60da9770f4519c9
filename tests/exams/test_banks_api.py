"""The bank API: create banks, topics and items, decide versions, import and export, with refusals as 400s."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exams.models import Item, QuestionBank
from tests.exams.factories_banks import BankFactory, board_member

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def test_a_board_member_everywhere_creates_a_bank_a_topic_and_an_item(api_client):
    member = board_member()
    api_client.force_authenticate(member)
    bank = api_client.post(reverse("exams-api:banks"), {"code": "ktc-26", "name": "Kiến thức chung 2026",
                                                         "subject": "KTC"}, format="json")  # fmt: skip
    assert bank.status_code == 201 and bank.json()["code"] == "KTC-26"
    bank_id = bank.json()["id"]
    topic = api_client.post(reverse("exams-api:bank-topics", args=[bank_id]), {"name": "Hiến pháp"}, format="json")
    assert topic.status_code == 201
    payload = {"topic": topic.json()["id"], "kind": "multiple", "difficulty": 2, "stem": "Chọn các cơ quan tư pháp",
               "options": [{"text": "Tòa án", "fraction": "0.5"}, {"text": "Viện kiểm sát", "fraction": "0.5"},
                           {"text": "Bộ Tài chính", "fraction": "-1"}]}  # fmt: skip
    item = api_client.post(reverse("exams-api:bank-items", args=[bank_id]), payload, format="json")
    assert item.status_code == 201, item.json()
    version = item.json()["versions"][0]
    assert version["status"] == "draft" and len(version["options"]) == 3
    decide = reverse("exams-api:bank-version-decision", args=[bank_id, item.json()["id"], version["id"], "review"])
    refused = api_client.post(decide)  # fmt: skip
    assert refused.status_code == 400 and "status" in refused.json()  # four eyes
    api_client.force_authenticate(board_member(QuestionBank.objects.get(pk=bank_id)))
    reviewed = api_client.post(decide)  # fmt: skip
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviewed"
    topics = api_client.get(reverse("exams-api:bank-topics", args=[bank_id])).json()
    assert topics[0]["by_status"]["reviewed"] == 1 and topics[0]["by_difficulty"]["2"] == 1


def test_bad_items_are_400s_naming_the_field(api_client):
    bank = BankFactory()
    api_client.force_authenticate(board_member(bank))
    topic = bank.topics.create(name="A")
    bad = {"topic": topic.pk, "kind": "single", "stem": "Hỏi?", "options": [{"text": "Một"}, {"text": "Hai"}]}
    response = api_client.post(reverse("exams-api:bank-items", args=[bank.pk]), bad, format="json")
    assert response.status_code == 400 and "options" in response.json()
    other = BankFactory().topics.create(name="B")
    response = api_client.post(
        reverse("exams-api:bank-items", args=[bank.pk]), {**bad, "topic": other.pk}, format="json"
    )
    assert response.status_code == 400 and "topic" in response.json()


def test_a_bank_scoped_member_may_not_create_banks(api_client):
    bank = BankFactory()
    api_client.force_authenticate(board_member(bank))
    response = api_client.post(reverse("exams-api:banks"), {"code": "X", "name": "X", "subject": "KTC"}, format="json")
    assert response.status_code == 403


def test_import_through_the_api_with_errors_is_a_400_listing_lines(api_client):
    bank = BankFactory()
    api_client.force_authenticate(board_member(bank))
    upload = SimpleUploadedFile("loi.gift", (DATA / "gift_errors.gift").read_bytes())
    response = api_client.post(reverse("exams-api:bank-import", args=[bank.pk]), {"file": upload}, format="multipart")
    assert response.status_code == 400 and [e["line"] for e in response.json()["errors"]] == [4, 8, 10]
    upload = SimpleUploadedFile("ok.xml", (DATA / "moodle.xml").read_bytes())
    response = api_client.post(reverse("exams-api:bank-import", args=[bank.pk]), {"file": upload}, format="multipart")
    assert response.status_code == 200 and response.json()["created"] == 7
    exported = api_client.get(reverse("exams-api:bank-export", args=[bank.pk]) + "?format=moodlexml")
    assert exported.status_code == 200 and b"<quiz>" in exported.content and b"logo.png" in exported.content


def test_an_unknown_extension_is_refused_on_the_file_field(api_client):
    bank = BankFactory()
    api_client.force_authenticate(board_member(bank))
    upload = SimpleUploadedFile("cau-hoi.docx", b"PK")
    response = api_client.post(reverse("exams-api:bank-import", args=[bank.pk]), {"file": upload}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_a_large_file_becomes_a_job_with_progress(api_client, monkeypatch, django_capture_on_commit_callbacks):
    from exams.services.banks import jobs

    monkeypatch.setattr(jobs, "SYNC_MAX_BYTES", 10)
    bank = BankFactory()
    member = board_member(bank)
    api_client.force_authenticate(member)
    upload = SimpleUploadedFile("lon.gift", (DATA / "gift_categories.gift").read_bytes())
    with django_capture_on_commit_callbacks() as callbacks:
        response = api_client.post(
            reverse("exams-api:bank-import", args=[bank.pk]), {"file": upload}, format="multipart"
        )
    assert response.status_code == 202 and len(callbacks) == 1
    job_id = response.json()["job"]
    jobs.questions_import_job_run(job_id=job_id)
    jobs.questions_import_job_run(job_id=job_id)  # a second delivery does nothing
    assert Item.objects.filter(bank=bank).count() == 3
    from common.models import Job

    job = Job.objects.get(pk=job_id)
    assert job.status == "succeeded" and job.result["created"] == 3


def test_the_schema_documents_the_bank_api(api_client, admin_user):
    api_client.force_authenticate(admin_user)
    schema = api_client.get("/api/schema/").content.decode()
    assert "/api/exams/banks/{bank_id}/import/" in schema and "/api/exams/banks/{bank_id}/items/" in schema
