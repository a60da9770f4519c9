"""A started room's live papers are made ready for its candidates' sockets in a few queries (live_papers_warm)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exams.services.live import paper as live
from tests.exams.live.conftest import build_live


@pytest.mark.django_db
def test_the_warm_up_caches_each_candidates_own_paper_in_a_few_queries_and_runs_twice_safely():
    ready = build_live(candidates=3)
    cache.clear()
    live._local.clear()
    with CaptureQueriesContext(connection) as queries:
        assert live.live_papers_warm(room_session_id=ready["session"].pk) == 3
    assert len(queries) <= 7  # seats, parts, papers, the papers with forms, versions, options, part names
    warmed = {c.pk: live.live_paper(candidate=c, shift=ready["shift"]) for c in ready["candidates"]}
    live._local.clear()
    cache.clear()
    for candidate in ready["candidates"]:  # the same paper as one built alone, and each candidate his own
        assert live.live_paper(candidate=candidate, shift=ready["shift"]) == warmed[candidate.pk]
    layouts = {tuple(q["id"] for part in p["parts"] for q in part["questions"]) for p in warmed.values()}
    assert len(layouts) == 3 and all(p["total"] > 0 for p in warmed.values())
    assert live.live_papers_warm(room_session_id=ready["session"].pk) == 0  # all cached: nothing built again


@pytest.mark.django_db
def test_a_rooms_first_paper_miss_has_a_worker_warm_the_room_once(settings, django_capture_on_commit_callbacks):
    """A login storm before the start: the first candidate of a room whose papers are not cached builds his own and
    queues the room's warm-up (once per room); the next ones do not queue it again."""
    from unittest import mock

    ready = build_live(candidates=3)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    live._local.clear()
    room = ready["session"].pk
    with mock.patch("exams.tasks.live_papers_warm.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=True):
            first = live.live_paper(candidate=ready["candidates"][0], shift=ready["shift"], room_session_id=room)
            live.live_paper(candidate=ready["candidates"][1], shift=ready["shift"], room_session_id=room)
            live.live_paper(candidate=ready["candidates"][2], shift=ready["shift"])  # no room named: no warm-up
    queued.assert_called_once_with((room,))
    assert first["total"] > 0


@pytest.mark.django_db
def test_embedded_mode_queues_no_warm_up(settings, django_capture_on_commit_callbacks):
    """Without a worker (CELERY_TASK_ALWAYS_EAGER, the embedded mode) nothing is queued: each paper is built at its
    candidate's first connect."""
    from unittest import mock

    ready = build_live(candidates=1)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    cache.clear()
    live._local.clear()
    with mock.patch("exams.tasks.live_papers_warm.apply_async") as queued:
        with django_capture_on_commit_callbacks(execute=True):
            paper = live.live_paper(
                candidate=ready["candidates"][0], shift=ready["shift"], room_session_id=ready["session"].pk
            )
    queued.assert_not_called()
    assert paper["total"] > 0


@pytest.mark.django_db
def test_the_rooms_of_a_shift_starting_soon_are_warmed_before_their_candidates_log_in(
    settings, django_capture_on_commit_callbacks
):
    """live_papers_warm_due (the beat, every minute): a room not started whose shift starts within two hours is
    queued once per half hour; a started room, a shift starting later and one long past are left alone."""
    import datetime as dt
    from unittest import mock

    from exams.models import RoomSession

    ready = build_live(candidates=1)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    cache.clear()
    room, shift = ready["session"], ready["shift"]
    now = shift.starts_at - dt.timedelta(minutes=90)

    def queued_at(moment):
        with mock.patch("exams.tasks.live_papers_warm.apply_async") as queued:
            with django_capture_on_commit_callbacks(execute=True):
                count = live.live_papers_warm_due(now=moment)
        assert count == queued.call_count
        return [call.args[0] for call in queued.call_args_list]

    assert queued_at(shift.starts_at - dt.timedelta(hours=3)) == []  # too early
    assert queued_at(now) == [(room.pk,)]
    assert queued_at(now + dt.timedelta(minutes=1)) == []  # once per half hour
    cache.clear()
    assert queued_at(shift.starts_at + dt.timedelta(minutes=20)) == [(room.pk,)]  # the proctor starts late
    cache.clear()
    assert queued_at(shift.starts_at + dt.timedelta(hours=4)) == []  # long past
    RoomSession.objects.filter(pk=room.pk).update(started_at=shift.starts_at)
    assert queued_at(shift.starts_at) == []  # started: room_start warmed it
    settings.CELERY_TASK_ALWAYS_EAGER = True
    RoomSession.objects.filter(pk=room.pk).update(started_at=None)
    assert queued_at(now) == []  # embedded mode: no worker to queue for


def test_the_beat_runs_the_warm_up_of_rooms_starting_soon(settings):
    assert settings.CELERY_BEAT_SCHEDULE["exams.live_papers_warm_due"]["task"] == "exams.live_papers_warm_due"
