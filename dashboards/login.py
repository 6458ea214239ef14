"""The team server's way in and out: the login page, logging out, and guessing held back.

flask-login keeps ``TOKEN:NAME`` in the signed session cookie, where TOKEN is
the account's session token at login; every request reloads the account and
refuses a cookie whose token is no longer the account's. Logging out (a
POST carrying the CSRF token), a new password, a new role or the account's
removal replace the token, so a cookie copied before is worth nothing.

Wrong names and wrong passwords get one answer (same page, same status,
same cost: see :func:`loadwatch.service.logins.log_in`), and the name is not
echoed back. Failures are counted per name in the store (all workers see
them): growing waits, then a lock an admin lifts with ``loadwatch user
unlock``. Flask-Limiter adds a rate per client address and per name tried;
its counters live in ``LOADWATCH_LIMITER_STORAGE_URI`` (default
``memory://``, per worker; ``redis://...`` or ``memcached://...`` share them).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import flask
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from loadwatch.errors import UsageError
from loadwatch.service import accounts, logins, passwords

if TYPE_CHECKING:
    from loadwatch.store import Store

# The login page's look, which needs no login: Bootstrap, loadwatch's stylesheet, and
# the script that sets the light or dark theme (dashboards/assets).
STYLESHEET = "/assets/loadwatch.css"
BOOTSTRAP = "/assets/0-bootstrap.min.css"
THEME = "/assets/theme.js"
LOOK = (STYLESHEET, BOOTSTRAP, THEME)
# Failed logins per client address (a club behind one NAT shares it) and per name
# tried; a login that succeeds is not counted.
PER_ADDRESS = "30 per minute;300 per hour"
# Above the lock of loadwatch's own per-name count (10 failures: service.logins),
# which acts first: `loadwatch user unlock` lifts that lock, but cannot reach
# Flask-Limiter's counters (in each worker's memory by default), which at 10 a
# minute still refused the right password after an unlock.
PER_NAME = "20 per minute"
LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>loadwatch: log in</title><script src="{{ theme }}"></script>
<link rel="stylesheet" href="{{ bootstrap }}"><link rel="stylesheet" href="{{ stylesheet }}">
</head>
<body class="login"><main class="card shadow-sm"><h1 class="h3 mb-3">loadwatch</h1>
{% if error %}<p class="alert alert-danger py-2" role="alert" id="login-error">{{ error }}</p>
{% endif %}
<form method="post" action="/login">
{{ form.csrf_token }}
<input type="hidden" name="next" value="{{ next }}">
<label class="form-label" for="name">User name</label>
{{ form.name(id="name", autocomplete="username", class_="form-control") }}
<label class="form-label" for="password">Password</label>
{{ form.password(id="password", autocomplete="current-password", class_="form-control") }}
<button class="btn btn-primary w-100" type="submit" id="login-submit">Log in</button>
</form>
<p class="small mt-3 mb-0">loadwatch informs, it does not diagnose.</p>
</main></body></html>"""


class LoginForm(FlaskForm):
    """The login form: a name and a password (and Flask-WTF's CSRF token)."""

    name = StringField("User name", validators=[DataRequired(), Length(max=logins.MAX_NAME)])
    password = PasswordField("Password", validators=[
        DataRequired(), Length(max=passwords.MAX_LENGTH)])


class SessionUser(UserMixin):
    """flask-login's view of an account; ``account`` is reloaded on every request."""

    def __init__(self, account: accounts.User):
        self.account = account

    def get_id(self) -> str:
        """What the session cookie keeps: the account's session token and name."""
        return f"{self.account.session_token}:{self.account.name}"


def load_session_user(store: Store, session_id: str) -> SessionUser | None:
    """The account a cookie names, if its token is still the account's."""
    token, sep, name = session_id.partition(":")
    if not sep:
        return None  # a cookie from before session tokens
    try:
        # Rights as they are now: a coach unassigned a minute ago sees no more.
        account = accounts.user(store, name)
    except UsageError:
        return None
    return SessionUser(account) if account.session_token == token else None


def install(server: flask.Flask, store: Store) -> None:
    """The login manager, ``/login`` and ``/logout`` on ``server``."""
    manager = LoginManager(server)
    manager.session_protection = "strong"
    manager.user_loader(lambda session_id: load_session_user(store, session_id))
    limiter = Limiter(lambda: flask.request.remote_addr or "-", app=server,
                      storage_uri=os.environ.get("LOADWATCH_LIMITER_STORAGE_URI", "memory://"),
                      key_prefix="loadwatch-login", headers_enabled=True)

    def name_tried() -> str:
        return "name:" + (flask.request.form.get("name") or "")[:logins.MAX_NAME]

    def failed(response: flask.Response) -> bool:
        return response.status_code != 302

    @limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=failed)
    @limiter.limit(PER_NAME, key_func=name_tried, methods=["POST"], deduct_when=failed)
    def login():
        form = LoginForm()
        target = local_path(flask.request.values.get("next"))
        if not form.validate_on_submit():
            error = "Wrong user name or password." if form.is_submitted() else None
            return login_page(error, 401 if error else 200)
        try:
            account = logins.log_in(store, name=form.name.data, password=form.password.data)
        except logins.LoginFailed as failed:
            page, status = login_page(str(failed), 401 if failed.retry_after is None else 429)
            headers = {} if failed.retry_after is None else {
                "Retry-After": str(failed.retry_after)}
            return page, status, headers
        flask.session.clear()  # no value from before the login survives it
        login_user(SessionUser(account))
        flask.session.permanent = True
        return flask.redirect(target)

    server.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    _logout(server, store)


def _logout(server: flask.Flask, store: Store) -> None:
    @server.route("/logout", methods=["GET", "POST"])
    def logout():
        if flask.request.method == "GET":
            # A link or an image on another site must not log anyone out.
            return flask.jsonify(error="log out with the Log out button (a POST with the "
                                 "form's token)"), 405, {"Allow": "POST"}
        if current_user.is_authenticated:
            logins.log_out(store, name=current_user.account.name)
        logout_user()
        flask.session.clear()
        return flask.redirect("/login")

    @server.errorhandler(RateLimitExceeded)
    def too_many(_err: RateLimitExceeded):
        page, _ = login_page("Too many login attempts from here: wait a minute and try "
                             "again.", 429)
        return page, 429, {"Retry-After": "60"}


def login_page(error: str | None, status: int) -> tuple[str, int]:
    """The login page, empty (nothing typed is echoed), with ``error`` shown."""
    target = local_path(flask.request.values.get("next"))
    page = flask.render_template_string(LOGIN_PAGE, form=LoginForm(formdata=None), error=error,
                                        next=target, stylesheet=STYLESHEET,
                                        bootstrap=BOOTSTRAP, theme=THEME)
    return page, status


def local_path(target: str | None) -> str:
    """Only a path on this server: never redirect a login to another site."""
    # Browsers read "/\\host" as "//host": a backslash anywhere is refused too.
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or urlsplit(target).netloc
            or any(ord(c) < 32 for c in target)):
        return "/"
    return target
