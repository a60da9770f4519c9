"""The bank images of a candidate's live paper, served to him by the project (exam rooms are offline).

A candidate opens an image only while his attempt is open (waiting, in progress or paused: the paper, images
included, is loaded behind the waiting screen, as the `state` message sends it) and only one his own questions show
(the live paper lists them). Anything else is None (a 404 for the page), so an image id tells nobody whether it
exists. Every image served is recorded in the bank's trail, as the board's own image views are.
"""

from django.core.exceptions import ValidationError

from common.services import audit_record
from exams.models import Attempt, Candidate, ItemAsset
from exams.services.live.attempts import attempt_for_candidate
from exams.services.live.paper import live_paper


def live_image_for_candidate(*, candidate: Candidate, asset_id: int, actor) -> ItemAsset | None:
    """The image `asset_id` if the candidate's open attempt shows it (recorded in the bank's trail); None otherwise."""
    try:
        attempt = attempt_for_candidate(candidate=candidate)
    except ValidationError:  # no computer seat
        return None
    if attempt.status == Attempt.Status.SUBMITTED:
        return None
    if asset_id not in live_paper(candidate=candidate, shift=attempt.shift).get("images", ()):
        return None
    asset = ItemAsset.objects.select_related("bank").filter(pk=asset_id).first()
    if asset is not None:
        audit_record(actor=actor, action="view", obj=asset, scope=asset.bank, note="image in a live paper")
    return asset
