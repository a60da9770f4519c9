"""The socket's handshake in few round trips (issue #15): ticket → candidate in one query, an unclaimed attempt
claimed by one UPDATE, a claimed one still through the locking path."""

import pytest

from common.auth_services import ws_ticket_issue, ws_ticket_user_id
from common.errors import ApplicationError
from exams.models import Attempt
from exams.services.live import connections

pytestmark = pytest.mark.django_db


def test_a_ticket_opens_its_candidate_once_in_one_query(ready, django_assert_num_queries):
    candidate = ready["candidates"][0]
    ticket = ws_ticket_issue(user=candidate.user)
    with django_assert_num_queries(1):
        found = connections.candidate_for_user_id(user_id=ws_ticket_user_id(ticket=ticket))
    assert found == candidate and found.exam == candidate.exam
    assert ws_ticket_user_id(ticket=ticket) is None  # consumed
    assert connections.candidate_for_user_id(user_id=None) is None


def test_a_ticket_of_a_deactivated_candidate_opens_nothing(ready):
    candidate = ready["candidates"][0]
    ticket = ws_ticket_issue(user=candidate.user)
    candidate.user.is_active = False
    candidate.user.save(update_fields=["is_active"])
    assert connections.candidate_for_user_id(user_id=ws_ticket_user_id(ticket=ticket)) is None


def test_an_unclaimed_attempt_is_claimed_without_a_lock_and_a_live_claim_still_refuses(
    ready, django_assert_max_num_queries
):
    candidate = ready["candidates"][0]
    connections.attempt_open(candidate=candidate, channel_name="first")  # creates the attempt and the paper
    Attempt.objects.filter(candidate=candidate).update(connection="")
    with django_assert_max_num_queries(4) as captured:  # his seats, his attempts, the claim, his papers' rows
        attempt, state, _paper = connections.attempt_open(candidate=candidate, channel_name="second")
    assert not any("FOR UPDATE" in q["sql"] for q in captured.captured_queries)
    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.connection == attempt.connection and stored.connection.endswith(" second")
    assert stored.relogin_allowed is False and state["status"] == attempt.status
    with pytest.raises(ApplicationError) as refused:
        connections.attempt_open(candidate=candidate, channel_name="third")
    assert refused.value.code == "already_connected"
    assert Attempt.objects.get(pk=attempt.pk).connection == stored.connection


def test_the_handshake_and_the_login_sort_by_nothing_the_models_orderings_would_join(
    ready, django_assert_max_num_queries
):
    """The models' default orderings reach through relations (an attempt's by its shift, room and candidate number;
    a paper's by its part and candidate, each by its exam): the handshake's and the login's queries must not sort
    by them, which joined three to five tables per query in a login storm."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exams.services.candidates import candidate_authenticate

    candidate = ready["candidates"][0]
    connections.attempt_open(candidate=candidate, channel_name="first")
    Attempt.objects.filter(candidate=candidate).update(connection="")
    with CaptureQueriesContext(connection) as captured:
        connections.candidate_for_user_id(user_id=candidate.user_id)
        connections.attempt_open(candidate=candidate, channel_name="second")
        candidate_authenticate(number=candidate.candidate_number, code="wrong-code-00")
    orders = [q["sql"].split("ORDER BY", 1)[1] for q in captured.captured_queries if "ORDER BY" in q["sql"]]
    for order in orders:
        for joined in ('"exams_exam"', '"exams_room"', '"candidate_number"', "T5", "T6"):
            assert joined not in order, order
