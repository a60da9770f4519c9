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
