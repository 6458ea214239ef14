"""Data quality: the runs the checks mark, and the runner's answer to a mark.

A run the checks of ``metrics.quality`` mark (a bike ride or a car journey
logged as a run, a watch left on after the run, GPS jumps, a distance its
time cannot hold) is left out of the running numbers and the risk rules until
the runner confirms it (:func:`confirm_activity`) or corrects it (the sport,
or the distance: ``activities.correct_distance``). Each function is one user
action or one listing; the CLI and the dashboard map onto them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from loadwatch.errors import UsageError
from loadwatch.metrics.quality import quality_marks
from loadwatch.metrics.quality_text import SHORT_LABELS, describe
from loadwatch.models import Activity
from loadwatch.service.listings import plain
from loadwatch.service.reports import Training, activity_frame
from loadwatch.settings import effective
from loadwatch.store import Store
from loadwatch.store.health import Finding


@dataclass(frozen=True)
class Mark:
    """One marked run, as the listings and the pages show it.

    Attributes
    ----------
    activity_id : int
    start_time : str
        ISO 8601 (UTC), as the frames hold it.
    name : str or None
    distance_m : float or None
        m.
    reasons : list of dict
        The checks' reasons (``metrics.quality``), numbers in m, s and m/s.
    why : list of str
        Each reason in the athlete's units.
    review : str or None
        The runner's answer: ``confirmed``, ``corrected`` or None.
    held_out : bool
        Left out of the running numbers and the risk rules (no answer yet).
    """

    activity_id: int
    start_time: str
    name: str | None
    distance_m: float | None
    reasons: list[dict]
    why: list[str]
    review: str | None
    held_out: bool

    @property
    def label(self) -> str:
        """The checks in a few words ("bike or car?, GPS jumps")."""
        return ", ".join(dict.fromkeys(SHORT_LABELS.get(r["check"], r["check"])
                                       for r in self.reasons))

    def as_dict(self) -> dict:
        """The mark as ``--json`` prints it."""
        return plain({"id": self.activity_id, "start_time": self.start_time, "name": self.name,
                      "distance_m": self.distance_m, "reasons": self.reasons, "why": self.why,
                      "review": self.review, "held_out": self.held_out})


def marks_of(activities: pd.DataFrame, units: str) -> list[Mark]:
    """The marked runs of a metrics frame, newest first.

    Parameters
    ----------
    activities : pandas.DataFrame
        As ``metrics.training.activity_metrics`` returns it (or any frame
        with ``quality_reasons`` and ``held_out``).
    units : {"km", "mi"}
        The athlete's unit, for ``why``.

    Returns
    -------
    list of Mark
        Every run with a reason, answered or not.
    """
    if activities.empty or "quality_reasons" not in activities:
        return []
    marked = activities[activities["quality_reasons"].map(bool)]
    marks = [Mark(int(row["id"]), pd.Timestamp(row["start_time"]).isoformat(),
                  None if pd.isna(row["name"]) else row["name"],
                  None if pd.isna(row["distance_m"]) else float(row["distance_m"]),
                  list(row["quality_reasons"]),
                  [describe(r, units) for r in row["quality_reasons"]],
                  None if pd.isna(row["quality_review"]) else row["quality_review"],
                  bool(row["held_out"]))
             for row in marked.to_dict("records")]
    return sorted(marks, key=lambda m: (m.start_time, m.activity_id), reverse=True)


def quality_marks_of(store: Store, *, athlete: str, view: Training | None = None) -> list[Mark]:
    """Every marked run of ``athlete``, newest first (answered ones too).

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str
    view : Training, optional
        The athlete's training when the caller has it (a dashboard snapshot);
        else only the checks run (no loads: quick for ``loadwatch check``).

    Returns
    -------
    list of Mark
    """
    if view is not None:
        return marks_of(view.activities, view.settings.units)
    units = effective(store.settings(athlete)).units
    frame = activity_frame(store, athlete)
    if frame.empty:
        return []
    return marks_of(frame.join(quality_marks(frame)), units)


def held_out(store: Store, *, athlete: str | None = None) -> list[Finding]:
    """The runs left out of the risk rules, as ``loadwatch check`` lists them.

    Parameters
    ----------
    store : Store
        Read only.
    athlete : str, optional
        One athlete; default every athlete in the store.

    Returns
    -------
    list of Finding
        One per run without an answer: what the checks found, and how to answer.
    """
    names = [athlete] if athlete is not None else store.athletes()
    return [Finding(name, f"activity {mark.activity_id}",
                    f"maybe not a run: {'; '.join(mark.why)}",
                    f"kept out of the risk rules until you answer: `loadwatch activity "
                    f"{mark.activity_id} confirm`, or `set sport=...` or `set distance=...`")
            for name in names for mark in quality_marks_of(store, athlete=name)
            if mark.held_out]


def confirm_activity(store: Store, *, athlete: str, activity_id: int,
                     undo: bool = False) -> Activity:
    """Answer a run's data-quality mark: it was a run; it counts again everywhere.

    Parameters
    ----------
    store : Store
    athlete : str
    activity_id : int
    undo : bool
        Take back the answer (a confirmation or a corrected distance's): the
        checks hold again (a corrected distance stays).

    Returns
    -------
    Activity
        As stored now.

    Raises
    ------
    NotFound
        No such activity of ``athlete``.
    UsageError
        It is not a run, or no check marks it (nothing to confirm), or (undo)
        there is no answer to take back.
    """
    activity = store.activity(athlete, activity_id)
    if undo:
        if activity.quality_review is None:
            raise UsageError(f"activity {activity_id} has no answer to take back")
        return store.update_activity(athlete, activity_id, {"quality_review": None})
    if activity.sport != "running":
        raise UsageError(f"activity {activity_id} is {activity.sport}, not a run: only runs "
                         "are checked, there is nothing to confirm")
    marks = {m.activity_id: m for m in quality_marks_of(store, athlete=athlete)}
    if activity_id not in marks:
        raise UsageError(f"activity {activity_id} is not marked: there is nothing to confirm")
    if activity.quality_review == "confirmed":
        return activity
    return store.update_activity(athlete, activity_id, {"quality_review": "confirmed"})


def mark_text(row: dict) -> str:
    """An activity's mark in a few words, as the tables show it.

    Parameters
    ----------
    row : dict
        A row of ``listings.activity_listing`` (``quality_reasons``,
        ``held_out``, ``quality_review``).

    Returns
    -------
    str
        ``? bike or car?`` for a run held out, its answer (``confirmed``,
        ``corrected``) for one answered, else "".
    """
    reasons = row.get("quality_reasons") or []
    if row.get("held_out"):
        return "? " + ", ".join(dict.fromkeys(SHORT_LABELS.get(r["check"], r["check"])
                                              for r in reasons))
    if reasons and row.get("quality_review"):
        return str(row["quality_review"])
    return ""


def left_out_counts(marks: list[Mark]) -> dict[str, int]:
    """How many held-out runs each check marked (a run may count under several).

    Parameters
    ----------
    marks : list of Mark

    Returns
    -------
    dict of str to int
        Short label (``SHORT_LABELS``) to number of runs, most first.
    """
    counts: dict[str, int] = {}
    for mark in marks:
        if mark.held_out:
            for label in dict.fromkeys(SHORT_LABELS.get(r["check"], r["check"])
                                       for r in mark.reasons):
                counts[label] = counts.get(label, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))
