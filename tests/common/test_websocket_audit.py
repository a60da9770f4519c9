"""WebSocket actions are audited with the same actor and client address as HTTP ones."""

import pytest
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer, JsonWebsocketConsumer
from django.urls import path

from common import auth_services, services
from common.models import AuditEntry
from config.asgi import websocket_stack
from tests.sockets import Communicator


def _note(content) -> str:
    return f"socket {content['n']}"


class SyncActionConsumer(JsonWebsocketConsumer):
    """A consumer as conventions B5 writes them: a message calls a service (here the audit trail's own)."""

    def connect(self):
        self.accept()

    def receive_json(self, content, **kwargs):
        services.audit_record(actor=None, action="update", model="test.socket", note=_note(content))
        self.send_json({"ok": True})


class AsyncActionConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()

    async def receive_json(self, content, **kwargs):
        await database_sync_to_async(services.audit_record)(
            actor=None, action="update", model="test.socket", note=_note(content)
        )
        await self.send_json({"ok": True})


app = websocket_stack(
    [path("ws/test/sync/", SyncActionConsumer.as_asgi()), path("ws/test/async/", AsyncActionConsumer.as_asgi())]
)


def communicator(path_, *, client=("203.0.113.7", 51000)):
    ws = Communicator(app, path_, headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")])
    ws.scope["client"] = client
    return ws


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_a_socket_action_is_audited_with_the_socket_user_and_address(kind, hr_manager):
    ticket = await database_sync_to_async(auth_services.ws_ticket_issue)(user=hr_manager)
    ws = communicator(f"/ws/test/{kind}/?ticket={ticket}")
    connected, _ = await ws.connect()
    assert connected
    for n in (1, 2):
        await ws.send_json_to({"n": n})
        assert await ws.receive_json_from(timeout=5) == {"ok": True}
    await ws.disconnect()
    entries = await database_sync_to_async(list)(AuditEntry.objects.filter(model="test.socket").order_by("id"))
    assert [(e.actor_id, e.actor_name, e.ip, e.note) for e in entries] == [
        (hr_manager.pk, hr_manager.username, "203.0.113.7", "socket 1"),
        (hr_manager.pk, hr_manager.username, "203.0.113.7", "socket 2"),
    ]


@pytest.mark.django_db(transaction=True)
async def test_an_anonymous_socket_records_no_actor_and_the_context_ends_with_the_socket():
    from common.middleware import current_audit_context

    ws = communicator("/ws/test/sync/", client=("198.51.100.2", 40000))
    assert (await ws.connect())[0]
    await ws.send_json_to({"n": 3})
    await ws.receive_json_from(timeout=5)
    await ws.disconnect()
    entry = await database_sync_to_async(AuditEntry.objects.get)(model="test.socket")
    assert (entry.actor_id, entry.actor_name, entry.ip) == (None, "", "198.51.100.2")
    assert current_audit_context() == {}
