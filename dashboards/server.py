"""Team server mode: the dashboard behind logins, for gunicorn on PostgreSQL.

Sessions are flask-login's, signed with a key kept in the store (every
worker shares it) and ended on the server (logging in and out, held-back
guessing: :mod:`dashboards.login`); passwords are checked by
``loadwatch.service.logins`` (werkzeug's scrypt hashes). Forms and Dash
callbacks are protected against cross-site requests by Flask-WTF's CSRF
check: the login and logout forms carry the token in a hidden field, and
dash-renderer sends the ``_csrf_token`` cookie back as the ``X-CSRFToken``
header on every callback; the Upload page's script sends it with the files
(``POST /upload/files``, :mod:`dashboards.uploads`). Every request but the
login page needs a logged-in user.
"""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import urlencode

import flask
from flask_login import current_user
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboards import login
from dashboards.access import TeamPolicy
from dashboards.app import create_app
from loadwatch.errors import UsageError
from loadwatch.service import accounts, audit, job_queue, open_store
from loadwatch.service.accounts import AccessDenied

# Paths a visitor who is not logged in may request (the login page and its look).
PUBLIC = ("/login", "/favicon.ico", *login.LOOK)


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
        # Callbacks send small JSON; uploads go to their own route, which allows 200 MB
        # (dashboards.uploads). A body over this is refused (413) before it is parsed.
        MAX_CONTENT_LENGTH=16 * 2**20)
    hops = int(os.environ.get("LOADWATCH_PROXY_HOPS", "0") or 0)
    if hops > 0:
        # Behind a reverse proxy: the client's address is the one it forwards.
        proxied = ProxyFix(server.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        server.wsgi_app = proxied  # type: ignore[method-assign]
    CSRFProtect(server)
    login.install(server, store)
    _guards(server, secure_cookies)
    _actors(server)
    return server


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
            return login.login_page("The form expired; please try again.", 400)
        return flask.jsonify(error=f"cross-site request refused: {err.description}"), 400


def _actors(server: flask.Flask) -> None:
    """Who acts in each request, for the audit log (the logged-in user and their address)."""
    @server.before_request
    def act():
        user = current_user.account if current_user.is_authenticated else None
        flask.g.loadwatch_actor = audit.set_actor(
            user.name if user else "-", flask.request.remote_addr,
            admin=user is not None and user.role == "admin")

    @server.teardown_request
    def done(_error):
        token = flask.g.pop("loadwatch_actor", None)
        if token is not None:
            audit.reset_actor(token)


def from_environment() -> flask.Flask:
    """WSGI factory for gunicorn: ``gunicorn 'dashboards.server:from_environment()'``.

    Reads ``LOADWATCH_DB`` (a PostgreSQL URL), ``LOADWATCH_INSECURE_COOKIES=1``
    (only for plain-HTTP tests on one machine), ``LOADWATCH_PROXY_HOPS`` (how
    many reverse proxies forward ``X-Forwarded-For``; default 0) and
    ``LOADWATCH_LIMITER_STORAGE_URI`` (see :mod:`dashboards.login`).
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
        job_queue.prepare_queue(store)  # uploads are queued before a worker ever started
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
