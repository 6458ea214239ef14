"""Dash callback requests checked before any callback runs: malformed ones get a 400.

dash-renderer sends ``POST /_dash-update-component`` with the callback's
output, its inputs and states (each an id, a property and a value). Anything
can be sent there, so before Dash dispatches, :func:`check_request` holds the
body against the app's registered callbacks (``app.callback_map``):

- the body is a JSON object naming a registered output, and its ``outputs``
  have that callback's shape (a list for several outputs, one object for one);
- its inputs and states are those of that callback, in number, ids and
  properties (a pattern-matching id keeps its keys, with plain values);
- every value is plain JSON of bounded depth, its numbers finite and within
  a database's 64-bit integers (an activity id of 2**70 is refused here);
- values of known properties have their types and ranges: clicks are counts,
  addresses are text, ids of stored rows are positive 32-bit integers, a
  dropdown's or field's value is a scalar or a list of scalars (PROPERTY_RULES,
  ID_RULES).

A refusal is :class:`BadInput` (a ``werkzeug.exceptions.BadRequest``),
answered as 400 with a short reason, never a 500. Callbacks (and page
layouts, through :func:`row_id`) raise it for what only they can judge.
"""

from __future__ import annotations

import functools
import json
import logging
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import flask
from werkzeug.exceptions import BadRequest

from dashboards import ids

if TYPE_CHECKING:
    import dash

ENDPOINT = "/_dash-update-component"
# The store's ids are INTEGER columns: 32 bits on PostgreSQL. Counts share the bound.
MAX_ID = 2**31 - 1
MAX_NUMBER = 2**63 - 1  # any other whole number: within a database's 64-bit integers
MAX_DEPTH = 12
MAX_TEXT = 100_000  # characters of one typed value (uploads go to their own route)
Rule = Callable[[Any], str | None]  # a value's fault, or None when it is fine
log = logging.getLogger(__name__)


class BadInput(BadRequest):
    """A request a callback cannot take: answered 400 with the reason."""

    def __init__(self, reason: str):
        super().__init__(description=reason)


def row_id(value: Any, what: str = "id") -> int:
    """``value`` as the id of a stored row (a positive 64-bit integer).

    Raises
    ------
    BadInput
        For anything else: text that is not a whole number, 0, 2**70, True.
    """
    fault = _row_id(value)
    if fault is not None or value is None:
        raise BadInput(f"{what}: {fault or 'missing'}")
    return int(value)


def _row_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return "not the id of a stored row"
    return None if 1 <= value <= MAX_ID else "out of range"


def _count(value: Any) -> str | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)
                         and 0 <= value <= MAX_ID):
        return None
    return "not a count of clicks"


def _path(value: Any) -> str | None:
    """A page's address: absent, or text from the site's root ("/load")."""
    if value is None or (isinstance(value, str) and value.startswith("/")
                         and len(value) <= MAX_TEXT):
        return None
    return "not an address on this site"


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and len(value) <= MAX_TEXT):
        return None
    return "not a text"


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, bool | int | float) or (
        isinstance(value, str) and len(value) <= MAX_TEXT)


def _field(value: Any) -> str | None:
    """A form field's or dropdown's value: a scalar, or a list of scalars."""
    values = value if isinstance(value, list) else [value]
    return None if all(_scalar(v) for v in values) else "not a field's value"


def _store(value: Any) -> str | None:
    return None  # a dcc.Store holds any JSON (bounded by the generic checks)


PROPERTY_RULES: dict[str, Rule] = {
    "n_clicks": _count, "submit_n_clicks": _count, "n_clicks_timestamp": _count,
    "pathname": _path, "search": _text, "hash": _text, "href": _text,
    "value": _field, "data": _store,
}
# Values whose meaning is known by component: the ids of stored rows.
ID_RULES: dict[tuple[str, str], Rule] = {
    (ids.ACTIVITY_ID, "data"): _row_id, (ids.DIARY_DELETE_ID, "data"): _row_id,
    (ids.DIARY_EDITING, "data"): _row_id, (ids.DIARY_COMMENT_ENTRY, "value"): _row_id,
    (ids.ACTIVITIES_DELETE_PENDING, "data"): _row_id,
    (ids.DIARY_CHANGED, "data"): _count, (ids.SETTINGS_VERSION, "data"): _count,
    (ids.SETTINGS_REFRESH, "data"): _count,
}


def install(app: dash.Dash) -> None:
    """Check every callback request of ``app`` before Dash sees it; 400s as JSON."""
    server = app.server

    @server.before_request
    def check() -> None:
        if flask.request.path.endswith(ENDPOINT) and flask.request.method == "POST":
            check_request(app.callback_map, flask.request.get_data(cache=True))

    @server.errorhandler(BadInput)
    def refused(err: BadInput):
        return flask.jsonify(error=err.description), 400

    for rule in server.url_map.iter_rules():
        if rule.rule.endswith(ENDPOINT):
            server.view_functions[rule.endpoint] = _refusing(server.view_functions[rule.endpoint])


