"""E-mail: the weekly summary as a multipart message, sent over SMTP.

The password never sits in the store: it comes from LOADWATCH_SMTP_PASSWORD.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from loadwatch.errors import LoadwatchError, UsageError
from loadwatch.summary import render_html, render_text

PASSWORD_VARIABLE = "LOADWATCH_SMTP_PASSWORD"


class SendError(LoadwatchError):
    """The SMTP server could not be reached or refused the message."""


def summary_message(summary: dict, to: str, sender: str) -> EmailMessage:
    """A text/plain + text/html message of the summary."""
    message = EmailMessage()
    urgent = " (see a clinician)" if summary["red_flags"] else ""
    message["Subject"] = f"loadwatch: your week of {summary['week_start']}{urgent}"
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="loadwatch.local")
    message.set_content(render_text(summary))
    message.add_alternative(render_html(summary), subtype="html")
    return message


def send(message: EmailMessage, settings: dict) -> None:
    """Send through the athlete's SMTP settings; SendError with the reason on failure."""
    with Mailer() as mailer:
        mailer.send(message, settings)


class Mailer:
    """Sends many messages over as few SMTP connections as possible.

    One connection per server (host, port, login, STARTTLS) is kept open and
    reused: a club's ``--send-due`` then says hello once, not a thousand times.
    A connection the server dropped is reopened once.
    """

    def __init__(self):
        self._open: dict[tuple, smtplib.SMTP] = {}

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for server in self._open.values():
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        self._open.clear()

    def send(self, message: EmailMessage, settings: dict) -> None:
        host = settings.get("smtp_host")
        if not host:
            raise UsageError("set smtp_host (and smtp_from) first: loadwatch settings set "
                             "smtp_host=... smtp_from=...")
        starttls = str(settings.get("smtp_starttls", "true")) == "true"
        port = int(settings.get("smtp_port") or (587 if starttls else 25))
        key = (str(host), port, settings.get("smtp_user"), starttls)
        try:
            try:
                self._connection(key).send_message(message)
            except smtplib.SMTPServerDisconnected:
                self._drop(key)
                self._connection(key).send_message(message)
        except (OSError, smtplib.SMTPException) as err:
            self._drop(key)
            raise SendError(f"could not send to {message['To']} via {host}:{port}: "
                            f"{err}") from err

    def _connection(self, key: tuple) -> smtplib.SMTP:
        if key not in self._open:
            host, port, user, starttls = key
            server = smtplib.SMTP(host, port, timeout=30)
            try:
                if starttls:
                    server.starttls(context=ssl.create_default_context())
                if user:
                    server.login(str(user), os.environ.get(PASSWORD_VARIABLE, ""))
            except (OSError, smtplib.SMTPException):
                server.close()
                raise
            self._open[key] = server
        return self._open[key]

    def _drop(self, key: tuple) -> None:
        server = self._open.pop(key, None)
        if server is not None:
            server.close()
