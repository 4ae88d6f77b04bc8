"""A real SMTP server (aiosmtpd) on a free local port, and the app configured to deliver to it."""

import socket
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the server accepted; `refuse` maps an address to the reply its RCPT TO gets (e.g. "451 …")."""

    def __init__(self):
        self.messages = []
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for recipient in envelope.rcpt_tos:
            message = message_from_bytes(envelope.content, policy=default_policy)
            self.messages.append((recipient, message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for recipient, message in self.messages if recipient == address]

    @property
    def recipients(self) -> list[str]:
        return sorted(recipient for recipient, _ in self.messages)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(app_config):
    """Start the server and point MAIL_SERVER at it; list it before any fixture that uses the app."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app_config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_SENDER="Lägesbild <lagesbild@example.se>")
    yield inbox
    controller.stop()


def parts(message) -> tuple[str, str]:
    """The plain-text and the HTML part of a delivered message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
