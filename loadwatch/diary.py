"""Symptom diary entries, their vocabulary, and triage (pure).

Triage ranks the hip conditions an entry fits (``match`` 0-1 with the
symptoms that matched), lists red flags with their reason, and sets an
urgency: ``urgent`` (seek care now), ``see_clinician`` (book a visit) or
``self_care`` (guidance applies). Red flags always win over load advice.
Facts from the seed articles: can't bear weight, fever (possible joint
infection) and severe or worsening pain need care now (Spire); pain on
walking, at rest or at night, or starting earlier in each run are bone-stress
signs (Runner's World); bruising after a fall or trip needs a doctor; pain
that has lasted months (osteoarthritis's three months) needs assessment.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from loadwatch.errors import UsageError
from loadwatch.guidance import NOT_A_DIAGNOSIS, load_guidance
from loadwatch.plausible import EARLIEST_START, latest_start

SIDES = ("left", "right", "both")
LOCATIONS = ("groin", "front_hip", "outer_hip", "buttock", "thigh_front", "thigh_outer",
             "knee_outer", "lower_back", "deep_hip")
ONSETS = ("sudden", "gradual")
CHARACTERS = ("sharp", "dull", "aching", "burning", "pinching", "throbbing")
WHEN = ("during_run", "after_run", "walking", "at_rest", "at_night", "after_sitting",
        "end_of_day", "hip_flexion", "earlier_in_each_run", "hills_or_sprints")
SIGNS = ("swelling", "bruising", "redness", "tenderness", "clicking", "popping", "catching",
         "locking", "stiffness", "reduced_range", "weakness", "fever", "cannot_bear_weight",
         "limp")
TRIGGERS = ("fall_or_impact", "trip", "mileage_increase", "new_surface", "hills", "speedwork")
BONE_STRESS_WHEN = ("walking", "at_rest", "at_night", "earlier_in_each_run")
# How long symptoms can have lasted: ten years (a longer value is a typing error).
MAX_WEEKS = 520
SEVERE_PAIN = 8  # of 10
MONTHS_WEEKS = 12


@dataclass(frozen=True)
class Entry:
    """One diary entry; lists hold words of the vocabulary above."""

    date: date
    location: str
    pain: int
    side: str | None = None
    onset: str | None = None
    character: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    signs: tuple[str, ...] = ()
    trigger: str | None = None
    weeks: float | None = None
    notes: str | None = None
    worsening: bool = False
    id: int | None = None

    def as_dict(self) -> dict:
        values = asdict(self)
        values["date"] = self.date.isoformat()
        for key in ("character", "when", "signs"):
            values[key] = list(values[key])
        return values


def _one(name: str, value, choices) -> None:
    if value is not None and value not in choices:
        raise UsageError(f"unknown {name} {value!r}; choose from {', '.join(choices)}")


def _many(name: str, values, choices) -> tuple[str, ...]:
    words = tuple(values or ())
    for word in words:
        _one(name, word, choices)
    return words


def make_entry(**values) -> Entry:
    """A checked entry; unknown words are refused with the valid list."""
    _one("side", values.get("side"), SIDES)
    _one("location", values.get("location"), LOCATIONS)
    _one("onset", values.get("onset"), ONSETS)
    _one("trigger", values.get("trigger"), TRIGGERS)
    day = values.get("date")
    if not isinstance(day, date) or not EARLIEST_START.date() <= day < latest_start().date():
        raise UsageError(f"a diary date must lie between 1970-01-01 and tomorrow, not {day}")
    pain = values.get("pain")
    if isinstance(pain, float) and pain.is_integer():
        pain = values["pain"] = int(pain)  # 4.0 from a JSON file is the whole number 4
    if isinstance(pain, bool) or not isinstance(pain, int) or not 0 <= pain <= 10:
        raise UsageError(f"pain must be a whole number from 0 to 10, not {pain!r}")
    if values.get("location") is None:
        raise UsageError(f"a location is needed; choose from {', '.join(LOCATIONS)}")
    weeks = values.get("weeks")
    if weeks is not None and not (isinstance(weeks, int | float) and 0 <= weeks <= MAX_WEEKS):
        raise UsageError(f"weeks must be a number from 0 to {MAX_WEEKS} (ten years), "
                         f"not {weeks!r}")
    return Entry(**{**values,
                    "character": _many("character", values.get("character"), CHARACTERS),
                    "when": _many("when", values.get("when"), WHEN),
                    "signs": _many("sign", values.get("signs"), SIGNS)})


def red_flags(entry: Entry) -> list[dict]:
    """Signs that need a clinician, each with the reason."""
    flags = []
    if "cannot_bear_weight" in entry.signs:
        flags.append({"sign": "cannot_bear_weight", "urgency": "urgent",
                      "reason": "You cannot bear weight on the leg: a fracture must be ruled out "
                                "now. Do not run; seek medical care today."})
    if "fever" in entry.signs:
        flags.append({"sign": "fever", "urgency": "urgent",
                      "reason": "Hip pain with a fever can mean an infected joint: seek urgent "
                                "medical care."})
    if entry.pain >= SEVERE_PAIN or entry.worsening:
        flags.append({"sign": "severe_or_worsening_pain", "urgency": "urgent",
                      "reason": f"Pain {entry.pain}/10" + (" and getting worse" if
                                                            entry.worsening else "")
                                + ": severe or worsening pain needs medical attention soon."})
    bone = [w for w in entry.when if w in BONE_STRESS_WHEN]
    if bone:
        flags.append({"sign": "bone_stress_pattern", "urgency": "see_clinician",
                      "reason": "Pain " + ", ".join(w.replace("_", " ") for w in bone)
                                + " is a bone-stress sign: stop running and have it examined "
                                  "(an X-ray, often an MRI)."})
    if "bruising" in entry.signs and entry.trigger in ("fall_or_impact", "trip"):
        flags.append({"sign": "bruising_after_fall", "urgency": "see_clinician",
                      "reason": "Bruising after a fall or trip can hide a tear or a fracture: "
                                "have it checked."})
    if entry.weeks is not None and entry.weeks >= MONTHS_WEEKS:
        flags.append({"sign": "lasting_months", "urgency": "see_clinician",
                      "reason": f"Symptoms for {entry.weeks:g} weeks: pain lasting months "
                                "needs a clinician's assessment."})
    return flags


def urgency(flags: list[dict]) -> str:
    levels = [f["urgency"] for f in flags]
    if "urgent" in levels:
        return "urgent"
    return "see_clinician" if levels else "self_care"


def match_conditions(entry: Entry) -> list[dict]:
    """Conditions ranked by how well the entry fits each (0-1), with what matched."""
    ranked = []
    for condition in load_guidance().values():
        score, possible, why = _score(entry, condition.match)
        if score <= 0:
            continue
        ranked.append({"id": condition.id, "name": condition.name,
                       "match": round(score / possible, 3), "why": why})
    ranked.sort(key=lambda c: (-c["match"], c["id"]))
    return ranked


def _score(entry: Entry, rules: dict) -> tuple[float, float, list[str]]:
    """Points for each reported word the condition's pattern knows, over the best possible."""
    reported = {"location": (entry.location,), "character": entry.character,
                "when": entry.when, "signs": entry.signs,
                "trigger": (entry.trigger,) if entry.trigger else (),
                "onset": (entry.onset,) if entry.onset else ()}
    score = possible = 0.0
    why = []
    for group, words in reported.items():
        weights = rules.get(group, {})
        if not words and group != "location":
            continue
        possible += max(weights.values(), default=0.5)
        best = max((weights.get(w, 0.0) for w in words), default=0.0)
        score += best
        why.extend(f"{group.rstrip('s')}: {w.replace('_', ' ')}" for w in words
                   if weights.get(w, 0.0) > 0)
    if rules.get("weeks_at_least") and (entry.weeks or 0) >= rules["weeks_at_least"]:
        score += 1.0
        possible += 1.0
        why.append(f"lasting {entry.weeks:g} weeks")
    elif rules.get("weeks_at_least"):
        possible += 1.0
    if rules["location"].get(entry.location, 0) == 0:
        return 0.0, possible or 1.0, []  # a pain elsewhere is not this condition
    return score, possible or 1.0, why


