"""Safe by default: request size and rate limits, cross-site request checks, headers.

* Every form carries a token equal to the browser's ``cs_csrf`` cookie (double submit); a
  POST without it, or from another site's page (``Origin`` not this server), is refused.
* Bodies are limited in size (``MAX_BODY``, ``MAX_UPLOAD`` for challenge uploads), counted as
  they arrive, so a lying ``Content-Length`` gains nothing.
* Each browser (its session cookie, or its address before it has one) has a token bucket;
  a class behind one school address still fits, one runaway tab does not starve the others.
* Responses forbid framing, sniffing and scripts from anywhere but this server, and send no
  referrer (the teacher's key is in the address).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 64_000  # a decision with a long justification is a few KB
MAX_UPLOAD = 600_000  # a challenge file (the loader's own limit is lower)
CSRF_COOKIE = "cs_csrf"

HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self'; "
                                 b"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


def cookies_of(scope: Scope) -> dict[str, str]:
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a garbled cookie header is no cookie
                return {}
            return {k: m.value for k, m in jar.items()}
    return {}


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return None


class TokenBucket:
    """``rate`` requests a second on average, bursts of ``burst``; per key."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.burst, now))
            tokens = min(self.burst, tokens + (now - last) * self.rate)
            if tokens < 1:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1, now)
            if len(self._buckets) > 50_000:  # forget idle keys rather than grow without end
                self._buckets.clear()
            return True


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())] + HEADERS})
    await send({"type": "http.response.body", "body": body})


class Guard:
    """ASGI middleware: limits, the cross-site check on POSTs, and the security headers."""

    def __init__(self, app: ASGIApp, per_session: TokenBucket | None = None,
                 per_address: TokenBucket | None = None) -> None:
        self.app = app
        self.per_session = per_session or TokenBucket(rate=10, burst=60)
        self.per_address = per_address or TokenBucket(rate=60, burst=400)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = cookies_of(scope)
        session = cookies.get("cs_student") or cookies.get("cs_teacher")
        address = (scope.get("client") or ("?", 0))[0]
        bucket, key = (self.per_session, "s:" + session) if session else (self.per_address, "a:" + address)
        if not bucket.allow(key):
            await _plain(send, 429, "Too many requests: wait a moment and try again.")
            return
        method = scope.get("method", "GET")
        if method not in ("GET", "HEAD", "POST"):
            await _plain(send, 405, "Method not allowed.")
            return
        limit = MAX_UPLOAD if scope.get("path", "").endswith("/upload") else MAX_BODY
        if method == "POST":
            length = header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limit):
                await _plain(send, 413, f"The request is too large (at most {limit // 1000} KB).")
                return
            origin = header(scope, b"origin")
            host = header(scope, b"host")
            if origin and origin != "null" and host and origin.split("://", 1)[-1] != host:
                await _plain(send, 403, "Forms are accepted only from this server's own pages.")
                return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            await _plain(send, 413, f"The request is too large (at most {limit // 1000} KB).")


class BodyTooLarge(HTTPException):
    """Raised while the body arrives; Starlette answers it as 413 inside the app."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request is too large (at most {limit // 1000} KB).")
