"""The weekly summary: data first, then text, Markdown, HTML and JSON renderers.

Pure: the load engine's frames, the week's diary entries and the risk flags
in, a plain-language summary out. A red flag stands above everything and
replaces the training suggestion with "see a clinician". Numbers follow the
athlete's units; days are the athlete's local days.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Mapping
from datetime import date, timedelta

import pandas as pd

from loadwatch.guidance import NOT_A_DIAGNOSIS
from loadwatch.metrics.ratios import acwr_zone

METRES_PER = {"km": 1000.0, "mi": 1609.344}
CUT_BACK = 0.75  # a cut-back week: about a quarter less


def build_summary(week_start: date, activities: pd.DataFrame, days: pd.DataFrame,
                  weeks: pd.DataFrame, diary: list[dict], flags: list[dict],
                  settings: Mapping[str, object], dashboard_url: str | None = None) -> dict:
    """Everything the weekly summary says, as data (the JSON format is this)."""
    start = pd.Timestamp(week_start)
    end = start + pd.Timedelta(days=6)
    week = weeks.loc[start] if start in weeks.index else None
    previous = weeks.loc[start - pd.Timedelta(days=7)] if (
        start - pd.Timedelta(days=7)) in weeks.index else None
    week_flags = [f for f in flags if f["date"] and
                  start.date().isoformat() <= f["date"] <= end.date().isoformat()]
    entries = [e for e in diary if start.date().isoformat() <= e["date"] <=
               end.date().isoformat()]
    red = [f for f in week_flags if f["severity"] == "urgent"] + [
        {"title": "See a clinician", "why": r["reason"]} for e in entries
        for r in e.get("red_flags", []) if r["urgency"] == "see_clinician"]
    summary = {
        "week_start": start.date().isoformat(), "week_end": end.date().isoformat(),
        "units": str(settings.get("units", "km")),
        "timezone": str(settings.get("timezone")),
        "distance_km": _float(week, "distance_km", 0.0),
        "runs": int(week["runs"]) if week is not None else 0,
        "previous_distance_km": _float(previous, "distance_km"),
        "previous_runs": int(previous["runs"]) if previous is not None else None,
        "four_week_average_km": _four_week_average(weeks, start),
        "change_pct": _float(week, "change_pct"),
        "band": _text(week, "band"),
        "exceeds_10pct": None if week is None or _missing(week["exceeds_10pct"]) else bool(
            week["exceeds_10pct"]),
        "longest_run_km": _float(week, "longest_run_km"),
        "spike_ratio": _float(week, "spike_ratio"),
        "spike_band": _text(week, "spike_band"),
        "acwr": _acwr(days, end),
        "intensity": week["intensity"] if week is not None and isinstance(
            week["intensity"], dict) else None,
        "surface_km": week["surface_km"] if week is not None and isinstance(
            week["surface_km"], dict) else {},
        "flags": week_flags,
        "diary": [{"date": e["date"], "location": e["location"], "pain": e["pain"],
                   "urgency": e["urgency"],
                   "conditions": [{"id": c["id"], "name": c["name"]}
                                  for c in e["conditions"][:3]]} for e in entries],
        "red_flags": red,
        "dashboard_url": dashboard_url,
        "not_a_diagnosis": NOT_A_DIAGNOSIS,
    }
    summary["suggestion"] = suggestion(summary)
    return summary


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _float(row, column: str, default=None):
    if row is None or _missing(row[column]):
        return default
    return float(row[column])


def _text(row, column: str):
    if row is None or _missing(row[column]) or pd.isna(row[column]):
        return None
    return str(row[column])


def _four_week_average(weeks: pd.DataFrame, start: pd.Timestamp) -> float | None:
    if weeks.empty:
        return None
    before = weeks[(weeks.index < start) & (weeks.index >= start - pd.Timedelta(weeks=4))]
    return float(before["distance_km"].mean()) if len(before) == 4 else None


def _acwr(days: pd.DataFrame, end: pd.Timestamp) -> dict | None:
    if days.empty or end not in days.index:
        return None
    value = days.loc[end, "acwr_ewma"]
    if _missing(value):
        return None
    return {"value": float(value), "zone": acwr_zone(float(value))}


def suggestion(summary: dict) -> dict:
    """Next week: a distance range that respects the flags, a cut-back, or a clinician."""
    if summary["red_flags"]:
        return {"kind": "see_clinician",
                "text": "See a clinician before you run again: a red flag stands. No training "
                        "plan replaces that visit."}
    distance = summary["distance_km"]
    if distance == 0:
        return {"kind": "restart", "text": "No runs this week. If you are healthy, restart "
                "with short easy runs below your last normal week."}
    severities = {f["severity"] for f in summary["flags"]}
    if "high" in severities or (summary["acwr"] or {}).get("zone") in ("caution", "danger"):
        low, high = distance * 0.7, distance * CUT_BACK
        return {"kind": "cut_back", "low_km": low, "high_km": high,
                "text": "Take a cut-back week: this week raised high-level flags."}
    if "caution" in severities:
        return {"kind": "hold", "low_km": distance * 0.9, "high_km": distance,
                "text": "Hold your distance this week: no increase until the flags clear."}
    return {"kind": "build", "low_km": distance, "high_km": distance * 1.1,
            "text": "You can build gently: stay within 10% of this week."}


def _distance(km: float | None, units: str) -> str:
    if km is None:
        return "-"
    return f"{km * 1000 / METRES_PER[units]:.1f} {units}"


def lines(summary: dict) -> list[tuple[str, str]]:
    """The summary as (heading, sentence) pairs: every renderer says the same."""
    units = summary["units"]
    result = []
    for red in summary["red_flags"]:
        result.append(("Red flag", f"{red['title']}: {red['why']}"))
    if summary["runs"] == 0:
        result.append(("This week", "No runs this week."))
    else:
        versus = ""
        if summary["previous_distance_km"] is not None:
            before = _distance(summary["previous_distance_km"], units)
            versus = f", against {before} the week before"
        if summary["four_week_average_km"] is not None:
            versus += (f" and a four-week average of "
                       f"{_distance(summary['four_week_average_km'], units)}")
        result.append(("This week", f"{summary['runs']} runs, "
                       f"{_distance(summary['distance_km'], units)}{versus}."))
    if summary["change_pct"] is not None:
        verdict = ("above the 10% rule of thumb" if summary["exceeds_10pct"]
                   else "within the 10% rule of thumb")
        result.append(("Change", f"{summary['change_pct']:+.0f}% ({summary['band']}), {verdict}."))
    if summary["longest_run_km"] is not None:
        spike = (f", a {summary['spike_band']} spike ({summary['spike_ratio']:.2f} times your "
                 "longest of the 30 days before)") if summary["spike_band"] in (
            "small", "moderate", "large") else ""
        result.append(("Longest run", f"{_distance(summary['longest_run_km'], units)}{spike}."))
    if summary["acwr"]:
        result.append(("Acute:chronic", f"{summary['acwr']['value']:.2f} "
                       f"({summary['acwr']['zone']}; a contested ratio: read it as a trend)."))
    if summary["intensity"]:
        shares = summary["intensity"]
        result.append(("Intensity", f"{shares['easy']:.0%} easy, {shares['moderate']:.0%} "
                       f"moderate, {shares['hard']:.0%} hard."))
    if summary["surface_km"]:
        mix = ", ".join(f"{surface} {_distance(km, units)}" for surface, km in
                        sorted(summary["surface_km"].items(), key=lambda kv: -kv[1]))
        result.append(("Surfaces", mix + "."))
    for item in summary["flags"]:
        if item["severity"] != "urgent":
            result.append((f"Flag ({item['severity']})",
                           f"{item['title']}. {item['why']} {item['action']}"))
    for entry in summary["diary"]:
        names = ", ".join(c["name"] for c in entry["conditions"]) or "no condition fits"
        result.append(("Diary", f"{entry['date']}: {entry['location'].replace('_', ' ')} pain "
                       f"{entry['pain']}/10, {entry['urgency'].replace('_', ' ')}; fits "
                       f"{names}."))
    advice = summary["suggestion"]
    text = advice["text"]
    if "low_km" in advice:
        text += (f" Aim for {_distance(advice['low_km'], units)} to "
                 f"{_distance(advice['high_km'], units)}.")
    result.append(("Next week", text))
    return result


def render_text(summary: dict) -> str:
    header = f"loadwatch: your week of {summary['week_start']} to {summary['week_end']}"
    body = [f"{heading}: {sentence}" for heading, sentence in lines(summary)]
    footer = [summary["not_a_diagnosis"]]
    if summary["dashboard_url"]:
        footer.insert(0, f"Dashboard: {summary['dashboard_url']}")
    return "\n".join([header, "", *body, "", *footer]) + "\n"


def render_markdown(summary: dict) -> str:
    body = [f"- **{heading}:** {sentence}" for heading, sentence in lines(summary)]
    footer = f"\n_{summary['not_a_diagnosis']}_\n"
    link = f"\n[Open the dashboard]({summary['dashboard_url']})\n" if summary[
        "dashboard_url"] else ""
    return (f"# Your week of {summary['week_start']} to {summary['week_end']}\n\n"
            + "\n".join(body) + "\n" + link + footer)


def render_json(summary: dict) -> str:
    return json.dumps(summary, indent=2, default=str)


def render_html(summary: dict) -> str:
    """An e-mail-safe page: inline styles, a table bar chart, no scripts or images."""
    rows = "".join(
        f'<tr><td style="padding:4px 8px;font-weight:bold;vertical-align:top;'
        f'color:{"#b30000" if heading == "Red flag" else "#222"}">{html.escape(heading)}</td>'
        f'<td style="padding:4px 8px">{html.escape(sentence)}</td></tr>'
        for heading, sentence in lines(summary))
    link = (f'<p><a href="{html.escape(summary["dashboard_url"])}" style="color:#0b5cad">'
            "Open the dashboard</a></p>") if summary["dashboard_url"] else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<title>Your week of {summary["week_start"]}</title></head>'
        '<body style="font-family:Arial,Helvetica,sans-serif;color:#222;max-width:640px">'
        f'<h1 style="font-size:20px">Your week of {summary["week_start"]} to '
        f'{summary["week_end"]}</h1>{_bars(summary)}'
        f'<table style="border-collapse:collapse;font-size:14px">{rows}</table>{link}'
        f'<p style="font-size:12px;color:#555">{html.escape(summary["not_a_diagnosis"])}</p>'
        "</body></html>")


def _bars(summary: dict) -> str:
    """This week against the week before and the four-week average, as table bars."""
    units = summary["units"]
    values = [("This week", summary["distance_km"], "#0072b2"),
              ("Week before", summary["previous_distance_km"], "#999999"),
              ("4-week average", summary["four_week_average_km"], "#999999")]
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
            f'<td style="padding:2px 8px;font-size:13px">{_distance(value, units)}</td></tr>')
    return (f'<table role="presentation" style="margin:8px 0 16px 0" '
            f'aria-label="weekly distance">{"".join(cells)}</table>')


RENDERERS = {"text": render_text, "markdown": render_markdown, "html": render_html,
             "json": render_json}


def week_of(day: date, week_start: str) -> date:
    """The first day of the week ``day`` belongs to."""
    first = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
             "sunday").index(week_start)
    return day - timedelta(days=(day.weekday() - first) % 7)
