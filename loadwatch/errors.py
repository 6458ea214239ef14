"""The exceptions loadwatch raises; the CLI turns them into ``Error: ...``."""

from __future__ import annotations


class LoadwatchError(Exception):
    """Base class of every error loadwatch reports to a user."""


class CorruptFile(LoadwatchError):
    """A file could not be read; says where (byte offset, line or row)."""

    def __init__(self, reason: str, *, path: str | None = None, offset: int | None = None,
                 line: int | None = None, row: int | None = None):
        self.reason = reason
        self.path = path
        self.offset = offset
        self.line = line
        self.row = row
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.offset is not None:
            where.append(f"byte {self.offset}")
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.row is not None:
            where.append(f"row {self.row}")
        at = f" at {', '.join(where)}" if where else ""
        prefix = f"{self.path}: " if self.path else ""
        return f"{prefix}{self.reason}{at}"


class UnsupportedFormat(LoadwatchError):
    """The file is of a kind loadwatch does not read."""


class NoActivity(LoadwatchError):
    """The file is readable but holds no activity (settings, courses, ...)."""


class StoreError(LoadwatchError):
    """The store could not be opened, migrated or written."""


class UsageError(LoadwatchError):
    """A value given by the user is not valid."""


class UnitsNeeded(UsageError):
    """An activity list whose distance unit neither its header nor its numbers tell.

    The same file imports once the user says km or mi (``--units``; the
    dashboard's upload asks beside the file and leaves out ``hint``).
    """

    hint = "import it again with --units km or --units mi"


class EntryRefused(UsageError):
    """A diary entry that was not stored, and the field at fault (``date``, ``pain``...).

    The dashboard shows the reason beside that field; the command line prints it.
    """

    def __init__(self, message: str, field: str):
        self.field = field
        super().__init__(message)


class SettingsRefused(UsageError):
    """Settings that were not stored: the reason for each key.

    ``problems`` maps each refused key to why (``"a whole number from 100 to
    240"``); the message is the command line's, every problem in full.
    """

    def __init__(self, message: str, problems: dict[str, str]):
        self.problems = problems
        super().__init__(message)


class EditRefused(UsageError):
    """Corrections to an activity that were not stored: the reason for each field.

    ``problems`` maps each refused field (``rpe``, ``name``, ``surface``,
    ``sport``) to why, in a runner's words (``"a number from 1 to 10, not
    14"``); nothing of the edit is saved while one field is refused.
    """

    def __init__(self, message: str, problems: dict[str, str]):
        self.problems = problems
        super().__init__(message)


class InvalidActivity(LoadwatchError):
    """An activity holds values no reader accepts; it is not saved."""


class NotFound(UsageError):
    """The user named something that is not there: an athlete, an activity, an entry."""


class UnknownAthlete(NotFound):
    """A read named an athlete the store does not hold (a mistyped ``--athlete``)."""


class DuplicateEntry(UsageError):
    """A diary entry the diary already holds (``loadwatch.diary.entry_key``): not added twice.

    Attributes
    ----------
    entry_id : int
        The id of the entry already there.
    day : str
        Its date (``YYYY-MM-DD``).
    """

    def __init__(self, entry_id: int, day: str):
        self.entry_id = entry_id
        self.day = day
        super().__init__(f"this entry is already in the diary: entry {entry_id} of {day} "
                         "(the same day, place, side, pain and words); nothing was added")
