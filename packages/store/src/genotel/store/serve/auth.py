"""Who may do what: a bearer token, compared in constant time, and the rule that exposure needs one.

Why this shape: a loopback-only server is as private as the store file itself, so reading needs no
token there; anything reachable from another machine must present one. Writes (logging events,
writing dataset files) always need the token, so a server started without one never changes anything.
"""

from __future__ import annotations

import hmac
import ipaddress
import os

from fastapi import Request

from .problems import Problem

ENV_TOKEN = "GENOTEL_SERVE_TOKEN"
LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def resolve_token(given: str | None) -> str | None:
    """`--token`, else `$GENOTEL_SERVE_TOKEN`; an empty value means none."""
    token = given if given is not None else os.environ.get(ENV_TOKEN)
    return token or None


def is_loopback(host: str) -> bool:
    """True only for addresses no other machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, token: str | None) -> None:
    """Refuse to listen beyond loopback without a token (raises ValueError with the one-line reason)."""
    if not is_loopback(host) and token is None:
        raise ValueError(
            f"binding {host} exposes the store to other machines: set --token or ${ENV_TOKEN} (or bind 127.0.0.1)"
        )


def presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def token_matches(expected: str, presented: str | None) -> bool:
    """Constant-time comparison, so the answer's timing tells nothing about how much of it was right."""
    if presented is None:
        return False
    return hmac.compare_digest(expected.encode(), presented.encode())


class Guard:
    """The server's token (or None) and the two checks every API route makes."""

    def __init__(self, token: str | None) -> None:
        self.token = token

    def require_read(self, request: Request) -> None:
        if self.token is not None and not token_matches(self.token, presented_token(request)):
            raise Problem(401, "missing or wrong bearer token: send 'Authorization: Bearer <token>'")

    def require_write(self, request: Request) -> None:
        if self.token is None:
            raise Problem(403, "writes are disabled: start genotel serve with --token (or $GENOTEL_SERVE_TOKEN)")
        if not token_matches(self.token, presented_token(request)):
            raise Problem(401, "missing or wrong bearer token: send 'Authorization: Bearer <token>'")
