"""The athletes of a store: who is there, and refusing a name that is not.

Reads never create an athlete; a read for a name the store does not hold,
when it holds others, is most often a typo and is refused here, in one place,
rather than answered with an empty listing ("No risk flags").
"""

from __future__ import annotations

import difflib

from loadwatch.errors import UnknownAthlete
from loadwatch.service import audit
from loadwatch.store import Store

# At most this many names in the message; a club's store holds hundreds.
SHOWN_NAMES = 10


def check_athlete(store: Store, athlete: str, *, empty_ok: bool = True) -> None:
    """Refuse a read of an athlete the store does not hold.

    With ``empty_ok``, an empty store (nothing imported yet) is not refused:
    its listings say how to begin.

    Parameters
    ----------
    store : Store
        The store to look in; nothing is created.
    athlete : str
        The name asked for.
    empty_ok : bool
        Accept any name while the store holds no athlete (the default athlete
        of a fresh install); False when the name was typed.

    Raises
    ------
    UnknownAthlete
        The store holds athletes, and none of that name; the message names
        those it holds, the nearest spellings first.
    """
    names = store.athletes()
    if (names or not empty_ok) and athlete not in names:
        raise unknown_athlete(athlete, names)


def require_athlete(store: Store, athlete: str) -> None:
    """Refuse a name the store does not hold, even in an empty store.

    Parameters
    ----------
    store : Store
        The store to look in; nothing is created.
    athlete : str
        The name asked for.

    Raises
    ------
    UnknownAthlete
        No athlete of that name.
    """
    names = store.athletes()
    if athlete not in names:
        raise unknown_athlete(athlete, names)


def unknown_athlete(athlete: str, names: list[str]) -> UnknownAthlete:
    """The error for ``athlete``, naming the athletes the store holds.

    Parameters
    ----------
    athlete : str
        The name asked for.
    names : list of str
        Every athlete in the store.

    Returns
    -------
    UnknownAthlete
        ``no athlete named 'typo' in this store; athletes: me, ...``.
    """
    if not names:
        return UnknownAthlete(f"no athlete named {athlete!r}: this store holds no athletes yet")
    near = difflib.get_close_matches(athlete, names, n=3, cutoff=0.6)
    ordered = near + [name for name in names if name not in near]
    shown = ", ".join(ordered[:SHOWN_NAMES])
    more = (f", ... ({len(names)} in all: loadwatch athlete list)"
            if len(names) > SHOWN_NAMES else "")
    return UnknownAthlete(f"no athlete named {athlete!r} in this store; athletes: {shown}{more}")


def athlete_rows(store: Store) -> list[dict]:
    """Every athlete with how many activities and files they have, by name.

    Parameters
    ----------
    store : Store
        The store to list.

    Returns
    -------
    list of dict
        ``name``, ``activities``, ``files`` per athlete.
    """
    rows = []
    for name in store.athletes():
        counts = store.counts(name)
        rows.append({"name": name, "activities": counts["activities"], "files": counts["files"]})
    return rows


def delete_athlete(store: Store, *, athlete: str) -> dict[str, int]:
    """Remove an athlete and every trace of them, in one transaction.

    Parameters
    ----------
    store : Store
        The store to remove them from.
    athlete : str
        The athlete's name.

    Returns
    -------
    dict of str to int
        Rows removed per table.

    Raises
    ------
    UnknownAthlete
        The store holds no athlete of that name (an empty store included).
    """
    require_athlete(store, athlete)
    removed = store.delete_athlete(athlete)
    audit.record(store, "deletion", subject=athlete, detail="the athlete and all their data")
    return removed
