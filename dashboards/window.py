"""The time window of the chart pages: which weeks their charts show.

A window is whole weeks (the athlete's week start): a preset (the last 4 weeks,
3 months, 16 weeks, 6 months, a year, or all) or a range chosen on the
slider. It ends with the week of the athlete's today, or with the week of the
last run when that is more than four weeks back: an old history shows its
last weeks of data, not empty ones, and the caption says when the last run
was. A history shorter than the window shows all of it.

The address keeps the window (``?window=16w``, or ``?from=YYYY-MM-DD&to=
YYYY-MM-DD`` from the slider), so a bookmark or a reload keeps it; the browser
remembers the last one chosen (a session cookie), so every chart page opens
on it. Changing it slices the frames the snapshot holds: no metric is
computed again. A preset's figures are kept with the snapshot (and shared
with other workers); a slider range's are drawn when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

import dash
import flask
import pandas as pd
from dash import ClientsideFunction, Input, Output, dcc, html

from dashboards import context, ids
from dashboards.data import figure_json, text_arrays

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from dashboards.data import DashboardData, Snapshot

# key: (label, weeks); None: the whole history.
PRESETS: dict[str, tuple[str, int | None]] = {
    "4w": ("4 weeks", 4), "3m": ("3 months", 13), "16w": ("16 weeks", 16),
    "6m": ("6 months", 26), "1y": ("1 year", 52), "all": ("All", None)}
DEFAULT = "16w"
KEYS = ("window", "from", "to")  # the address's words for a window
# A last run longer ago than this ends the window with its week, not today's.
STALE_AFTER = timedelta(weeks=4)
COOKIE = "loadwatch_window"
WEEK = timedelta(weeks=1)
EPOCH = date(1970, 1, 1)  # the slider counts days from it (its tooltip turns them into dates)
MARKS = 8  # at most this many labels under the slider: they fit a phone


@dataclass(frozen=True)
class History:
    """The weeks an athlete's frames cover, and the day of their last run."""

    first_week: date  # the first day of the first week
    last_week: date  # the first day of today's week
    last_run: date | None
    today: date

    @property
    def weeks(self) -> int:
        """How many weeks the frames hold."""
        return (self.last_week - self.first_week).days // 7 + 1

    @property
    def stale(self) -> bool:
        """The last run is more than four weeks back."""
        return self.last_run is not None and self.today - self.last_run > STALE_AFTER

    @property
    def end_week(self) -> date:
        """The week a window ends with: today's, or the last run's when that is long ago."""
        return self.week_of(self.last_run) if self.stale and self.last_run else self.last_week

    def week_of(self, day: date) -> date:
        """The first day of the week holding ``day``, within the history."""
        offset = min(max((day - self.first_week).days // 7, 0), self.weeks - 1)
        return self.first_week + offset * WEEK


def history(weeks: pd.DataFrame, days: pd.DataFrame, today: date) -> History:
    """The history of a snapshot's frames (``weeks`` and ``days`` as the metrics made them)."""
    active = days.index[(days["distance_km"] > 0) | (days["load"] > 0)]
    return History(weeks.index[0].date(), weeks.index[-1].date(),
                   active[-1].date() if len(active) else None, today)


def history_of(data: DashboardData, snapshot: Snapshot) -> History:
    """The snapshot's history, worked out once."""
    view = snapshot.view
    return data.memo(snapshot, "history",
                     lambda: history(view.weeks, view.days, snapshot.today))


@dataclass(frozen=True)
class Window:
    """Whole weeks from ``start`` (a week's first day) to ``end`` (a week's last day)."""

    start: date
    end: date
    preset: str | None  # None: a range chosen on the slider

    @property
    def weeks(self) -> int:
        """How many weeks the window holds."""
        return (self.end - self.start).days // 7 + 1

    @property
    def query(self) -> dict[str, str]:
        """The window as the address says it."""
        if self.preset is not None:
            return {"window": self.preset}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    @property
    def key(self) -> str:
        """What names the figures drawn for this window."""
        return f"{self.start}:{self.end}"

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The rows of a weekly or daily frame inside the window (a view: nothing computed)."""
        return frame.loc[pd.Timestamp(self.start):pd.Timestamp(self.end)]


def choose(history: History, preset: str | None = None, start: date | None = None,
           end: date | None = None) -> Window:
    """The window of a preset, else of ``start`` and ``end`` (whole weeks), else the default.

    A preset's window ends with :attr:`History.end_week` and starts no earlier
    than the history; a range is widened to whole weeks and kept inside it.
    """
    if preset not in PRESETS and (start is not None or end is not None):
        first = history.week_of(start) if start is not None else history.first_week
        last = history.week_of(end) if end is not None else history.last_week
        first, last = sorted((first, last))
        return Window(first, last + WEEK - timedelta(days=1), None)
    key = preset if preset in PRESETS else DEFAULT
    count = PRESETS[key][1]
    last = history.end_week
    first = history.first_week if count is None else max(history.first_week,
                                                         last - (count - 1) * WEEK)
    return Window(first, last + WEEK - timedelta(days=1), key)


def _text(value: Any) -> str | None:
    if isinstance(value, list | tuple):  # a word given twice in the address: the first
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value) or "")
    except ValueError:
        return None  # a mistyped date in the address: as if not given


def parse(values: Mapping[str, Any]) -> tuple[str | None, date | None, date | None]:
    """The preset and range an address (or the cookie) names; what cannot be read is None."""
    preset = _text(values.get("window"))
    return (preset if preset in PRESETS else None, _day(values.get("from")),
            _day(values.get("to")))


def requested(history: History, values: Mapping[str, Any]) -> Window:
    """The window a page opens on: the address's, else this browser's last, else 16 weeks.

    ``values`` are the address's query parameters. A window the address names
    becomes the browser's last, so the other chart pages follow it.
    """
    named = parse(values)
    if any(named):
        chosen = choose(history, *named)
        remember(chosen)
        return chosen
    cookie = flask.request.cookies.get(COOKIE) if flask.has_request_context() else None
    return choose(history, *parse(parse_qs(cookie or "")))


def remember(window: Window) -> None:
    """Keep ``window`` as this browser's last (on the answer of the callback being served)."""
    try:
        response = dash.ctx.response
    except Exception:  # not inside a Dash callback (a unit test)
        return
    response.set_cookie(COOKIE, urlencode(window.query), samesite="Lax", httponly=True)


def _epoch(day: date) -> int:
    return (day - EPOCH).days


def slider_value(window: Window) -> list[int]:
    """The slider's two handles: the first days of the window's first and last weeks."""
    return [_epoch(window.start), _epoch(window.end - timedelta(days=6))]


def from_slider(history: History, value: list[int]) -> Window:
    """The window of the slider's handles; a preset's when it covers the same weeks."""
    start, end = (EPOCH + timedelta(days=int(v)) for v in sorted(value))
    chosen = choose(history, start=start, end=end + timedelta(days=6))
    return next((w for w in (choose(history, p) for p in PRESETS) if w.key == chosen.key),
                chosen)


def marks(history: History) -> dict[int, str]:
    """Labels under the slider: years on a long history, months on a short one."""
    weeks = pd.date_range(history.first_week, history.last_week, freq="7D")
    if history.weeks > 78:
        starts = weeks[pd.Series(weeks.year).diff().fillna(0).to_numpy() > 0]
        label = "%Y"
    else:
        starts = weeks[pd.Series(weeks.month).diff().fillna(0).to_numpy() != 0]
        label = "%b"
    step = max(1, -(-len(starts) // MARKS))
    return {_epoch(d.date()): d.strftime(label) for d in starts[::-1][::step][::-1]}


def _on(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def caption(history: History, window: Window) -> str:
    """What the window shows, in words, and when the last run was if it is long ago."""
    weeks = f"{window.weeks} week{'s' if window.weeks != 1 else ''}"
    # The start's year only when it differs: "6 Jul – 25 Oct 2026", "3 Nov 2025 – 1 Feb 2026".
    start = (f"{window.start.day} {window.start:%b}" if window.start.year == window.end.year
             else _on(window.start))
    said = f"{weeks}: {start} – {_on(window.end)}"
    label, count = PRESETS[window.preset] if window.preset else ("", None)
    if window.preset == "all" or (count is not None and count > window.weeks):
        said = f"All {said}" + (f" (shorter than {label})" if count else "")
    if history.stale and history.last_run is not None:
        ago = (history.today - history.last_run).days // 7
        said += f". Last run: {_on(history.last_run)} ({ago} weeks ago)"
    return said + "."


def controls(page: str, history: History, window: Window) -> html.Div:
    """The presets, the slider and the caption; the address follows them (``window.js``)."""
    return html.Div(className="window", children=[
        dcc.RadioItems(id=ids.window(page, "preset"), value=window.preset, inline=True,
                       className="window-presets",
                       options=[{"label": label, "value": key}
                                for key, (label, _) in PRESETS.items()]),
        dcc.RangeSlider(id=ids.window(page, "range"), min=_epoch(history.first_week),
                        max=_epoch(history.last_week) + 7 * (history.weeks < 2), step=7,
                        value=slider_value(window),
                        marks=marks(history), allow_direct_input=False,
                        disabled=history.weeks < 2, className="window-range",
                        tooltip={"placement": "bottom", "transform": "loadwatchWeek"}),
        html.P(caption(history, window), id=ids.window(page, "caption"),
               className="window-caption"),
        dcc.Store(id=ids.window_query(page), data=window.query)])


def inputs(page: str) -> list[Input]:
    """The inputs of ``page``'s window, for its callback: the preset, the slider."""
    return [Input(ids.window(page, "preset"), "value"), Input(ids.window(page, "range"), "value")]


def outputs(page: str) -> list[Output]:
    """What a window change updates besides the charts: the controls and the address."""
    return [Output(ids.window(page, "preset"), "value"),
            Output(ids.window(page, "range"), "value"),
            Output(ids.window(page, "caption"), "children"),
            Output(ids.window_query(page), "data")]


def changed(page: str, history: History, preset: str | None,
            value: list[int] | None) -> tuple[Window, tuple]:
    """The window the controls ask for, and the values of :func:`outputs`.

    A preset moves the slider; the slider selects the preset it matches, if
    any. Triggered by another input of the page, the window is as it was.
    """
    trigger = dash.ctx.triggered_id
    if trigger == ids.window(page, "range") and value:
        chosen = from_slider(history, value)
        shown: tuple = (chosen.preset, dash.no_update)
    elif trigger == ids.window(page, "preset") and preset in PRESETS:
        chosen = choose(history, preset)
        shown = (dash.no_update, slider_value(chosen))
    else:
        chosen = choose(history, preset) if preset in PRESETS else from_slider(
            history, value or slider_value(choose(history)))
        return chosen, (dash.no_update,) * 4
    remember(chosen)
    return chosen, (*shown, caption(history, chosen), chosen.query)


def figure(data: DashboardData, snapshot: Snapshot, name: str, window: Window,
           build: Callable[[], go.Figure | dict]) -> dict:
    """The figure ``name`` over ``window``: a preset's kept with the snapshot, a range's drawn."""
    if window.preset is not None:
        return data.figure(snapshot, f"{name}@{window.key}", lambda _: build())
    return text_arrays(figure_json(build()))


# The address follows the window without the page being drawn again (window.js).
context.clientside_callback(
    ClientsideFunction("loadwatch", "keepWindow"),
    Output({"type": ids.WINDOW_QUERY, "page": dash.MATCH}, "modified_timestamp"),
    Input({"type": ids.WINDOW_QUERY, "page": dash.MATCH}, "data"))
