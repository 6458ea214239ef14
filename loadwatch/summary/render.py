"""The weekly summary in words: text, Markdown, HTML (e-mail safe) and JSON.

Every renderer says the same: :func:`lines` words the summary once, as
(heading, sentence) pairs, in the athlete's units.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.settings import web_address
from loadwatch.summary.ahead import (
    Suggestion,
    long_run_sentence,
    ramp_sentence,
    range_sentence,
)
from loadwatch.summary.ahead import distance_text as _distance
from loadwatch.summary.week import Summary
from loadwatch.vocabulary import RAISED_SPIKE_BANDS

if TYPE_CHECKING:
    from loadwatch.metrics.ahead import FitnessRamp, LongRunLimit

Lines = list[tuple[str, str]]


def _this_week(summary: Summary) -> Lines:
    if summary.runs == 0:
        return [("This week", "No runs this week.")]
    units, versus = summary.units, ""
    if summary.previous_distance_km is not None:
        versus = f", against {_distance(summary.previous_distance_km, units)} the week before"
    if summary.four_week_average_km is not None:
        versus += (" and a four-week average of "
                   f"{_distance(summary.four_week_average_km, units)}")
    return [("This week", f"{summary.runs} runs, "
                          f"{_distance(summary.distance_km, units)}{versus}.")]


def _change_and_longest(summary: Summary) -> Lines:
    result = []
    if summary.change_pct is not None:
        verdict = ("above the 10% rule of thumb" if summary.exceeds_10pct
                   else "within the 10% rule of thumb")
        result.append(("Change", f"{summary.change_pct:+.0f}% ({summary.band}), {verdict}."))
    if summary.longest_run_km is not None:
        spike = (f", a {summary.spike_band} spike ({summary.spike_ratio:.2f} times your "
                 "longest of the 30 days before)") if summary.spike_band in (
            RAISED_SPIKE_BANDS) else ""
        result.append(("Longest run",
                       f"{_distance(summary.longest_run_km, summary.units)}{spike}."))
    return result


def _mix(summary: Summary) -> Lines:
    result = []
    if summary.acwr:
        result.append(("Acute:chronic", f"{summary.acwr.value:.2f} "
                       f"({summary.acwr.zone}; a contested ratio: read it as a trend)."))
    if summary.intensity:
        shares = summary.intensity
        result.append(("Intensity", f"{shares['easy']:.0%} easy, {shares['moderate']:.0%} "
                       f"moderate, {shares['hard']:.0%} hard."))
    if summary.surface_km:
        mix = ", ".join(f"{surface} {_distance(km, summary.units)}" for surface, km in
                        sorted(summary.surface_km.items(), key=lambda kv: -kv[1]))
        result.append(("Surfaces", mix + "."))
    return result


def _flags_and_diary(summary: Summary) -> Lines:
    result = [(f"Flag ({item.severity})", f"{item.title}. {item.why} {item.action}")
              for item in summary.flags if item.severity != "urgent"]
    for entry in summary.diary:
        names = ", ".join(name for _, name in entry.conditions) or "no condition fits"
        result.append(("Diary", f"{entry.date}: {entry.location.replace('_', ' ')} pain "
                       f"{entry.pain}/10, {entry.urgency.replace('_', ' ')}; fits {names}."))
    return result


def look_ahead_lines(advice: Suggestion | None, long_run: LongRunLimit | None,
                     ramp: FitnessRamp | None, units: str, *, week: str = "this week's",
                     heading: str = "Next week") -> Lines:
    """The longest next run, the fitness ramp and the coming week's range, worded once.

    Parameters
    ----------
    advice : Suggestion or None
        The coming week's suggestion (None: no finished week to judge from).
    long_run : LongRunLimit or None
        ``metrics.ahead.long_run_limit``.
    ramp : FitnessRamp or None
        ``metrics.ahead.fitness_ramp``.
    units : {"km", "mi"}
        The athlete's unit.
    week : str, default "this week's"
        How the week the range comes from is named.
    heading : str, default "Next week"
        The range's heading (the Overview: the week under way).

    Returns
    -------
    list of (str, str)
        "Longest next run", "Fitness ramp" and "Next week"; while a red flag
        stands no run length is suggested, and a cut-back keeps it short.
    """
    kind = None if advice is None else advice.kind
    longest = ("None until a clinician has seen you: a red flag stands."
               if kind == "see_clinician" else long_run_sentence(long_run, units))
    if kind == "cut_back" and long_run is not None:
        longest += " This is a cut-back week: keep the long run shorter than your last one."
    result = [("Longest next run", longest), ("Fitness ramp", ramp_sentence(ramp))]
    if advice is not None:
        result.append((heading, range_sentence(advice, units, week)))
    return result


def lines(summary: Summary) -> Lines:
    """The summary in words, red flags first.

    Parameters
    ----------
    summary : Summary
        The week's summary.

    Returns
    -------
    list of (str, str)
        (heading, sentence) pairs: red flags, this week, change, longest run,
        acute:chronic, intensity, surfaces, flags, diary, then the look ahead:
        the longest next run, the fitness ramp and next week.
    """
    red = [("Red flag", f"{item.title}: {item.why}") for item in summary.red_flags]
    return [*red, *_this_week(summary), *_change_and_longest(summary), *_mix(summary),
            *_flags_and_diary(summary),
            *look_ahead_lines(summary.suggestion, summary.long_run, summary.ramp,
                              summary.units)]


def render_text(summary: Summary) -> str:
    """The summary as plain text (the terminal, the e-mail's text part).

    Parameters
    ----------
    summary : Summary
        The week's summary.

    Returns
    -------
    str
        A header line, the lines, the dashboard's address and the
        not-a-diagnosis note.
    """
    header = f"loadwatch: your week of {summary.week_start} to {summary.week_end}"
    body = [f"{heading}: {sentence}" for heading, sentence in lines(summary)]
    footer = [NOT_A_DIAGNOSIS]
    if (url := _link(summary)) is not None:
        footer.insert(0, f"Dashboard: {url}")
    return "\n".join([header, "", *body, "", *footer]) + "\n"


def _link(summary: Summary) -> str | None:
    """The dashboard's address when it is one a link may carry (http or https), else None.

    Settings refuse other kinds; this checks again, for a summary built by hand.
    """
    if not summary.dashboard_url:
        return None
    try:
        return web_address(summary.dashboard_url)
    except ValueError:
        return None


def render_markdown(summary: Summary) -> str:
    """The summary as Markdown: a heading and a bullet per line.

    Parameters
    ----------
    summary : Summary
        The week's summary.

    Returns
    -------
    str
        Markdown text.
    """
    body = [f"- **{heading}:** {sentence}" for heading, sentence in lines(summary)]
    footer = f"\n_{NOT_A_DIAGNOSIS}_\n"
    url = _link(summary)
    link = f"\n[Open the dashboard](<{url}>)\n" if url is not None else ""
    return (f"# Your week of {summary.week_start} to {summary.week_end}\n\n"
            + "\n".join(body) + "\n" + link + footer)


def render_json(summary: Summary) -> str:
    """The summary as JSON (``Summary.as_dict()``, indented by two).

    Parameters
    ----------
    summary : Summary
        The week's summary.

    Returns
    -------
    str
        JSON text; distances in km at full precision.
    """
    return json.dumps(summary.as_dict(), indent=2, default=str)


def render_html(summary: Summary) -> str:
    """The summary as an e-mail-safe page: inline styles, a table bar chart, no scripts.

    Parameters
    ----------
    summary : Summary
        The week's summary.

    Returns
    -------
    str
        An HTML document without scripts or images.
    """
    rows = "".join(
        f'<tr><td style="padding:4px 8px;font-weight:bold;vertical-align:top;'
        f'color:{"#b30000" if heading == "Red flag" else "#222"}">{html.escape(heading)}</td>'
        f'<td style="padding:4px 8px">{html.escape(sentence)}</td></tr>'
        for heading, sentence in lines(summary))
    url = _link(summary)
    link = (f'<p><a href="{html.escape(url)}" style="color:#0b5cad">'
            "Open the dashboard</a></p>") if url is not None else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<title>Your week of {summary.week_start}</title></head>'
        '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px">'
        f'<h1 style="font-size:20px">Your week of {summary.week_start} to '
        f'{summary.week_end}</h1>{_bars(summary)}'
        f'<table style="border-collapse:collapse;font-size:14px">{rows}</table>{link}'
        f'<p style="font-size:12px;color:#555">{html.escape(NOT_A_DIAGNOSIS)}</p>'
        "</body></html>")


def _bars(summary: Summary) -> str:
    """Bars of the week's distance, the week before's and the four-week average."""
    values = [("This week", summary.distance_km, "#0072b2"),
              ("Week before", summary.previous_distance_km, "#999999"),
              ("4-week average", summary.four_week_average_km, "#999999")]
    known = [v for _, v, _ in values if v]
    if not known:
        return ""
    top = max(known)
    cells = []
    for label, value, colour in values:
        width = 0 if not value else max(1, round(300 * value / top))
        cells.append(
            f'<tr><td style="padding:2px 8px;font-size:13px">{label}</td><td>'
            f'<div style="background:{colour};height:14px;width:{width}px"></div></td>'
            f'<td style="padding:2px 8px;font-size:13px">{_distance(value, summary.units)}'
            "</td></tr>")
    return (f'<table role="presentation" style="margin:8px 0 16px 0" '
            f'aria-label="weekly distance">{"".join(cells)}</table>')


RENDERERS: dict[str, Callable[[Summary], str]] = {
    "text": render_text, "markdown": render_markdown, "html": render_html,
    "json": render_json}
