"""uvicorn's proxy flags from DJANGO_BEHIND_PROXY and DJANGO_TRUSTED_PROXIES; the Makefile prints them.

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


if __name__ == "__main__":
    print(shlex.join(proxy_args()))
