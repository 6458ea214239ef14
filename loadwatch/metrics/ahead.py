"""Looking ahead: the longest run that is not a spike, and how steeply fitness climbs.

- The longest next run (after Frandsen et al. 2025 [1]_): a run up to 1.10
  times the longest run of the 30 days before it is in the "reference" band;
  every band above it went with a higher injury hazard (HR 1.64 for runs 10%
  to 30% longer, 1.52 to 100% longer, 2.28 beyond). The limit is judged as the
  spike bands are, in whole metres: the longest whole-metre run ``r`` with
  ``10 r <= 11 L``. When L was itself a spike (over 1.10 times the longest of
  the 30 days before it), the limit stays within 10% of that earlier longest
  run until the spike leaves the window: a coaching choice, not Frandsen's
  rule, which would let each spike raise the next limit by another 10%.
- The ramp rate of fitness: CTL (42-day fitness, :func:`ratios.performance`)
  today minus CTL a week ago, in load points a week. Above 8 a week is
  called steep: a coaching rule of thumb, not a finding. Friel [2]_ (written
  for TrainingPeaks' users) puts 5 to 8 CTL points a week within what most
  athletes manage and calls much above that, for long, the province of a few;
  Couzens [3]_ finds 3 to 5 more sustainable. No study ties a ramp rate to
  running injuries. Fitness starts at zero with the first imported activity,
  so for its first 42 days (the CTL time constant) the ramp mostly measures
  the start of the records, not a change in training: it is marked settling.

References
----------
.. [1] Frandsen J. et al. (2025). Br J Sports Med 59(17):1203-1210: single-run
   spikes in running distance and the hazard of running-related injury.
.. [2] Friel J. (2015). The CTL ramp rate. joefrieltraining.com/the-ctl-ramp-rate
   (also in the TrainingPeaks newsletter).
.. [3] Couzens A. (2015). CTL ramp rates, TSB floors and loading patterns.
   alancouzens.com/blog/CTLramp.html.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from loadwatch.metrics.calendar import activity_days
from loadwatch.metrics.exact import EPSILON, metres
from loadwatch.metrics.ratios import FITNESS_DAYS
from loadwatch.metrics.training import counted_runs
from loadwatch.metrics.volume import SPIKE_WINDOW
from loadwatch.units import METRES_PER_KM

STEEP_RAMP = 8.0  # CTL points a week (Friel's 5-8, a rule of thumb)
SETTLING_DAYS = FITNESS_DAYS  # days of records before the ramp means a change


@dataclass(frozen=True)
class LongRunLimit:
    """The longest run of the last 30 days and the longest next run that is no spike.

    Attributes
    ----------
    reference_km : float
        The longest run of the 30 local days ending on the day read, km.
    reference_day : datetime.date
        Its local day.
    limit_km : float
        The longest run (whole metres, in km) that stays within 10% of it, or
        of the run before a spike (``spike_km``).
    spike_km : float or None
        When the reference run was a spike, its distance, km (the reference is
        then the longest of the 30 days before the spike).
    """

    reference_km: float
    reference_day: date
    limit_km: float
    spike_km: float | None = None

    def as_dict(self) -> dict[str, object]:
        """``reference_km``, ``reference_date`` (ISO), ``limit_km`` and ``spike_km``."""
        return {"reference_km": self.reference_km,
                "reference_date": self.reference_day.isoformat(), "limit_km": self.limit_km,
                "spike_km": self.spike_km}


@dataclass(frozen=True)
class FitnessRamp:
    """How fast fitness (CTL) moved over the last seven days.

    Attributes
    ----------
    per_week : float
        CTL on the day read minus CTL seven days before, load points.
    steep : bool
        Above :data:`STEEP_RAMP` a week (never while settling).
    settling : bool
        Fewer than :data:`SETTLING_DAYS` days of records: fitness still
        climbs from the zero it starts at.
    """

    per_week: float
    steep: bool
    settling: bool

    def as_dict(self) -> dict[str, object]:
        """``per_week``, ``steep`` and ``settling``."""
        return {"per_week": self.per_week, "steep": self.steep, "settling": self.settling}


def run_distances(activities: pd.DataFrame, timezone: str) -> pd.Series:
    """Each run's distance on its local day.

    Parameters
    ----------
    activities : pandas.DataFrame
        ``sport``, ``start_time`` (UTC) and ``distance_m`` (m), and
        ``counts_as_run`` when the data-quality checks ran; may be empty.
    timezone : str
        The athlete's IANA time zone.

    Returns
    -------
    pandas.Series
        Distances, m, indexed by local day (naive midnights; a day with two
        runs appears twice).
    """
    if activities.empty:
        return pd.Series(dtype=float, index=pd.DatetimeIndex([]))
    runs = activities[counted_runs(activities)]  # not a run metrics.quality holds out
    return pd.Series(runs["distance_m"].to_numpy(dtype=float),
                     index=pd.DatetimeIndex(activity_days(runs, timezone)))


def long_run_limit(distances: pd.Series, day: date) -> LongRunLimit | None:
    """The longest run of the 30 days up to ``day`` and the next run's limit (Frandsen [1]_).

    Parameters
    ----------
    distances : pandas.Series
        Run distances, m, indexed by local day (:func:`run_distances`).
    day : datetime.date
        The day read: the window is the 30 local days ending on it, the
        window a run on the day after is measured against.

    Returns
    -------
    LongRunLimit or None
        The longest run L of the window (the latest of equals) and the limit
        ``floor(11 L / 10)`` whole metres (L in whole metres); when L was a
        spike, L is the longest of the 30 days before it instead and
        ``spike_km`` holds the spike. None without a run in the window.
    """
    found = _longest_before(distances, pd.Timestamp(day), inclusive=True)
    if found is None:
        return None
    longest, when = found
    before = _longest_before(distances, when, inclusive=False)
    if before is not None and 10 * longest > 11 * before[0]:  # the longest was a spike
        reference, on = before
        return LongRunLimit(reference / METRES_PER_KM, on.date(),
                            (11 * reference // 10) / METRES_PER_KM, longest / METRES_PER_KM)
    return LongRunLimit(longest / METRES_PER_KM, when.date(),
                        (11 * longest // 10) / METRES_PER_KM)


def _longest_before(distances: pd.Series, end: pd.Timestamp,
                    inclusive: bool) -> tuple[int, pd.Timestamp] | None:
    """The longest run (whole metres) of the 30 days up to ``end`` and its day (latest of equals).

    ``inclusive`` counts ``end``'s own day; without it the window is the 30
    days before the day (as a spike is measured).
    """
    upper = distances.index <= end if inclusive else distances.index < end
    window = distances[(distances.index > end - SPIKE_WINDOW) & upper]
    window = window[window.notna() & (window > 0)]
    if window.empty or metres(float(window.max())) <= 0:
        return None
    return metres(float(window.max())), window.index[window.to_numpy() == window.max()][-1]


def fitness_ramp(days: pd.DataFrame, day: date) -> FitnessRamp | None:
    """The ramp rate of fitness on ``day``: CTL points gained (or lost) in seven days.

    Parameters
    ----------
    days : pandas.DataFrame
        The daily series (``metrics.training.daily_metrics``) with ``ramp``
        (CTL_t - CTL_{t-7}).
    day : datetime.date
        The day read.

    Returns
    -------
    FitnessRamp or None
        Steep above :data:`STEEP_RAMP` (a rule of thumb, see the module),
        settling for the first :data:`SETTLING_DAYS` days of records; None
        when the series does not hold ``day``.
    """
    stamp = pd.Timestamp(day)
    if days.empty or stamp not in days.index:
        return None
    value = float(days["ramp"].to_numpy()[days.index.get_loc(stamp)])
    if math.isnan(value):
        return None
    settling = (stamp - days.index[0]).days + 1 < SETTLING_DAYS
    return FitnessRamp(value, not settling and value > STEEP_RAMP + EPSILON, settling)
