"""Opening a database: the URL, the engine, retries and what messages may show of it.

SQLite runs in WAL mode, so readers never see a half-written file and a
killed writer leaves the last committed state; PostgreSQL connections are
checked before use, so a restarted server costs one retry, not an error.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import CursorResult, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential


def default_url() -> str:
    """The store's URL when none is given.

    Returns
    -------
    str
        ``LOADWATCH_DB`` if set, else a SQLite file in the user's data directory.
    """
    if os.environ.get("LOADWATCH_DB"):
        return store_url(os.environ["LOADWATCH_DB"])
    folder = Path(platformdirs.user_data_dir("loadwatch", appauthor=False))
    return f"sqlite:///{folder / 'loadwatch.db'}"


def store_url(text: str) -> str:
    """A store URL from what a runner types: a path without a scheme is a SQLite file.

    ``--db ~/runs.db`` is read as ``sqlite:////home/me/runs.db`` (a runner types
    a path far more often than a URL); text with ``://`` is kept as it is.

    Parameters
    ----------
    text : str
        A SQLAlchemy URL or a file path (``~`` expanded, made absolute).

    Returns
    -------
    str
        A SQLAlchemy URL.
    """
    if "://" in text or "@" in text or text == "sqlite:":
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def redacted(url: str) -> str:
    """The URL as messages may show it: without its password.

    SQLAlchemy parses the URL as it does when connecting and renders it with
    the password as ``***``; a ``password`` query parameter is hidden too.
    Text that does not parse as a URL keeps nothing between ``://`` and its
    last ``@``.

    Parameters
    ----------
    url : str
        A store URL as the user gave it.

    Returns
    -------
    str
        The URL with every password replaced by ``***``.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _hidden_credentials(url)
    if "@" in (parsed.host or ""):  # an unescaped @ in the password: part of it is the host
        return _hidden_credentials(url)
    shown = parsed.render_as_string(hide_password=True)
    if "password" in parsed.query:  # rendered escaped: %2A for each *
        shown = parsed.update_query_dict({"password": "***"}).render_as_string(
            hide_password=True).replace("password=%2A%2A%2A", "password=***")
    return shown


def libpq_url(url: str) -> str:
    """A PostgreSQL URL without SQLAlchemy's driver name (``postgresql://...``), for libpq."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _hidden_credentials(url: str) -> str:
    if "@" not in url:
        return url
    scheme, _, rest = url.rpartition("://")
    return f"{scheme}://***@{rest.rsplit('@', 1)[1]}" if scheme else f"***@{url.rsplit('@', 1)[1]}"


def reason(err: SQLAlchemyError) -> object:
    """The driver's own error inside ``err`` (without SQLAlchemy's help line)."""
    return getattr(err, "orig", None) or err


def database_exists(url: str) -> bool:
    """False only for a SQLite URL whose file is not there (memory counts as there)."""
    url = store_url(url)
    if not url.startswith("sqlite"):
        return True
    path = url.split("///", 1)[1] if "///" in url else ""
    return not path or path == ":memory:" or Path(path).is_file()


def open_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is made when missing.

    Parameters
    ----------
    url : str
        A SQLAlchemy URL: ``sqlite:///path`` or ``postgresql+psycopg://...``.

    Returns
    -------
    Engine
        SQLite in WAL mode with foreign keys on; PostgreSQL with pre-ping.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_conn: Any, _record: object) -> None:
    # WAL: readers never block the importer and a killed writer leaves the
    # last committed state; NORMAL sync is durable across process crashes.
    cursor = dbapi_conn.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def reconnecting() -> Retrying:
    """Attempts of one transaction, retried when the database connection was lost.

    A PostgreSQL restart in the middle of an import drops every open
    connection; the file's transaction then rolled back whole, so it is safe
    to run again (pool_pre_ping gives the retry a fresh connection).

    Returns
    -------
    Retrying
        Up to five attempts, waiting longer each time; other errors are raised at once.
    """
    return Retrying(retry=retry_if_exception(connection_lost), stop=stop_after_attempt(5),
                    wait=wait_exponential(multiplier=0.5, max=8), reraise=True)


def connection_lost(err: BaseException) -> bool:
    """Whether ``err`` says the database connection was lost (the transaction is gone)."""
    return isinstance(err, DBAPIError) and bool(err.connection_invalidated)


def now() -> datetime:
    """The current time as the store keeps times: naive UTC."""
    return naive_utc(datetime.now(UTC))


def naive_utc(moment: datetime) -> datetime:
    """``moment`` (aware) as naive UTC, the form every time column holds."""
    return moment.astimezone(UTC).replace(tzinfo=None)



def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the row an INSERT made."""
    key = result.inserted_primary_key
    if key is None:  # only for statements that insert no single row
        raise TypeError("not a single-row INSERT")
    return int(key[0])
