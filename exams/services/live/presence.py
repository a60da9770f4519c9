"""Which server processes are alive, so that a connection recorded by a dead one does not count.

A connection is alive while its process is: every server process refreshes a presence key in the cache every
PRESENCE_BEAT_S seconds (PRESENCE_TTL_S expiry). After a crash (kill -9) the dead process's key expires within
PRESENCE_TTL_S, and the candidate's reconnect is accepted from then on; a socket closed normally clears its own
connection at once.
"""

import asyncio
import uuid
import weakref

from asgiref.sync import sync_to_async
from django.core.cache import cache

PROCESS_ID = uuid.uuid4().hex[:12]
PRESENCE_TTL_S = 6
PRESENCE_BEAT_S = 2
_beats: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Task]" = weakref.WeakKeyDictionary()


def _presence_key(process_id: str) -> str:
    return f"congvu:live:process:{process_id}"


def presence_beat() -> None:
    """Mark this process alive (its connections count) for PRESENCE_TTL_S seconds."""
    cache.set(_presence_key(PROCESS_ID), 1, PRESENCE_TTL_S)


async def _beat_forever() -> None:
    while True:
        await sync_to_async(presence_beat, thread_sensitive=False)()
        await asyncio.sleep(PRESENCE_BEAT_S)


async def presence_start() -> None:
    """Start this process's presence heartbeat (once per event loop); the first beat is written before it returns."""
    loop = asyncio.get_running_loop()
    task = _beats.get(loop)
    if task is None or task.done():
        await sync_to_async(presence_beat, thread_sensitive=False)()
        _beats[loop] = loop.create_task(_beat_forever(), name="exam-presence")


def connection_name(channel_name: str) -> str:
    return f"{PROCESS_ID} {channel_name}"


def connection_alive(connection: str) -> bool:
    """Whether the socket recorded as `connection` may still be open (its process is alive)."""
    if not connection:
        return False
    process_id, _sep, _channel = connection.partition(" ")
    return process_id == PROCESS_ID or cache.get(_presence_key(process_id)) is not None
