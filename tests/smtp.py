"""A real SMTP server for tests (aiosmtpd), on the loopback at an ephemeral port,
running its own event loop in a thread. It keeps every message it accepted; it can
also stall the first conversation at MAIL FROM (a slow server), so a test can kill
the worker in the middle of sending."""

import asyncio
import threading
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.smtp import SMTP


class Inbox:
    def __init__(self, *, stall_first: bool = False):
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.stall_first = stall_first
        self.stalled = threading.Event()  # a conversation is waiting at MAIL FROM
        self._release: asyncio.Event | None = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.stall_first:
            self.stall_first = False
            self._release = asyncio.Event()
            self.stalled.set()
            await self._release.wait()
            return "421 Closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            message_from_bytes(envelope.original_content, policy=policy.default)
        )
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self, inbox: Inbox, loop, server):
        self.inbox, self.loop, self.server = inbox, loop, server
        self.port = server.sockets[0].getsockname()[1]

    def release(self) -> None:
        """Let a stalled conversation go on (it is answered 421: not sent)."""
        if self.inbox._release is not None:
            self.loop.call_soon_threadsafe(self.inbox._release.set)

    def environment(self) -> dict[str, str]:
        return {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(self.port)}


@contextmanager
def smtp_server(*, stall_first: bool = False):
    inbox = Inbox(stall_first=stall_first)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    server = asyncio.run_coroutine_threadsafe(
        loop.create_server(
            lambda: SMTP(inbox, hostname="smtp.test", loop=loop), "127.0.0.1", 0
        ),
        loop,
    ).result(10)
    running = SmtpServer(inbox, loop, server)
    try:
        yield running
    finally:
        running.release()
        server.close()
        asyncio.run_coroutine_threadsafe(server.wait_closed(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
