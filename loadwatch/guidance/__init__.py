"""Guidance on hip conditions, in our own words from two articles.

The sources: Runner's World, "Hip pain after running" (medically reviewed by
John Vasudevan, M.D.), and Spire Healthcare, "Hip pain when running: causes
and symptoms". The content lives in ``conditions.json`` beside this file;
``load_guidance`` checks that every condition is complete and every source is
named. It informs, it does not diagnose: every output that names a condition
says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

NOT_A_DIAGNOSIS = ("loadwatch is not a diagnosis: it links what you report to conditions "
                   "that fit it. A clinician examines you; a list cannot.")
CONDITION_IDS = ("hip_flexor_strain", "hip_impingement", "hip_osteoarthritis", "labral_tear",
                 "trochanteric_bursitis", "iliopsoas_bursitis", "ischial_bursitis",
                 "stress_fracture", "it_band_syndrome", "hip_pointer", "strength_imbalance")
TEXT_FIELDS = ("name", "what", "shows", "helps", "see_clinician")


@dataclass(frozen=True)
class Condition:
    """One hip condition: what it is, how it shows, what helps, when to see a clinician.

    ``match`` holds the pattern the diary's triage scores an entry against:
    per group of words (location, character, when, signs, trigger, onset) the
    weight of each word, and optionally ``weeks_at_least``.
    """

    id: str
    name: str
    what: str
    shows: str
    helps: str
    prevent: tuple[str, ...]
    see_clinician: str
    sources: tuple[dict, ...]
    match: dict

    def as_dict(self) -> dict:
        """The condition as ``loadwatch guidance --json`` prints it.

        Returns
        -------
        dict
            Its texts, prevention list and sources, and the not-a-diagnosis note.
        """
        return {"id": self.id, "name": self.name, "what": self.what, "shows": self.shows,
                "helps": self.helps, "prevent": list(self.prevent),
                "see_clinician": self.see_clinician, "sources": list(self.sources),
                "not_a_diagnosis": NOT_A_DIAGNOSIS}


class GuidanceError(ValueError):
    """The guidance data file is incomplete."""


@cache
def load_guidance() -> dict[str, Condition]:
    """Every condition of ``conditions.json``, checked complete (read once).

    Returns
    -------
    dict of str to Condition
        By id, in the file's order.

    Raises
    ------
    GuidanceError
        When the file is incomplete (see :func:`validate`).
    """
    raw = json.loads(resources.files(__package__).joinpath("conditions.json").read_text("utf-8"))
    return validate(raw)


def validate(raw: dict) -> dict[str, Condition]:
    """Conditions from the guidance file's content, checked complete.

    Parameters
    ----------
    raw : dict
        ``sources`` (id -> publisher and title) and ``conditions`` (a list).

    Returns
    -------
    dict of str to Condition
        By id.

    Raises
    ------
    GuidanceError
        For a missing text, prevention list, source or pattern, an unknown
        source, or conditions other than ``CONDITION_IDS``.
    """
    sources = raw["sources"]
    result = {}
    for entry in raw["conditions"]:
        missing = [f for f in (*TEXT_FIELDS, "prevent", "sources", "match")
                   if not entry.get(f)]
        if missing:
            raise GuidanceError(f"{entry.get('id')}: missing {', '.join(missing)}")
        unknown = [s for s in entry["sources"] if s not in sources]
        if unknown:
            raise GuidanceError(f"{entry['id']}: unknown sources {unknown}")
        result[entry["id"]] = Condition(
            id=entry["id"], name=entry["name"], what=entry["what"], shows=entry["shows"],
            helps=entry["helps"], prevent=tuple(entry["prevent"]),
            see_clinician=entry["see_clinician"],
            sources=tuple(sources[s] for s in entry["sources"]), match=entry["match"])
    if set(result) != set(CONDITION_IDS):
        raise GuidanceError(f"conditions differ from the fixed ids: {sorted(result)}")
    return result
