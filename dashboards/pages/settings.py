"""Settings: every athlete setting, estimates from the runs, and the data as one export zip.

The form is made from ``loadwatch.settings.SETTINGS``: a setting added there
appears here by itself (in "More settings" until ``GROUPS`` places it). Each
field is saved when it changes (a typed value on Enter or on leaving the
field) through ``change_settings``, the command line's checks; the reason for
a refusal shows beside the field. An estimate's "Use" button puts its value in
the field, which saves it the same way.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import dash
from dash import ALL, Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import components, context, guard, ids
from dashboards.components import setting_label, setting_name
from loadwatch.errors import SettingsRefused
from loadwatch.service.estimates import ESTIMATED, Estimate, estimate_settings
from loadwatch.service.settings import athlete_settings, change_settings
from loadwatch.service.views import data_version
from loadwatch.settings import SETTINGS, Settings

dash.register_page(__name__, path="/settings", name="Settings", order=100)

EXPORT_TEXT = ("Everything loadwatch holds for you (activities with samples, the diary, "
               "settings, your original files) as one zip of CSV and JSON: ")
# The page's groups, in order; SMTP's in a part opened on demand (the password is
# never stored: it comes from LOADWATCH_SMTP_PASSWORD where summaries are sent).
GROUPS = (("Body and heart rate", ("sex", "max_hr", "resting_hr", "threshold_hr")),
          ("Pace", ("threshold_pace",)),
          ("Bone-stress profile", ("prior_stress_fracture", "irregular_periods",
                                   "low_energy_availability", "low_bone_density")),
          ("Calendar", ("timezone", "week_start")),
          ("Display and load", ("units", "count_cross_training_load")),
          ("Weekly summary by e-mail", ("email", "summary_day", "dashboard_url")))
SMTP = ("SMTP server for sending the summary", (
    "smtp_host", "smtp_port", "smtp_from", "smtp_user", "smtp_starttls"))
MORE = "More settings"
RADIO_MAX = 3  # choices up to this many are radio buttons (with "not set"), more a list
UNITS_WORDS = {"km": "kilometres", "mi": "miles"}
WORDS = {"true": "yes", "false": "no"}  # how a choice reads (stored as typed)
# What the estimates depend on (the maximum judges what is hard; the pace is in the
# units chosen, the dates on the athlete's clock): a save of one shows them again.
ESTIMATES_FOLLOW = (*ESTIMATED, "units", "timezone")
INTRO = ("Each setting is saved as soon as you change it (a typed value when you press "
         "Enter or leave the field); empty a field to remove its setting. Every chart "
         "follows at once.")


def groups() -> list[tuple[str, tuple[str, ...]]]:
    """The groups of fields, with every setting not placed in ``MORE`` at the end."""
    placed = {key for _, keys in (*GROUPS, SMTP) for key in keys}
    found = [(title, tuple(k for k in keys if k in SETTINGS)) for title, keys in GROUPS]
    found.append((MORE, tuple(key for key in SETTINGS if key not in placed)))
    return [(title, keys) for title, keys in found if keys]


@context.athlete_page
def layout(athlete: str, **_) -> html.Div:
    """The form and the export link (for who may write), else what is set."""
    app = context.current()
    stored, settings = athlete_settings(app.store, athlete=athlete)
    if not app.policy.may_write(athlete):
        return html.Div([html.H2("Settings"), read_only(stored, settings),
                         html.P("Only the athlete changes their settings.", className="note")])
    parts = [html.Section([html.H3(title), *[field(key, stored, settings) for key in keys]],
                          className="settings-group") for title, keys in groups()]
    smtp = html.Details(className="settings-group", children=[
        html.Summary(SMTP[0]),
        html.P("The SMTP password is not stored here: loadwatch reads it from "
               "LOADWATCH_SMTP_PASSWORD where summaries are sent.", className="note"),
        *[field(key, stored, settings) for key in SMTP[1] if key in SETTINGS]])
    return html.Div(className="settings-page", children=[
        html.H2("Settings"), html.P(INTRO, className="note"),
        html.Div(id=ids.SETTINGS_SAVED, role="status", className="settings-saved"),
        html.Div([*parts, smtp], className="settings-form"),
        dcc.Store(id=ids.SETTINGS_VERSION, data=0), dcc.Store(id=ids.SETTINGS_REFRESH, data=0),
        html.H3("Your data"),
        html.P([EXPORT_TEXT,
                html.A("download export.zip", id=ids.EXPORT_LINK,
                       href="/download/export.zip?" + urlencode({"athlete": athlete})),
                ". loadwatch import restores it."])])


def shown(key: str, settings: Settings) -> str | None:
    """A setting's effective value as text (its default when not set), None for none."""
    value = getattr(settings, key, None)
    if isinstance(value, bool):
        return str(value).lower()
    return None if value is None else str(value)


