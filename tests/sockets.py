"""The WebSocket communicator every socket test uses: Channels' own, except that when the application closes the
socket (a refused handshake, a connection replaced or ended by the server) it is told of the disconnect and left to
end, as an ASGI server does. Channels' communicator leaves it waiting: its pending channel-layer read was then
cancelled with the test's event loop, and channels_redis' read can stay in "cancelling" there for ever (the
PostgreSQL + Redis suite hung in pytest-asyncio's loop teardown)."""

from channels.testing import WebsocketCommunicator


class Communicator(WebsocketCommunicator):
    async def receive_output(self, timeout=1):
        output = await super().receive_output(timeout)
        if output.get("type") == "websocket.close" and not self.future.done():
            await self.send_input({"type": "websocket.disconnect", "code": output.get("code", 1000)})
            await self.wait(timeout)
        return output
