"""Reads of question banks shared by the bank pages and the paper generator."""

from exams.models import Topic


def topic_subtree_ids(*, topic_ids) -> set[int]:
    """The ids of `topic_ids` and of every topic below them (a blueprint cell on a topic takes its subtopics)."""
    found = set(topic_ids)
    frontier = set(found)
    while frontier:
        frontier = set(Topic.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found
