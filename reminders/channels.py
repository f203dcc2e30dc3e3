"""Where digests go: SMTP email and JSON webhooks. Each raises ChannelError on failure."""

from __future__ import annotations

import contextlib
import json
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from directives.errors import DirectivesError


class ChannelError(DirectivesError):
    """A digest could not be handed over (server down, refused, HTTP error)."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str = "localhost"
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    sender: str = "nhac-viec@localhost"
    timeout: float = 30.0


def email_message(
    cfg: SmtpConfig, to: str, subject: str, text: str, html: str, digest_id: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = cfg.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    # one Message-ID per digest: a mail client shows a digest once even if it came twice
    message["Message-ID"] = make_msgid(idstring=digest_id, domain="directives")
    message["X-Directives-Digest"] = digest_id
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    return message


class SmtpChannel:
    def __init__(self, cfg: SmtpConfig) -> None:
        self.cfg = cfg
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect (and log in) before anything is marked as being sent."""
        try:
            smtp = smtplib.SMTP(self.cfg.host, self.cfg.port, timeout=self.cfg.timeout)
            if self.cfg.starttls:
                smtp.starttls()
            if self.cfg.user:
                smtp.login(self.cfg.user, self.cfg.password or "")
        except (OSError, smtplib.SMTPException) as e:
            raise ChannelError(
                f"không kết nối được máy chủ thư {self.cfg.host}:{self.cfg.port}: {e}"
            ) from e
        self._smtp = smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self.open()
        assert self._smtp is not None
        try:
            self._smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as e:
            self._smtp = None
            raise ChannelError(f"máy chủ thư không nhận thư gửi {message['To']}: {e}") from e

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self._smtp.quit()
            self._smtp = None


def post_webhook(
    url: str, payload: dict[str, Any], idempotency_key: str, timeout: float = 15.0
) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": idempotency_key,
            "User-Agent": "directives-reminders",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status >= 300:
                raise ChannelError(f"webhook {url} trả về {response.status}")
    except urllib.error.HTTPError as e:
        raise ChannelError(f"webhook {url} trả về {e.code}") from e
    except (TimeoutError, urllib.error.URLError, OSError) as e:
        raise ChannelError(f"không gọi được webhook {url}: {e}") from e
