"""ASGI entry point: HTTP and WebSocket through Channels; lifespan starts the embedded beat."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()  # sets Django up before the routes import models

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from common.channels_auth import SessionOrTicketAuthMiddlewareStack  # noqa: E402
from common.middleware import AuditContextWebsocketMiddleware  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402


async def lifespan(scope, receive, send):
    """Start the in-process periodic jobs when the server starts (embedded mode only)."""
    from common.beat import start_embedded_beat, stop_embedded_beat

    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            if settings.EMBEDDED_BEAT:
                start_embedded_beat()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            stop_embedded_beat()
            await send({"type": "lifespan.shutdown.complete"})
            return


def websocket_stack(routes):
    """Origin check, then the user (session or ticket), then the audit context, then the consumers."""
    return AllowedHostsOriginValidator(
        SessionOrTicketAuthMiddlewareStack(AuditContextWebsocketMiddleware(URLRouter(routes)))
    )


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": websocket_stack(websocket_urlpatterns),
        "lifespan": lifespan,
    }
)
