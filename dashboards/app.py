"""The Dash app: ``create_app(store)`` puts the pages (``dashboards.pages``) in one frame.

Each page's layout and callbacks live in its own module, the frame around them
(header, athlete selector, footer) in ``dashboards.frame``; the export
download, a plain Flask route, lives here; the upload's route in ``dashboards.uploads``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import dash
import flask

from dashboards import context, guard, pages, uploads
from dashboards.access import LocalPolicy, Policy
from dashboards.data import DashboardData
from loadwatch.service.exchange import export_athlete

if TYPE_CHECKING:
    from loadwatch.store import Store


def create_app(store: Store, athlete: str = "me", policy: Policy | None = None,
               **dash_options) -> dash.Dash:
    """A Dash app over ``store``; assets are served locally, nothing is fetched.

    Parameters
    ----------
    store : Store
    athlete : str
        Local mode: the athlete shown first; with several athletes in the
        store, a selector switches (``?athlete=NAME``).
    policy : Policy, optional
        Who may see and change what; default :class:`LocalPolicy`. A team
        server passes a ``TeamPolicy``: the athlete then comes from the login
        session and every page and callback checks the user's rights.
    **dash_options
        Passed to ``dash.Dash``.
    """
    data = DashboardData(store)
    policy = policy or LocalPolicy(store, athlete)
    # Plotly's script (3.5 MB) comes with the first page, not on the first chart:
    # the first click to a chart page took 2.8-3.4 s instead of 0.8 s (bench_dashboard).
    dash_options.setdefault("eager_loading", True)
    # Dash turns async whenever asgiref is installed (procrastinate brings it); our
    # callbacks are plain functions, and async endpoints fail in any thread that already
    # runs an event loop (a WSGI worker's job client, Playwright's sync API in tests).
    dash_options.setdefault("use_async", False)
    app = dash.Dash(__name__, use_pages=True, pages_folder="", title="loadwatch",
                    serve_locally=True, suppress_callback_exceptions=True, **dash_options)
    pages.register_all()
    from dashboards import frame  # after the pages: it links to each

    context.install(app.server, data, policy)
    app.layout = frame.layout
    app.index_string = frame.index_string(app)
    context.register_callbacks(app)
    guard.install(app)  # malformed callback requests: 400 with a reason, before any callback
    app.server.add_url_rule("/download/export.zip", "download_export", download_export)
    uploads.install(app.server)  # the Upload page's files: POST /upload/files, streamed
    if (first := policy.athlete_to_prepare()) is not None:
        data.prepare(first)
    return app


def download_export() -> flask.Response:
    """The athlete's export zip (``loadwatch export``), to whom may write their data."""
    store = context.current().store
    athlete = context.current().policy.athlete(flask.request.args.get("athlete"))
    context.current().policy.require("write", athlete)  # one's own data (or an admin)
    if athlete not in context.current().policy.visible_athletes():
        flask.abort(404, description=f"no athlete named {athlete!r} here")
    folder = Path(tempfile.mkdtemp(prefix="loadwatch-export-"))
    path = folder / "export.zip"
    export_athlete(store, athlete=athlete, path=path)  # type: ignore[arg-type]  # require refuses None

    @flask.after_this_request
    def remove(response):
        # The response holds the file open; on POSIX it stays readable once unlinked.
        path.unlink(missing_ok=True)
        folder.rmdir()
        return response

    return flask.send_file(path, as_attachment=True, download_name=f"loadwatch-{athlete}.zip")
