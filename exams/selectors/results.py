"""What a candidate may read of his own finished attempts (the result slip)."""

from exams.models import Attempt


def attempt_result_for_candidate(*, user, attempt_id: int) -> Attempt | None:
    """A submitted attempt of the candidacy whose principal `user` is; None for anybody else's or one still running."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Attempt.objects.select_related(
            "candidate__person", "candidate__exam", "shift", "room_session__room", "room_session__shift"
        )
        .filter(pk=attempt_id, candidate__user=user, status=Attempt.Status.SUBMITTED)
        .first()
    )
