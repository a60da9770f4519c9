"""API credentials: expiring API tokens (revoked when the password changes) and one-use WebSocket tickets.

A WebSocket cannot send an Authorization header, and a URL ends up in access logs: the socket is opened
with a ticket that lives WS_TICKET_SECONDS and works once, never with the long-lived API token.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from rest_framework.authtoken.models import Token

WS_TICKET_SECONDS = 60
_WS_TICKET_PREFIX = "congvu:ws-ticket:"


def api_token_expires_at(*, token: Token) -> dt.datetime:
    """When `token` stops being accepted (CONGVU_API_TOKEN_HOURS after it was issued)."""
    return token.created + dt.timedelta(hours=settings.CONGVU_API_TOKEN_HOURS)


def api_token_is_expired(*, token: Token) -> bool:
    """True once the token has outlived CONGVU_API_TOKEN_HOURS."""
    return timezone.now() >= api_token_expires_at(token=token)


def api_token_issue(*, user) -> Token:
    """The user's API token: the current one while it is valid, otherwise a new one."""
    token = Token.objects.filter(user=user).first()
    if token is not None and api_token_is_expired(token=token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def api_tokens_revoke(*, user) -> int:
    """Delete every API token of `user` (after a password change); returns how many there were."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


def _ticket_key(ticket: str) -> str:
    # Only a hash is stored: whoever reads the cache cannot open a socket as someone else.
    return _WS_TICKET_PREFIX + hashlib.sha256(ticket.encode()).hexdigest()


def ws_ticket_issue(*, user) -> str:
    """A random 256-bit ticket that opens one WebSocket as `user` within WS_TICKET_SECONDS."""
    ticket = secrets.token_urlsafe(32)
    cache.set(_ticket_key(ticket), user.pk, timeout=WS_TICKET_SECONDS)
    return ticket


def _cache_pop(key: str):
    """The value under `key`, deleted in the same step (None if absent): of two callers racing for one key, one gets
    it. Django's Redis cache in one round trip (GETDEL); other caches by get and delete."""
    backend = getattr(cache, "_cache", None)
    if hasattr(backend, "get_client") and hasattr(backend, "_serializer"):  # django.core.cache.backends.redis
        name = cache.make_and_validate_key(key)
        value = backend.get_client(name, write=True).getdel(name)
        return None if value is None else backend._serializer.loads(value)
    value = cache.get(key)
    # delete() says whether the key was still there: of two sockets racing with one ticket, one wins.
    if value is None or not cache.delete(key):
        return None
    return value


def ws_ticket_user_id(*, ticket: str) -> int | None:
    """The id of the user the ticket was issued to (whether still active is the caller's query), or None; a ticket
    is consumed by its first use."""
    if not ticket:
        return None
    return _cache_pop(_ticket_key(ticket))


def ws_ticket_redeem(*, ticket: str):
    """The active user the ticket was issued to, or None; a ticket is consumed by its first use."""
    user_id = ws_ticket_user_id(ticket=ticket)
    if user_id is None:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()