def field(key: str, stored: dict[str, str], settings: Settings) -> html.Div:
    """One setting: its label, its control, what it is, its message, and any estimate."""
    value = stored.get(key)
    default = None if key in stored else shown(key, settings)
    unset = f"not set (default: {WORDS.get(default, default)})" if default else "not set"
    choices = SETTINGS[key].choices
    if choices and len(choices) <= RADIO_MAX:
        control: Any = dcc.RadioItems(
            id=ids.setting(key), value=value or "", inline=True, className="settings-choice",
            options=[*({"label": f" {WORDS.get(c, c)} ", "value": c} for c in choices),
                     {"label": f" {unset} ", "value": ""}])
    elif choices:
        control = dcc.Dropdown(
            id=ids.setting(key), value=value, clearable=True, placeholder=unset,
            options=[{"label": c.capitalize(), "value": c} for c in choices],
            className="settings-input")
    else:
        control = dcc.Input(id=ids.setting(key), type="text", value=value or "",
                            debounce=True, placeholder=unset, className="settings-input")
    estimate = ([html.Div(id=ids.setting_estimate(key), className="estimate small")]
                if key in ESTIMATED else [])
    return html.Div(className="field setting", children=[
        html.Label(setting_label(key), htmlFor=ids.setting(key)), control,
        html.Div(id=ids.setting_message(key), role="status", className="setting-message"),
        *hint(key), *estimate])


# The command line's help speaks of typed values ("true if ...", "--send-due");
# on the page a choice is a yes or no, and no option is typed.
BROWSER_WORDS = ((re.compile(r"^true (if|to) "), r"Yes \1 "),
                 (re.compile(r" \(for --send-due\)"), ""),
                 (re.compile(r"^km or mi for display"), "kilometres or miles, on every page"))


def hint(key: str) -> list:
    """What the setting is (its help in ``loadwatch settings``), unless the label says it all."""
    text = SETTINGS[key].help
    if text.split(",")[0].lower() == setting_name(key):
        return []
    for pattern, words in BROWSER_WORDS:
        text = pattern.sub(words, text)
    return [html.Div(text, className="small hint")]


def read_only(stored: dict[str, str], settings: Settings) -> html.Div:
    """What is set, for who may only read."""
    rows = []
    for key in SETTINGS:
        default = shown(key, settings)
        value = stored.get(key) or (f"not set (default: {WORDS.get(default, default)})"
                                    if default else "not set")
        rows.append([html.Td(setting_label(key)), html.Td(value)])
    return components.table(("setting", "value"), rows, "settings-table")


def said(key: str, stored: dict[str, str], cleared: bool) -> tuple[str, str]:
    """What is said beside the field, and on top of the page, after a save."""
    name = setting_name(key)
    if cleared:
        return "Removed: the default applies.", f"Saved: {name} removed."
    value = stored[key]
    if key == "units":
        return "Saved.", f"Saved: distances in {UNITS_WORDS.get(value, value)}."
    unit = " bpm" if setting_label(key).endswith("(bpm)") else ""
    value = WORDS.get(value, value)
    return f"Saved: {value}.", f"Saved: {name} {value}{unit}."


def refusal(reason: str) -> str:
    """A refusal's reason as the runner reads it: settings by their labels."""
    for key in sorted(SETTINGS, key=len, reverse=True):
        reason = reason.replace(key, setting_name(key))
    return f"Not saved: {reason}."


FIELDS = {key: Input(ids.setting(key), "value") for key in SETTINGS}


@context.callback(output={"saved": Output(ids.SETTINGS_SAVED, "children"),
                          "messages": {key: Output(ids.setting_message(key), "children")
                                       for key in SETTINGS},
                          "version": Output(ids.SETTINGS_VERSION, "data"),
                          "refresh": Output(ids.SETTINGS_REFRESH, "data")},
                  inputs={"values": FIELDS, "search": context.WHERE},
                  prevent_initial_call=True)
