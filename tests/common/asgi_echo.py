"""A tiny ASGI app for the server-flag tests: answers with the client address uvicorn decided on."""


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = (scope.get("client") or ("", 0))[0].encode()
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})
