"""What a diary entry's notes say: warning signs found in free text, denials left out (pure).

The runner's own words often carry the sign that matters ("I can't put any
weight on it", "I had a temperature of 38.5"). :func:`read_notes` finds the
phrases of ``phrases.json`` with spaCy's rule-based matcher and drops the
denied ones with negspacy's NegEx ("no fever", "not getting worse"). Each
finding keeps the words that raised it, so a red flag can quote them. Only
English is read: it is the one language the diary and the dashboard offer;
another language is a new block of ``phrases.json``.

References
----------
.. [1] Chapman W.W. et al. (2001). A simple algorithm for identifying negated
   findings and diseases in discharge summaries. J Biomed Inform 34(5):301-310
   (NegEx, as the negspacy package implements it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

LANGUAGE = "en"
# A body temperature from this reading up is a fever (NHS: 38 C; 100.4 F).
FEVER_CELSIUS = 38.0
FEVER_FAHRENHEIT = 100.4
WEEKS_PER_MONTH = 4.35
NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "twenty": 20,
                "few": 3, "several": 3}
MAX_NOTES = 5000  # characters read: a diary note, not a book


@dataclass(frozen=True)
class NoteFindings:
    """The warning signs a note reports, each with the words that raised it.

    Attributes
    ----------
    words : dict of str to str
        ``"signs:fever"`` (a diary word with its group), ``"worsening"``,
        ``"severe"`` or ``"duration"`` -> the runner's words that raised it
        (the first found; the longest duration).
    weeks : float or None
        How long the note says it has lasted, in weeks (the longest found).
    """

    words: dict[str, str] = field(default_factory=dict)
    weeks: float | None = None

    def of(self, group: str) -> dict[str, str]:
        """The findings of one group (``signs``, ``when``, ``trigger``): word -> quoted words."""
        prefix = f"{group}:"
        return {k[len(prefix):]: v for k, v in self.words.items() if k.startswith(prefix)}


def read_notes(notes: str | None) -> NoteFindings:
    """The warning signs a diary note reports, denied ones left out.

    Parameters
    ----------
    notes : str or None
        The runner's free text (the first 5,000 characters are read).

    Returns
    -------
    NoteFindings
        Each sign found with the words that raised it; a body temperature of
        38 C (100.4 F) or more is a fever, a lower reading nothing; pain at
        night in a sentence that puts it down to lying on the sore side is
        that, not night pain.

    Examples
    --------
    >>> read_notes("no fever, but I can't put any weight on it").of("signs")
    {'cannot_bear_weight': "can't put any weight"}
    """
    if not notes or not notes.strip():
        return NoteFindings()
    return _read(notes[:MAX_NOTES])


# Phones type curly quotes; runners drop apostrophes and spaces after full stops.
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
CONTRACTIONS = re.compile(r"\b(can|don|won|isn|wasn|didn|doesn|couldn|haven|hasn|aren|weren|"
                          r"shouldn|wouldn|hadn)t\b")
GLUED = re.compile(r"([.!?;,])(?=[a-z])")
# Phrases whose inner "and" would end a denial's reach ("no pins and needles"),
# and common spellings, made one word as the phrases write them.
ONE_WORD = {"pins and needles": "tingling", "black and blue": "bruised", " nite": " night"}


def normalised(text: str) -> str:
    """The note as the phrases are written: lower case, straight apostrophes, spaced."""
    text = text.translate(APOSTROPHES).lower()
    for phrase, word in ONE_WORD.items():
        text = text.replace(phrase, word)
    return GLUED.sub(r"\1 ", CONTRACTIONS.sub(r"\1't", text))


# A finding that another in the same sentence explains away: pain at night from
# lying on the sore side is not night pain; walking down stairs is the stairs.
EXPLAINED_BY = {"when:at_night": "when:lying_on_side", "when:walking": "when:stairs_or_squatting"}


@lru_cache(maxsize=4096)
def _read(text: str) -> NoteFindings:
    doc = _pipeline()(normalised(text))
    words: dict[str, str] = {}
    weeks: float | None = None
    for ent in doc.ents:
        label = _label(ent)
        if label is None:
            continue
        if label == "duration":
            if _weeks(ent.text) > (weeks or 0.0):
                weeks, words["duration"] = _weeks(ent.text), ent.text
            continue
        for one in label.split("+"):  # "hot and red": warmth and redness
            words.setdefault(one, ent.text)
    return NoteFindings(words, None if weeks is None else round(weeks, 1))


def _label(ent) -> str | None:
    """What a found phrase reports, or None: denied, a look-alike, explained away."""
    label = ent.label_
    if ent._.negex or label == "ignore":
        return None  # "no fever"; "marathon fever", "warm up" only look like a sign
    if label == "temperature":
        return "signs:fever" if _is_fever(ent.text) else None
    if label in EXPLAINED_BY and _in_sentence(ent.sent, EXPLAINED_BY[label]):
        return None
    return label


def _in_sentence(sentence, label: str) -> bool:
    return any(e.label_ == label and not e._.negex for e in sentence.ents)


def _is_fever(text: str) -> bool:
    numbers = re.findall(r"\d{2,3}(?:[.,]\d{1,2})?", text)
    if not numbers:
        return False
    value = float(numbers[0].replace(",", "."))
    return FEVER_CELSIUS <= value < 45 or FEVER_FAHRENHEIT <= value < 115


def _weeks(text: str) -> float:
    if "year" in text:
        return 52.0  # "since last year", "for a year": a year or more
    count_text, unit = text.lower().split()[:2]
    count: float | None = NUMBER_WORDS.get(count_text)
    if count is None:
        try:
            count = float(count_text.replace(",", "."))
        except ValueError:
            return 0.0
    return count * (WEEKS_PER_MONTH if unit.startswith("month") else 1.0)


@cache
def phrases() -> dict[str, Any]:
    """The phrase data of ``phrases.json`` for the language read (findings, negation)."""
    text = resources.files(__package__).joinpath("phrases.json").read_text("utf-8")
    return json.loads(text)[LANGUAGE]


@cache
def _pipeline():
    """A blank English spaCy pipeline: sentences, the phrase rules, NegEx (built once)."""
    import spacy
    from negspacy.negation import Negex  # noqa: F401 - registers "negex"

    data = phrases()
    nlp = spacy.blank(LANGUAGE)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns([{"label": label, "pattern": pattern}  # type: ignore[attr-defined]
                        for label, patterns in data["findings"].items()
                        for pattern in patterns])
    nlp.add_pipe("negex", config={"neg_termset": data["negation"], "ent_types": []})
    return nlp