def save_setting(values: dict[str, Any], search: str | None) -> dict:
    """Store the setting whose field changed (service: change_settings), or say why not."""
    athlete = context.athlete_for("write", search)
    key = next((k for k in SETTINGS if ids.setting(k) == dash.ctx.triggered_id), None)
    if key is None:
        raise PreventUpdate
    value = values.get(key)
    if isinstance(value, list | dict):  # no field of this page sends one: a crafted request
        raise guard.BadInput(f"{ids.setting(key)}.value: a setting takes one value")
    text = "" if value is None else str(value).strip()
    store = context.current().store
    messages: dict[str, Any] = dict.fromkeys(SETTINGS, dash.no_update)
    try:
        stored = change_settings(store, athlete=athlete, changes={key: text} if text else {},
                                 clear=[] if text else [key])
    except SettingsRefused as refused:
        for name, reason in refused.problems.items():
            messages[name] = components.error(refusal(reason))
        return {"saved": components.error(refusal(refused.problems.get(key, str(refused)))),
                "messages": messages, "version": dash.no_update, "refresh": dash.no_update}
    # Every chart reads the settings: compute the history anew in the background, so
    # the next page finds it ready rather than waiting for it.
    context.current().data.prepare(athlete)
    beside, on_top = said(key, stored, not text)
    messages[key] = html.Span(beside, className="saved")
    version = data_version(store, athlete=athlete)
    return {"saved": html.Span(on_top, className="saved"), "messages": messages,
            "version": version, "refresh": version if key in ESTIMATES_FOLLOW else dash.no_update}


# The frame's copy (the banner follows it). Not an output of save_setting: a callback
# whose output is already on the page fires when its inputs arrive with a page,
# prevent_initial_call or not, and would save every field on opening Settings.
@context.callback(Output(ids.SETTINGS_CHANGED, "data"), Input(ids.SETTINGS_VERSION, "data"),
                  prevent_initial_call=True)
def tell_the_frame(version: int | None) -> int:
    """Pass a save's data version to the frame."""
    if not version:
        raise PreventUpdate
    return version


def estimates(athlete: str) -> dict[str, Estimate]:
    """The estimates from the athlete's runs, computed once per data version and day."""
    app = context.current()
    snapshot = app.data.snapshot(athlete)
    found = app.data.memo(snapshot, "setting_estimates",
                          lambda: estimate_settings(app.store, athlete=athlete))
    return {estimate.key: estimate for estimate in found}


def offer(estimate: Estimate, stored: dict[str, str]) -> list:
    """An estimate beside its field: the value, a button to use it, and how it was made."""
    if estimate.value is None:
        return [html.Strong("No estimate from your runs. "), estimate.how]
    unit = " bpm" if estimate.key.endswith("_hr") else ""
    same = stored.get(estimate.key) == estimate.value
    return [html.Strong(f"From your runs: {estimate.value}{unit} "),
            html.Button("In use" if same else f"Use {estimate.value}{unit}",
                        id=ids.setting_use(estimate.key), n_clicks=0, disabled=same,
                        className="btn btn-sm btn-outline-primary"),
            html.Div(estimate.how)]


@context.callback(output={key: Output(ids.setting_estimate(key), "children")
                          for key in ESTIMATED},
                  inputs={"_version": Input(ids.SETTINGS_REFRESH, "data"),
                          "search": context.WHERE})
def show_estimates(_version, search: str | None) -> dict:
    """The estimates beside their fields, again after a save of what they depend on."""
    athlete = context.athlete_for("write", search)
    stored = athlete_settings(context.current().store, athlete=athlete)[0]
    return {key: offer(estimate, stored) for key, estimate in estimates(athlete).items()}


@context.callback(output={key: Output(ids.setting(key), "value") for key in ESTIMATED},
                  inputs={"_clicks": Input(ids.setting_use(ALL), "n_clicks"),
                          "search": context.WHERE},
                  prevent_initial_call=True)
def use_estimate(_clicks, search: str | None) -> dict:
    """Put the estimate clicked in its field (which saves it, as typing would)."""
    athlete = context.athlete_for("write", search)
    clicked = dash.ctx.triggered_id
    if not isinstance(clicked, dict) or not dash.ctx.triggered[0].get("value"):
        raise PreventUpdate
    found = estimates(athlete).get(clicked.get("key"))
    if found is None or found.value is None:
        raise PreventUpdate
    return {key: found.value if key == found.key else dash.no_update for key in ESTIMATED}
