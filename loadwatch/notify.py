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
    host = settings.get("smtp_host")
    if not host:
        raise UsageError("set smtp_host (and smtp_from) first: loadwatch settings set "
                         "smtp_host=... smtp_from=...")
    starttls = str(settings.get("smtp_starttls", "true")) == "true"
    port = int(settings.get("smtp_port") or (587 if starttls else 25))
    try:
        with smtplib.SMTP(str(host), port, timeout=30) as server:
            if starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.get("smtp_user"):
                server.login(str(settings["smtp_user"]), os.environ.get(PASSWORD_VARIABLE, ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as err:
        raise SendError(f"could not send to {message['To']} via {host}:{port}: {err}") from err
