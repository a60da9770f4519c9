"""Optional Safe Exam Browser (SEB) per exam: an exam with keys refuses candidate pages and sockets that do not come
from a SEB configured for it.

SEB's documented scheme: on every request it sends `X-SafeExamBrowser-RequestHash` = hex(sha256(URL + Browser Exam
Key)) and `X-SafeExamBrowser-ConfigKeyHash` = hex(sha256(URL + Config Key)), the URL being the absolute one without
its fragment. An exam lists the keys it accepts (`Exam.seb_browser_exam_keys`, `Exam.seb_config_keys`, one per
line); a request passes when every list that is not empty has a key matching its header.

Sockets: the candidate consumer calls `seb_refusal_for_scope(exam=..., scope=...)` before accepting and closes the
handshake when it returns a reason. The URL hashed there is the socket's own (`ws://host/ws/exam/`); the http(s)
form of the same address is accepted too, since SEB versions differ in which one they hash for an upgrade.
"""

import hashlib
import hmac
import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Exam

REQUEST_HASH = "X-SafeExamBrowser-RequestHash"
CONFIG_HASH = "X-SafeExamBrowser-ConfigKeyHash"


KEY_RE = re.compile(r"^[0-9a-f]{64}$")


def _keys(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def seb_keys_clean(text: str, *, field: str) -> str:
    """The keys of `text`, one per line in lower case; refused (naming the field and line) when one is no key."""
    keys = [key.lower() for key in _keys(text)]
    for number, key in enumerate(keys, start=1):
        if not KEY_RE.match(key):
            raise ApplicationError(
                _("Line %(line)s is not a Safe Exam Browser key: a key has 64 hexadecimal characters.")
                % {"line": number},
                field=field,
            )
    return "\n".join(keys)


def seb_required(*, exam: Exam) -> bool:
    """Whether the exam lists any Safe Exam Browser key (then its candidate pages and sockets need SEB)."""
    return bool(_keys(exam.seb_browser_exam_keys) or _keys(exam.seb_config_keys))


def seb_hash(*, url: str, key: str) -> str:
    """What SEB sends for `url` with `key`: hex sha256 of the URL followed by the key."""
    return hashlib.sha256((url + key).encode()).hexdigest()


def _matches(header: str, urls: list[str], keys: list[str]) -> bool:
    header = (header or "").strip().lower()
    if not header:
        return False
    return any(hmac.compare_digest(header, seb_hash(url=url, key=key)) for url in urls for key in keys)


def seb_refusal(*, exam: Exam, urls: list[str], headers: Mapping[str, str]) -> str | None:
    """None when the request may go on (no keys, or its headers match a key for one of `urls`); else the reason.

    `headers` maps header names, case-insensitively through lower-case keys, to their values."""
    lowered = {name.lower(): value for name, value in headers.items()}
    checks = [
        (_keys(exam.seb_browser_exam_keys), REQUEST_HASH),
        (_keys(exam.seb_config_keys), CONFIG_HASH),
    ]
    for keys, header in checks:
        if keys and not _matches(lowered.get(header.lower(), ""), urls, keys):
            return _("This exam must be taken in Safe Exam Browser with the exam's configuration (%(header)s).") % {
                "header": header
            }
    return None


def seb_refusal_for_request(*, exam: Exam, request) -> str | None:
    """seb_refusal for a Django request: its absolute URL (with the query string) and its headers."""
    return seb_refusal(exam=exam, urls=[request.build_absolute_uri()], headers=request.headers)


def _scope_urls(scope: dict) -> list[str]:
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
    host = headers.get("host", "")
    query = scope.get("query_string", b"").decode("latin-1")
    rest = host + scope.get("path", "") + (f"?{query}" if query else "")
    secure = scope.get("scheme") in ("wss", "https")
    return [("wss://" if secure else "ws://") + rest, ("https://" if secure else "http://") + rest]


def seb_refusal_for_scope(*, exam: Exam, scope: dict) -> str | None:
    """seb_refusal for a Channels websocket scope (the candidate consumer calls it before accepting)."""
    headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope.get("headers", [])}
    return seb_refusal(exam=exam, urls=_scope_urls(scope), headers=headers)
