"""uvicorn's flags from the environment; the Makefile prints them: the proxy flags from DJANGO_BEHIND_PROXY and
DJANGO_TRUSTED_PROXIES, and WebSocket compression from CONGVU_WS_COMPRESSION.

Without a proxy, uvicorn must not read X-Forwarded-For at all: any client could then choose the address
that the lockout counts failed logins against. Behind a proxy, only the configured proxies are believed.
"""

import shlex

from config.env import env_bool, env_list

DEFAULT_TRUSTED_PROXIES = ["127.0.0.1"]


def proxy_args() -> list[str]:
    """The uvicorn arguments that decide whose X-Forwarded-* headers are believed."""
    if not env_bool("DJANGO_BEHIND_PROXY", False):
        return ["--no-proxy-headers"]
    proxies = env_list("DJANGO_TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES)
    return ["--proxy-headers", "--forwarded-allow-ips", ",".join(proxies)]


def websocket_args() -> list[str]:
    """Per-message deflate only with CONGVU_WS_COMPRESSION=1. An exam room's LAN does not need it, and it costs CPU
    on the server and on every browser for each small message (an answer, its ack). The load benchmark at 2,000
    candidates acknowledged 3,684 answers per second with it and 3,794 and 4,551 without (one and two runs: the
    machine's own noise is of that size)."""
    if env_bool("CONGVU_WS_COMPRESSION", False):
        return []
    return ["--ws-per-message-deflate", "false"]


if __name__ == "__main__":
    print(shlex.join(proxy_args() + websocket_args()))
