"""WebSocket authentication: the session cookie, or a one-use `?ticket=` from POST /api/auth/ws-ticket/.

A long-lived API token is never accepted in the URL: URLs end up in access logs and browser history.
"""

from urllib.parse import parse_qs

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, InstanceSessionWrapper, SessionMiddleware
from django.contrib.auth.models import AnonymousUser

from common.auth_services import ws_ticket_redeem


class TicketAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            ticket = parse_qs(scope.get("query_string", b"").decode()).get("ticket", [""])[0]
            if ticket:
                ticket_user = await database_sync_to_async(ws_ticket_redeem)(ticket=ticket)
                if ticket_user is not None:
                    scope = {**scope, "user": ticket_user}
        return await self.inner(scope, receive, send)


class SessionAuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware, except that a socket without a session cookie is anonymous at once: Channels reads
    the user on the process's one shared sync thread, and a start storm of ticket sockets (no cookie) queued there
    one by one for nothing."""

    async def resolve_scope(self, scope):
        if scope["session"].session_key is None:
            scope["user"]._wrapped = AnonymousUser()
            return
        await super().resolve_scope(scope)


class SocketSessionMiddleware(SessionMiddleware):
    """Channels' SessionMiddleware for sockets: the session is put in the scope as there, but the socket's `send` is
    passed on as it is. Channels wraps it to save the session and set its cookie on an HTTP response, which a socket
    never sends; the wrapper only read the lazy session twice for every message (a tenth of a web worker's time
    under the answer storm)."""

    async def __call__(self, scope, receive, send):
        wrapper = InstanceSessionWrapper(scope, send)
        await wrapper.resolve_session()
        return await self.inner(wrapper.scope, receive, send)


def SessionOrTicketAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' stacks
    return CookieMiddleware(SocketSessionMiddleware(SessionAuthMiddleware(TicketAuthMiddleware(inner))))
