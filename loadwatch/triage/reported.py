"""What a diary entry reports, and the red flag a warning sign gives (pure).

:class:`Reported` is an entry's fields and its notes' findings together (a
sign counts however the runner tells it); :class:`RedFlag` is what one rule of
``triage.rules`` gives: what it means, what to do, where that comes from and
the runner's words that raised it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from loadwatch.triage.notes import read_notes
from loadwatch.vocabulary import word_label

if TYPE_CHECKING:
    from loadwatch.diary import Entry

SEVERE_PAIN = 7  # of 10: 7-10 is severe on the numeric rating scale


@dataclass(frozen=True)
class RedFlag:
    """A warning sign in a diary entry that needs a clinician.

    Attributes
    ----------
    sign : str
        Which sign (a key of :data:`RULES`, or ``bone_stress_during_ramp``).
    urgency : str
        ``urgent`` or ``see_clinician`` (words of ``vocabulary.URGENCIES``).
    reason : str
        What it means and what to do, in words.
    source : str
        Where the rule comes from, as a citation a reader can find.
    words : tuple of str
        The runner's words in the notes that raised it (empty when the
        entry's fields did).
    stop_running : bool
        Whether the advice is to stop running until a clinician has seen it.
    """

    sign: str
    urgency: str
    reason: str
    source: str = ""
    words: tuple[str, ...] = ()
    stop_running: bool = False

    def as_dict(self) -> dict[str, object]:
        """The red flag as the JSON outputs carry it."""
        return {"sign": self.sign, "urgency": self.urgency, "reason": self.reason,
                "source": self.source, "from_notes": list(self.words),
                "stop_running": self.stop_running}


@dataclass(frozen=True)
class Reported:
    """What an entry reports, its fields and its notes together.

    Attributes
    ----------
    location : str
        Where it hurts.
    pain : int
        0-10.
    onset : str or None
        ``sudden`` or ``gradual``.
    when, signs, triggers, character : frozenset of str
        Diary words, from the fields and the notes.
    worsening, severe : bool
        Getting worse; severe (8/10 or more, or the notes say so).
    weeks : float or None
        How long it has lasted (the longer of the field and the notes).
    quoted : dict of str to str
        ``"signs:fever"``, ``"worsening"``... -> the note's words, for what
        only the notes reported.
    """

    location: str
    pain: int
    onset: str | None
    when: frozenset[str]
    signs: frozenset[str]
    triggers: frozenset[str]
    character: frozenset[str]
    worsening: bool
    severe: bool
    weeks: float | None
    quoted: dict[str, str]

    def words_for(self, *keys: str) -> tuple[str, ...]:
        """The note's words behind these findings (``"signs:fever"``), those quoted."""
        return tuple(dict.fromkeys(self.quoted[k] for k in keys if k in self.quoted))


def reported(entry: Entry) -> Reported:
    """What an entry reports, from its fields and its notes (denials in the notes ignored).

    Parameters
    ----------
    entry : Entry
        A checked diary entry.

    Returns
    -------
    Reported
        The union of the fields and the notes' findings; ``quoted`` keeps the
        notes' words for what the fields did not say.
    """
    found = read_notes(entry.notes)
    given = {**{f"when:{w}": "" for w in entry.when}, **{f"signs:{s}": "" for s in entry.signs},
             **({f"trigger:{entry.trigger}": ""} if entry.trigger else {}),
             **({"worsening": ""} if entry.worsening else {}),
             **({"severe": ""} if entry.pain >= SEVERE_PAIN else {}),
             **({"duration": ""} if (entry.weeks or 0) >= (found.weeks or 0) else {})}
    quoted = {k: v for k, v in found.words.items() if k not in given}
    weeks = max((w for w in (entry.weeks, found.weeks) if w is not None), default=None)
    return Reported(
        location=entry.location, pain=entry.pain, onset=entry.onset,
        when=frozenset(entry.when) | found.of("when").keys(),
        signs=frozenset(entry.signs) | found.of("signs").keys(),
        triggers=frozenset([entry.trigger] if entry.trigger else []) | found.of("trigger").keys(),
        character=frozenset(entry.character), worsening=entry.worsening or "worsening" in quoted,
        severe=entry.pain >= SEVERE_PAIN or "severe" in quoted, weeks=weeks, quoted=quoted)


def listed(words) -> str:
    """Diary words as the runner reads them, comma-separated, in order."""
    return ", ".join(word_label(w) for w in sorted(words))
