"""Safe Exam Browser per exam: keys checked in the setup service, candidate pages and socket scopes refused without
SEB's matching header (computed here as SEB computes it: sha256(url + key))."""

import hashlib

import pytest
from django.test import Client

from common.errors import ApplicationError
from exams.services.live.seb import seb_hash, seb_keys_clean, seb_refusal, seb_refusal_for_scope
from exams.services.setup.exams import exam_update
from tests.exams.factories import ExamFactory, RoomSessionFactory, make_candidate

pytestmark = pytest.mark.django_db
BEK = "a" * 64
CONFIG = "0123456789abcdef" * 4
HOME = "http://testserver/exams/me/"


def _candidate_client(exam):
    session = RoomSessionFactory(shift__exam=exam)
    candidate = make_candidate(exam=exam, number="SEB001", room_session=session)
    client = Client()
    client.force_login(candidate.user, backend="exams.backends.CandidateBackend")
    return client


def test_seb_hash_is_sha256_of_url_then_key():
    assert seb_hash(url=HOME, key=BEK) == hashlib.sha256((HOME + BEK).encode()).hexdigest()


def test_an_exam_without_keys_lets_every_browser_in():
    assert seb_refusal(exam=ExamFactory(), urls=[HOME], headers={}) is None


def test_a_matching_browser_exam_key_hash_passes_and_another_url_does_not():
    exam = ExamFactory(seb_browser_exam_keys=f"{CONFIG}\n{BEK}")
    good = {"X-SafeExamBrowser-RequestHash": seb_hash(url=HOME, key=BEK)}
    assert seb_refusal(exam=exam, urls=[HOME], headers=good) is None
    assert "RequestHash" in seb_refusal(exam=exam, urls=[HOME + "exam/"], headers=good)
    assert "RequestHash" in seb_refusal(exam=exam, urls=[HOME], headers={})


def test_both_lists_must_match_when_both_are_set():
    exam = ExamFactory(seb_browser_exam_keys=BEK, seb_config_keys=CONFIG)
    request_only = {"x-safeexambrowser-requesthash": seb_hash(url=HOME, key=BEK)}
    assert "ConfigKeyHash" in seb_refusal(exam=exam, urls=[HOME], headers=request_only)
    both = {**request_only, "X-SafeExamBrowser-ConfigKeyHash": seb_hash(url=HOME, key=CONFIG)}
    assert seb_refusal(exam=exam, urls=[HOME], headers=both) is None


def test_candidate_pages_need_the_header_when_the_exam_requires_seb():
    exam = ExamFactory(status="open", seb_config_keys=CONFIG)
    client = _candidate_client(exam)
    refused = client.get("/exams/me/")
    assert refused.status_code == 403 and "Safe Exam Browser" in refused.content.decode()
    header = {"HTTP_X_SAFEEXAMBROWSER_CONFIGKEYHASH": seb_hash(url=HOME, key=CONFIG)}
    assert client.get("/exams/me/", **header).status_code == 200


def test_candidates_of_an_exam_without_keys_are_not_asked():
    client = _candidate_client(ExamFactory(status="open"))
    assert client.get("/exams/me/").status_code == 200


def test_socket_scope_is_checked_with_its_own_url():
    exam = ExamFactory(seb_browser_exam_keys=BEK)
    url = "ws://exam.example/ws/exam/"
    scope = {
        "type": "websocket",
        "scheme": "ws",
        "path": "/ws/exam/",
        "query_string": b"",
        "headers": [
            (b"host", b"exam.example"),
            (b"x-safeexambrowser-requesthash", seb_hash(url=url, key=BEK).encode()),
        ],
    }
    assert seb_refusal_for_scope(exam=exam, scope=scope) is None
    http_twin = seb_hash(url="http://exam.example/ws/exam/", key=BEK).encode()
    assert (
        seb_refusal_for_scope(
            exam=exam,
            scope={**scope, "headers": [(b"host", b"exam.example"), (b"x-safeexambrowser-requesthash", http_twin)]},
        )
        is None
    )
    assert seb_refusal_for_scope(exam=exam, scope={**scope, "headers": [(b"host", b"exam.example")]}) is not None


def test_keys_are_checked_naming_the_field_and_line():
    assert seb_keys_clean(f" {BEK.upper()} \n\n{CONFIG}", field="seb_config_keys") == f"{BEK}\n{CONFIG}"
    with pytest.raises(ApplicationError) as error:
        seb_keys_clean(f"{BEK}\nnot-a-key", field="seb_config_keys")
    assert error.value.field == "seb_config_keys" and "2" in error.value.messages[0]


def test_exam_update_stores_clean_keys_and_refuses_bad_ones(examiner):
    exam = ExamFactory()
    exam_update(exam=exam, actor=examiner, seb_browser_exam_keys=BEK.upper())
    exam.refresh_from_db()
    assert exam.seb_browser_exam_keys == BEK
    with pytest.raises(ApplicationError):
        exam_update(exam=exam, actor=examiner, seb_browser_exam_keys="xyz")
    exam.refresh_from_db()
    assert exam.seb_browser_exam_keys == BEK
