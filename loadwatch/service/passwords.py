"""Password rules after NIST SP 800-63B (section 5.1.1.2): long enough, and not guessable.

At least MIN_LENGTH characters, with no rule about character classes (NIST
advises against them); refused when it is common, breached-style (a known
password with a digit added), a keyboard walk, a repeat, a date, or built on
the user's own name. Guessability is estimated by zxcvbn (the maintained
Python port of Dropbox's estimator, which ships its lists of common
passwords, words and names); the reason for a refusal is its own warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

from loadwatch.errors import UsageError

MIN_LENGTH = 10
# NIST asks that at least 64 be allowed; the cap only bounds the cost of hashing.
MAX_LENGTH = 256
# zxcvbn's score 3: more than 10^8 guesses ("safely unguessable" against online
# guessing, some protection offline against a slow hash such as scrypt).
MIN_SCORE = 3
CONTEXT = ("loadwatch", "runner", "running", "coach", "admin")


class WeakPassword(UsageError):
    """A password the rules refuse; the message says why."""


def weakness(password: str, *, context: Iterable[str] = ()) -> str | None:
    """Why ``password`` is refused, or None when it may be used.

    Parameters
    ----------
    password : str
        The password as typed (nothing is stripped).
    context : iterable of str
        Words a guesser would try first: the user's name, their athlete's.
    """
    if len(password) < MIN_LENGTH:
        return f"a password needs at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"a password may have at most {MAX_LENGTH} characters"
    words = [word for word in (*context, *CONTEXT) if word]
    estimate = zxcvbn(password, user_inputs=words)
    if estimate["score"] >= MIN_SCORE:
        return None
    feedback = estimate["feedback"]
    why = feedback.get("warning") or "It would be guessed quickly."
    hint = " ".join(feedback.get("suggestions") or [])
    return " ".join(f"this password is too easy to guess: {why} {hint}".split())


def check(password: str, *, context: Iterable[str] = ()) -> None:
    """Refuse a password :func:`weakness` finds fault with.

    Raises
    ------
    WeakPassword
        With the reason.
    """
    reason = weakness(password, context=context)
    if reason is not None:
        raise WeakPassword(reason)
