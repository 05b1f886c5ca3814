"""A real local SMTP server for the mail tests (aiosmtpd, skipped where it is not installed): the letters it
received, and a login it accepts when one is given. A module on pytest's ``pythonpath``:
``from smtphelp import Inbox, free_port, smtp_server``."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import pytest


class Inbox:
    """The aiosmtpd handler: every letter the server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    """A local port nobody listens on (at the moment of asking)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(login: tuple[str, str] | None = None) -> Iterator[tuple[int, Inbox]]:
    """A server on 127.0.0.1 without TLS, its port and inbox; with ``login`` (user, password) it accepts
    AUTH with exactly that pair and refuses any other."""
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    options: dict[str, Any] = {}
    if login is not None:
        from aiosmtpd.smtp import AuthResult, LoginPassword

        user, password = login

        def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = (
                isinstance(data, LoginPassword)
                and data.login == user.encode()
                and data.password == password.encode()
            )
            return AuthResult(success=ok, handled=False)

        # a local test server without a certificate
        options = {"authenticator": authenticator, "auth_require_tls": False}
    inbox = Inbox()
    port = free_port()
    controller = controller_mod.Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
