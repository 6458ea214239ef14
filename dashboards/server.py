"""Team server mode: the dashboard behind logins, for gunicorn on PostgreSQL.

Sessions are flask-login's, signed with a key kept in the store (every
worker shares it); passwords are checked by ``loadwatch.service.accounts``
(werkzeug's scrypt hashes). Forms and Dash callbacks are protected against
cross-site requests by Flask-WTF's CSRF check: the login form carries the
token in a hidden field, and dash-renderer sends the ``_csrf_token`` cookie
back as the ``X-CSRFToken`` header on every callback. Every request but the
login page needs a logged-in user.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

import flask
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired

from dashboards.access import TeamPolicy
from dashboards.app import create_app
from loadwatch.errors import UsageError
from loadwatch.service import accounts, open_store
from loadwatch.service.accounts import AccessDenied

if TYPE_CHECKING:
    from loadwatch.store import Store

# Paths a visitor who is not logged in may request (the login page and its look:
# Bootstrap, loadwatch's stylesheet, and the script that sets the light or dark theme).
STYLESHEET = "/assets/loadwatch.css"
BOOTSTRAP = "/assets/0-bootstrap.min.css"
THEME = "/assets/theme.js"
PUBLIC = ("/login", "/favicon.ico", STYLESHEET, BOOTSTRAP, THEME)
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

    name = StringField("User name", validators=[DataRequired()])
    password = PasswordField("Password", validators=[DataRequired()])


class SessionUser(UserMixin):
    """flask-login's view of an account; ``account`` is reloaded on every request."""

    def __init__(self, account: accounts.User):
        self.account = account

    def get_id(self) -> str:
        """The account's name: what the session cookie keeps."""
        return self.account.name


def create_server(url: str, *, secure_cookies: bool = True) -> flask.Flask:
    """The WSGI application of a team server over the store at ``url``."""
    store = open_store(url)
    app = create_app(store, policy=TeamPolicy(store))
    server = app.server
    server.config.update(
        SECRET_KEY=accounts.shared_secret(store, "session_key"),
        SESSION_COOKIE_SECURE=secure_cookies, SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", REMEMBER_COOKIE_SECURE=secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=12 * 3600, WTF_CSRF_SSL_STRICT=secure_cookies,
        MAX_CONTENT_LENGTH=300 * 2**20)
    CSRFProtect(server)
    _logins(server, store)
    _guards(server, secure_cookies)
    return server


def _logins(server: flask.Flask, store: Store) -> None:
    manager = LoginManager(server)
    manager.session_protection = "strong"

    @manager.user_loader
    def load_user(name: str) -> SessionUser | None:
        try:
            # Rights as they are now: a coach unassigned a minute ago sees no more.
            return SessionUser(accounts.user(store, name))
        except UsageError:
            return None

    @server.route("/login", methods=["GET", "POST"])
    def login():
        form = LoginForm()
        error = None
        target = _local_path(flask.request.values.get("next"))
        if form.validate_on_submit():
            account = accounts.authenticate(store, form.name.data, form.password.data)
            if account is not None:
                flask.session.clear()
                login_user(SessionUser(account))
                flask.session.permanent = True
                return flask.redirect(target)
            error = "Wrong user name or password."
        return login_page(error, 401 if error else 200, form)

    @server.route("/logout")
    def logout():
        logout_user()
        flask.session.clear()
        return flask.redirect("/login")


def login_page(error: str | None, status: int, form: LoginForm | None = None):
    """The login page with ``error`` shown, answered with ``status``."""
    target = _local_path(flask.request.values.get("next"))
    page = flask.render_template_string(LOGIN_PAGE, form=form or LoginForm(), error=error,
                                        next=target, stylesheet=STYLESHEET,
                                        bootstrap=BOOTSTRAP, theme=THEME)
    return page, status


def _local_path(target: str | None) -> str:
    """Only a path on this server: never redirect a login to another site."""
    # Browsers read "/\\host" as "//host": a backslash anywhere is refused too.
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or urlsplit(target).netloc
            or any(ord(c) < 32 for c in target)):
        return "/"
    return target


def _guards(server: flask.Flask, secure_cookies: bool) -> None:
    @server.before_request
    def require_login():
        if flask.request.path in PUBLIC or current_user.is_authenticated:
            return None
        if flask.request.path.startswith("/_dash") or flask.request.method != "GET":
            return flask.jsonify(error="log in first"), 401
        return flask.redirect("/login?" + urlencode({"next": flask.request.full_path.rstrip("?")}))

    # First of all: before Dash's own set-up and the CSRF check.
    hooks = server.before_request_funcs.setdefault(None, [])
    hooks.insert(0, hooks.pop(hooks.index(require_login)))

    @server.after_request
    def csrf_cookie(response: flask.Response) -> flask.Response:
        # dash-renderer reads this cookie and sends it back as X-CSRFToken.
        if current_user.is_authenticated:
            response.set_cookie("_csrf_token", generate_csrf(), secure=secure_cookies,
                                samesite="Strict", httponly=False)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    @server.errorhandler(AccessDenied)
    def denied(err: AccessDenied):
        return flask.jsonify(error=str(err)), 403

    @server.errorhandler(CSRFError)
    def bad_token(err: CSRFError):
        if flask.request.path == "/login":
            return login_page("The form expired; please try again.", 400)
        return flask.jsonify(error=f"cross-site request refused: {err.description}"), 400


def from_environment() -> flask.Flask:
    """WSGI factory for gunicorn: ``gunicorn 'dashboards.server:from_environment()'``.

    Reads ``LOADWATCH_DB`` (a PostgreSQL URL) and ``LOADWATCH_INSECURE_COOKIES=1``
    (only for plain-HTTP tests on one machine).
    """
    url = os.environ.get("LOADWATCH_DB", "")
    check_server_url(url)
    return create_server(url, secure_cookies=os.environ.get("LOADWATCH_INSECURE_COOKIES") != "1")


def check_server_url(url: str | None) -> None:
    """Refuse anything but a PostgreSQL URL (a team server's workers share one database)."""
    if not url or not url.startswith("postgresql"):
        raise UsageError("a team server needs a PostgreSQL store: pass --db "
                         "postgresql+psycopg://USER:PASSWORD@HOST/DB (or set LOADWATCH_DB)")


def run_server(url: str, *, host: str, port: int, workers: int, secure_cookies: bool,
               certfile: str | None = None, keyfile: str | None = None) -> None:
    """Serve with gunicorn: ``workers`` processes, each with its own app and connections."""
    from gunicorn.app.base import BaseApplication

    check_server_url(url)
    store = open_store(url)  # migrate once, before the workers start
    try:
        if not accounts.has_users(store):
            raise UsageError("no accounts yet: add one first with "
                             "`loadwatch user add NAME --role admin`")
        accounts.shared_secret(store, "session_key")
    finally:
        store.close()

    class Server(BaseApplication):
        def load_config(self):
            options = {"bind": f"{host}:{port}", "workers": workers, "timeout": 120,
                       "accesslog": "-", "certfile": certfile, "keyfile": keyfile}
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            # Called in each worker after the fork: no connection is shared.
            return create_server(url, secure_cookies=secure_cookies)

    Server().run()
