"""Group names and outgoing events of the common app (job progress)."""

import json
import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

log = logging.getLogger(__name__)


def job_group(job_id) -> str:
    return f"common.job.{job_id}"


def _send(group: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # progress is advisory: a full or unreachable layer must not fail the job
        log.warning("could not send %s to %s", event.get("type"), group, exc_info=True)


def send_after_commit(group: str, event: dict) -> None:
    """Send `event` to `group` once the current transaction commits (at once outside one); a rolled back
    transaction sends nothing. Only services call this, through their app's realtime module (conventions B5)."""
    transaction.on_commit(lambda: _send(group, event))


def _plain(state: dict) -> dict:
    return json.loads(json.dumps(state, cls=DjangoJSONEncoder))


def job_progress(job_id, state: dict) -> None:
    """Tell the pages watching a job its progress (sent at once: progress is not domain data)."""
    _send(job_group(job_id), {"type": "job.progress", "state": _plain(state)})


def job_finished(job_id, state: dict) -> None:
    """Tell the pages watching a job its final state, after the transaction that stored it commits."""
    send_after_commit(job_group(job_id), {"type": "job.progress", "state": _plain(state)})