# What a callback raises when a value passed the checks above but is still not
# one it can use (a window of text, a table click without its row): the
# request's fault, answered 400. Other errors stay server errors.
INPUT_ERRORS = (LookupError, TypeError, ValueError, AttributeError, ArithmeticError)


def _refusing(dispatch: Callable[..., Any]) -> Callable[..., Any]:
    """``dispatch`` answering 400 where a callback chokes on a value it was sent."""
    @functools.wraps(dispatch)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return dispatch(*args, **kwargs)
        except INPUT_ERRORS as err:
            log.warning("a callback could not take the values it was sent", exc_info=True)
            raise BadInput(f"the values sent cannot be used ({type(err).__name__})") from err
    return guarded


def check_request(callbacks: dict[str, dict], body: bytes) -> None:
    """Refuse a callback request that does not fit a registered callback.

    Raises
    ------
    BadInput
        With the first fault found.
    """
    try:
        request = json.loads(body, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise BadInput("the body is not JSON") from None
    if not isinstance(request, dict):
        raise BadInput("the body is not a JSON object")
    spec = callbacks.get(request.get("output")) if isinstance(request.get("output"),
                                                                 str) else None
    if spec is None:
        raise BadInput("no callback has that output")
    for key in ("inputs", "state"):
        _check_items(key, request.get(key, [] if key == "state" else None), spec.get(key, []))
    _check_outputs(request.get("outputs"), request["output"])
    changed = request.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        raise BadInput("changedPropIds: not a list of texts")


def _check_outputs(outputs: Any, output: str) -> None:
    """``outputs`` names the callback's outputs: a list of them for several, else one."""
    several = output.startswith("..")
    count = len(output.strip(".").split("...")) if several else 1
    items = outputs if several else [outputs]
    if several and not isinstance(outputs, list):
        raise BadInput(f"outputs: a list of {count} expected")
    if len(items) != count or not all(
            isinstance(o, dict) and isinstance(o.get("property"), str)
            and isinstance(o.get("id"), str | dict) for o in items):
        raise BadInput(f"outputs: {count} of the callback's outputs expected")


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


def _check_items(key: str, items: Any, expected: list[dict]) -> None:
    if not isinstance(items, list) or len(items) != len(expected):
        raise BadInput(f"{key}: {len(expected)} expected")
    for item, wanted in zip(items, expected, strict=True):
        pattern = wanted["id"].startswith("{")
        # A pattern-matching input with ALL comes as a list of matches.
        group = item if pattern and isinstance(item, list) else [item]
        for one in group:
            _check_item(key, one, wanted, pattern)


def _check_item(key: str, item: Any, wanted: dict, pattern: bool) -> None:
    if not isinstance(item, dict) or item.get("property") != wanted["property"]:
        raise BadInput(f"{key}: not the callback's {wanted['property']}")
    name = _pattern_id(item.get("id"), wanted["id"]) if pattern else item.get("id")
    if name != wanted["id"] and not pattern:
        raise BadInput(f"{key}: not the callback's component")
    value = item.get("value")
    fault = _plain(value, MAX_DEPTH)
    rule = ID_RULES.get((name, wanted["property"])) or PROPERTY_RULES.get(wanted["property"])
    fault = fault or (rule(value) if rule else None)
    if fault:
        raise BadInput(f"{key} {name}.{wanted['property']}: {fault}")


def _pattern_id(given: Any, wanted: str) -> str:
    """The type of a pattern-matching id that has the wanted keys and plain values."""
    keys = json.loads(wanted)
    if not isinstance(given, dict) or set(given) != set(keys):
        raise BadInput("a pattern-matching id without the callback's keys")
    if given.get("type") != keys.get("type") or not all(
            (isinstance(v, str) and len(v) <= 1000) or _number(v) for v in given.values()):
        raise BadInput("a pattern-matching id of another kind, or not plain")
    return given["type"]


def _number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and _plain(value, 1) is None)


def _plain(value: Any, depth: int) -> str | None:
    """Why ``value`` is not plain JSON a callback can take (None when it is)."""
    if depth < 0:
        return "nested too deep"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return None
    if isinstance(value, int):
        return None if -MAX_NUMBER - 1 <= value <= MAX_NUMBER else "a number out of range"
    if isinstance(value, float):
        return None if math.isfinite(value) else "not a finite number"
    items = value.values() if isinstance(value, dict) else value
    for item in items:
        if fault := _plain(item, depth - 1):
            return fault
    return None
