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
from loadwatch.settings import Settings
from loadwatch.summary import Summary, render_html, render_text

PASSWORD_VARIABLE = "LOADWATCH_SMTP_PASSWORD"


class SendError(LoadwatchError):
    """The SMTP server could not be reached or refused the message."""


def summary_message(summary: Summary, to: str, sender: str) -> EmailMessage:
    """The weekly summary as an e-mail.

    Parameters
    ----------
    summary : Summary
        The week's summary.
    to, sender : str
        The To and From addresses.

    Returns
    -------
    email.message.EmailMessage
        multipart/alternative: the text rendering and the HTML one; the subject
        says "see a clinician" when a red flag stands.
    """
    message = EmailMessage()
    urgent = " (see a clinician)" if summary.red_flags else ""
    message["Subject"] = f"loadwatch: your week of {summary.week_start}{urgent}"
    message["From"] = sender
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="loadwatch.local")
    message.set_content(render_text(summary))
    message.add_alternative(render_html(summary), subtype="html")
    return message


def send(message: EmailMessage, settings: Settings) -> None:
    """Send one message through the athlete's SMTP server.

    Parameters
    ----------
    message : email.message.EmailMessage
        The message.
    settings : Settings
        ``smtp_host``, ``smtp_port``, ``smtp_user`` and ``smtp_starttls``; the
        password comes from ``LOADWATCH_SMTP_PASSWORD``.

    Raises
    ------
    UsageError
        When ``smtp_host`` is not set.
    SendError
        With the reason, when the server cannot be reached or refuses.
    """
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
        """Say goodbye to every server still connected."""
        for server in self._open.values():
            try:
                server.quit()
            except (OSError, smtplib.SMTPException):
                server.close()
        self._open.clear()

    def send(self, message: EmailMessage, settings: Settings) -> None:
        """Send one message, reusing the connection to its server.

        Parameters
        ----------
        message : email.message.EmailMessage
            The message.
        settings : Settings
            The athlete's SMTP settings (see :func:`send`).

        Raises
        ------
        UsageError
            When ``smtp_host`` is not set.
        SendError
            With the reason, when the server cannot be reached or refuses.
        """
        host = settings.smtp_host
        if not host:
            raise UsageError("set smtp_host (and smtp_from) first: loadwatch settings set "
                             "smtp_host=... smtp_from=...")
        starttls, port = settings.uses_starttls, settings.smtp_port_or_default
        key = (host, port, settings.smtp_user, starttls)
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
