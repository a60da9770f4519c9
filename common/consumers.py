"""Live progress of a background job, for the job page's progress bar."""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from common import realtime, selectors, services


class JobProgressConsumer(AsyncJsonWebsocketConsumer):
    """Sends the job's state on connect, then every progress event; only to the job's owner."""

    async def connect(self):
        job_id = self.scope["url_route"]["kwargs"]["job_id"]
        job = await database_sync_to_async(selectors.job_get_for_user)(job_id=job_id, user=self.scope["user"])
        if job is None:
            await self.close()  # before accept(): the handshake is refused
            return
        self.group = realtime.job_group(job.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        state = await database_sync_to_async(services.job_progress_get)(job=job)
        await self.send_json({"type": "job.progress", "state": state})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def job_progress(self, event):
        await self.send_json({"type": "job.progress", "state": event["state"]})
