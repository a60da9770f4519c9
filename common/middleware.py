"""Security headers for every response, and the request context the audit trail records."""

import contextvars

from django.core.exceptions import DisallowedHost
from django.utils.cache import add_never_cache_headers

_audit_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("audit_context", default=None)

# Everything the pages need is served by the project: no other origin is ever contacted. The pages'
# WebSockets go to this host only (`ws://host` over HTTP, `wss://host` over HTTPS), never to any host.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'{websocket}; font-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def content_security_policy(request) -> str:
    """The policy for this request: WebSocket connections only to the host the page came from."""
    try:
        host = request.get_host()  # validated against ALLOWED_HOSTS: nothing a client can inject
    except DisallowedHost:
        return CONTENT_SECURITY_POLICY.format(websocket="")
    scheme = "wss" if request.is_secure() else "ws"
    return CONTENT_SECURITY_POLICY.format(websocket=f" {scheme}://{host}")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(request))
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class NoStoreMiddleware:
    """Nothing personal is kept by a browser or a shared cache: every answer to a signed-in user and
    every API answer is `Cache-Control: no-store, private`. Static files are served (by WhiteNoise)
    before this middleware and keep their long cache lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


def client_ip(request) -> str | None:
    """The client's address for the lockout and the audit trail: the connection's own, never a header.

    Behind a configured proxy the server (uvicorn, config/serve_args.py) has already put the address the
    proxy vouches for here; a client's X-Forwarded-For is not believed anywhere else.
    """
    return request.META.get("REMOTE_ADDR")


class AuditContextMiddleware:
    """Remembers who is asking, from where, so services can audit without a `request`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _audit_context.set(
            {"user": user if user is not None and user.is_authenticated else None, "ip": client_ip(request)}
        )
        try:
            return self.get_response(request)
        finally:
            _audit_context.reset(token)


class AuditContextWebsocketMiddleware:
    """The same for WebSockets (ASGI, inside the authentication stack): actor = the socket's user, ip = the
    connection's client address (as REMOTE_ADDR for HTTP), for every service a consumer calls.

    Set in the connection's task and cleared when it ends; a sync consumer's handlers and
    `database_sync_to_async` calls run in a thread with a copy of this context, so services see it there too.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "websocket":
            return await self.inner(scope, receive, send)
        user = scope.get("user")
        client = scope.get("client") or (None, None)
        token = _audit_context.set(
            {"user": user if user is not None and user.is_authenticated else None, "ip": client[0]}
        )
        try:
            return await self.inner(scope, receive, send)
        finally:
            _audit_context.reset(token)


def current_audit_context() -> dict:
    return _audit_context.get() or {}


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language: a browser's Accept-Language is not a choice.

    Exam-room and office machines often run English browsers; the language menu sets the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
