"""Guidance on running injuries from the hip to the foot, in our own words, with sources.

Each condition says what it is, how it shows, what helps, how to prevent it and
when to see a clinician, and names its sources: national health service pages
(the NHS, NHS trusts and boards, Ireland's HSE), clinical practice guidelines and
consensus statements, and peer-reviewed reviews and trials, beside the two
articles the hip guidance began with (Runner's World, "Hip pain after running",
and Spire Healthcare, "Hip pain when running"). Every source carries its
publisher, title, year and a link a reader can follow. The content lives in
``conditions.json`` beside this file; ``load_guidance`` checks that every
condition is complete, belongs to a body region, cites at least one source and
matches only diary words. It informs, it does not diagnose: every output that
names a condition says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from loadwatch.vocabulary import (
    CHARACTERS,
    GUIDANCE_REGIONS,
    LOCATIONS,
    ONSETS,
    SIGNS,
    TRIGGERS,
    WHEN,
)

NOT_A_DIAGNOSIS = ("loadwatch is not a diagnosis: it links what you report to conditions "
                   "that fit it. A clinician examines you; a list cannot.")
CONDITION_IDS = ("hip_flexor_strain", "hip_impingement", "hip_osteoarthritis", "labral_tear",
                 "gluteal_tendinopathy", "iliopsoas_bursitis", "ischial_bursitis",
                 "stress_fracture", "hip_pointer", "strength_imbalance", "joint_infection",
                 "it_band_syndrome", "patellofemoral_pain", "tibial_bone_stress",
                 "medial_tibial_stress_syndrome", "achilles_tendinopathy", "plantar_heel_pain",
                 "metatarsal_stress_fracture")
TEXT_FIELDS = ("name", "region", "what", "shows", "helps", "see_clinician")
SOURCE_FIELDS = ("publisher", "title", "year", "url")
# A source's year when the page itself gives none (a web page without a date).
UNDATED = "n.d."
# The diary words each group of a condition's ``match`` may weigh.
MATCH_WORDS: dict[str, tuple[str, ...]] = {
    "location": LOCATIONS, "character": CHARACTERS, "when": WHEN, "signs": SIGNS,
    "trigger": TRIGGERS, "onset": ONSETS}


@dataclass(frozen=True)
class Condition:
    """One condition: what it is, how it shows, what helps, when to see a clinician.

    ``region`` is one of ``vocabulary.GUIDANCE_REGIONS``: a body region (hip,
    knee, lower leg, foot) or "any joint". ``sources`` are citations, each
    with ``publisher``, ``title``, ``year`` (a number, or ``"n.d."`` for an
    undated page) and ``url``.
    ``match`` holds the pattern the diary's triage scores an entry against:
    per group of words (location, character, when, signs, trigger, onset) the
    weight of each word, optionally ``weeks_at_least``, and ``needs``: groups
    of which a word must fit for the condition to fit at all (a joint
    infection fits no entry without a sign such as fever or warmth).
    """

    id: str
    name: str
    region: str
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
            Its region, texts, prevention list, sources (publisher, title,
            year, url) and the not-a-diagnosis note.
        """
        return {"id": self.id, "name": self.name, "region": self.region, "what": self.what,
                "shows": self.shows, "helps": self.helps, "prevent": list(self.prevent),
                "see_clinician": self.see_clinician,
                "sources": [{f: s[f] for f in SOURCE_FIELDS} for s in self.sources],
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


def by_region(conditions: dict[str, Condition] | None = None) -> dict[str, list[Condition]]:
    """Conditions grouped by body region, regions from the hip down (empty ones left out).

    Parameters
    ----------
    conditions : dict of str to Condition, optional
        Defaults to :func:`load_guidance`.

    Returns
    -------
    dict of str to list of Condition
        Region (``vocabulary.GUIDANCE_REGIONS`` order) to its conditions, in file order.
    """
    conditions = load_guidance() if conditions is None else conditions
    groups: dict[str, list[Condition]] = {region: [] for region in GUIDANCE_REGIONS}
    for condition in conditions.values():
        groups[condition.region].append(condition)
    return {region: items for region, items in groups.items() if items}


def citation(source: dict) -> str:
    """A source as one line: ``Publisher (year). "Title". url``."""
    return (f"{source['publisher']} ({source['year']}). \u201c{source['title']}\u201d. "
            f"{source['url']}")


def validate(raw: dict) -> dict[str, Condition]:
    """Conditions from the guidance file's content, checked complete.

    Parameters
    ----------
    raw : dict
        ``sources`` (id -> publisher, title, year and url) and ``conditions``
        (a list).

    Returns
    -------
    dict of str to Condition
        By id.

    Raises
    ------
    GuidanceError
        For a missing text, region, prevention list, source or pattern; a
        source without publisher, title, year or an http(s) url; an unknown
        source, region or match word; or conditions other than
        ``CONDITION_IDS``.
    """
    sources = raw["sources"]
    for key, source in sources.items():
        _check_source(key, source)
    result = {}
    for entry in raw["conditions"]:
        missing = [f for f in (*TEXT_FIELDS, "prevent", "sources", "match")
                   if not entry.get(f)]
        if missing:
            raise GuidanceError(f"{entry.get('id')}: missing {', '.join(missing)}")
        if entry["region"] not in GUIDANCE_REGIONS:
            raise GuidanceError(f"{entry['id']}: unknown region {entry['region']!r}; "
                                f"choose from {', '.join(GUIDANCE_REGIONS)}")
        unknown = [s for s in entry["sources"] if s not in sources]
        if unknown:
            raise GuidanceError(f"{entry['id']}: unknown sources {unknown}")
        _check_match(entry["id"], entry["match"])
        result[entry["id"]] = Condition(
            id=entry["id"], name=entry["name"], region=entry["region"], what=entry["what"],
            shows=entry["shows"], helps=entry["helps"], prevent=tuple(entry["prevent"]),
            see_clinician=entry["see_clinician"],
            sources=tuple(sources[s] for s in entry["sources"]), match=entry["match"])
    if set(result) != set(CONDITION_IDS):
        raise GuidanceError(f"conditions differ from the fixed ids: {sorted(result)}")
    return result


def _check_source(key: str, source: dict) -> None:
    missing = [f for f in SOURCE_FIELDS if not source.get(f)]
    if missing:
        raise GuidanceError(f"source {key}: missing {', '.join(missing)}")
    year = source["year"]
    if not (year == UNDATED or (isinstance(year, int) and 1900 <= year <= 2100)):
        raise GuidanceError(f"source {key}: year must be a year or {UNDATED!r}, not {year!r}")
    url = urlsplit(source["url"])
    if url.scheme not in ("http", "https") or not url.netloc:
        raise GuidanceError(f"source {key}: url must be an http(s) address, not "
                            f"{source['url']!r}")


def _check_match(condition_id: str, match: dict) -> None:
    if not match.get("location"):
        raise GuidanceError(f"{condition_id}: match names no location")
    needs = [g for g in match.get("needs", []) if g not in MATCH_WORDS]
    if needs:
        raise GuidanceError(f"{condition_id}: needs unknown match groups {needs}")
    for group, weights in match.items():
        if group in ("weeks_at_least", "needs"):
            continue
        if group not in MATCH_WORDS:
            raise GuidanceError(f"{condition_id}: unknown match group {group!r}")
        unknown = [w for w in weights if w not in MATCH_WORDS[group]]
        if unknown:
            raise GuidanceError(f"{condition_id}: {group} words not in the diary's "
                                f"vocabulary: {unknown}")
        bad = [w for w, weight in weights.items() if not 0 <= weight <= 1]
        if bad:
            raise GuidanceError(f"{condition_id}: {group} weights outside 0-1: {bad}")