def triage(entry: Entry) -> dict:
    """Conditions, red flags and urgency for one entry, with the not-a-diagnosis note."""
    flags = red_flags(entry)
    return {"conditions": match_conditions(entry), "red_flags": flags,
            "urgency": urgency(flags), "not_a_diagnosis": NOT_A_DIAGNOSIS}


def entry_from_dict(values: dict) -> Entry:
    """An entry as stored (``as_dict()`` plus ``id``); UsageError names a bad date."""
    try:
        day = date.fromisoformat(str(values.get("date")))
    except ValueError:
        raise UsageError(f"not a date: {values.get('date')!r} (YYYY-MM-DD)") from None
    unknown = set(values) - ENTRY_KEYS
    if unknown:
        raise UsageError(f"unknown diary fields: {', '.join(sorted(unknown))}")
    return make_entry(**{**values, "date": day})


ENTRY_KEYS = frozenset(Entry.__dataclass_fields__)


def salvaged_entry(values: dict) -> tuple[Entry, list[str]] | None:
    """A stored entry that no longer reads, kept readable for its red flags.

    An unreadable pain becomes 0 (its own flag cannot be known), an impossible
    duration none, unknown fields and words are dropped; what was changed is
    said. None when even that does not give an entry (no date or location).
    """
    changed = []
    fixed = {k: v for k, v in values.items() if k in ENTRY_KEYS}
    if len(fixed) < len(values):
        changed.append("unknown fields")
    pain = fixed.get("pain")
    if not (isinstance(pain, int | float) and not isinstance(pain, bool) and 0 <= pain <= 10
            and float(pain).is_integer()):
        changed.append(f"pain {pain!r}")
        fixed["pain"] = 0
    weeks = fixed.get("weeks")
    if weeks is not None and not (isinstance(weeks, int | float) and 0 <= weeks <= MAX_WEEKS):
        changed.append(f"weeks {weeks!r}")
        fixed["weeks"] = None
    for key, words in (("character", CHARACTERS), ("when", WHEN), ("signs", SIGNS)):
        kept = [w for w in fixed.get(key) or () if w in words]
        if len(kept) < len(fixed.get(key) or ()):
            changed.append(f"unknown {key} words")
        fixed[key] = kept
    try:
        return entry_from_dict(fixed), changed
    except UsageError:
        return None
