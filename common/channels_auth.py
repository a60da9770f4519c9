"""WebSocket authentication: the session cookie, or `?token=` from the API login."""

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser


@database_sync_to_async
def _user_for_token(key: str):
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


class TokenAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is None or not user.is_authenticated:
            key = parse_qs(scope.get("query_string", b"").decode()).get("token", [""])[0]
            if key:
                scope = {**scope, "user": await _user_for_token(key)}
        return await self.inner(scope, receive, send)


def SessionOrTokenAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' stacks
    return AuthMiddlewareStack(TokenAuthMiddleware(inner))
