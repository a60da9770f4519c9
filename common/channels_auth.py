"""WebSocket authentication: the session cookie, or a one-use `?ticket=` from POST /api/auth/ws-ticket/.

A long-lived API token is never accepted in the URL: URLs end up in access logs and browser history.
"""

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async

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


def SessionOrTicketAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' stacks
    return AuthMiddlewareStack(TicketAuthMiddleware(inner))
