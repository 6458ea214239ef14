"""One athlete's rows, out of the store and back in (exports, restores, bulk loads).

A bundle is plain data: lists of row dicts per table, sample blobs and
original files by their old ids. ``restore_bundle`` writes it in one
transaction with new ids, so a bad bundle leaves the store untouched.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from loadwatch.errors import StoreError, UnknownAthlete, UsageError
from loadwatch.samples_codec import sample_count
from loadwatch.store import schema
from loadwatch.store.athletes import touch
from loadwatch.store.store import Store

SOURCE_COLUMNS = ("id", "content_hash", "source_name", "source_format", "size_bytes",
                  "decoder", "warnings", "imported_at")
# Every column of an activity but its athlete, in the table's order.
ACTIVITY_COLUMNS = tuple(column.name for column in schema.activities.c
                         if column.name != "athlete_id")
DIARY_COLUMNS = ("id", "date", "data", "created_at")
COMMENT_COLUMNS = ("entry_id", "author", "text", "at")
SEND_COLUMNS = ("week_start", "address", "status", "error", "at")
ACKNOWLEDGEMENT_COLUMNS = ("rule", "day", "entry_id", "author", "at", "note")


@dataclass
class Bundle:
    """Everything one athlete has in the store, keyed by the ids it had there."""

    settings: dict[str, str] = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    originals: dict[int, tuple[str, bytes]] = field(default_factory=dict)
    activities: list[dict] = field(default_factory=list)
    samples: dict[int, bytes] = field(default_factory=dict)
    profiles: dict[int, tuple[int, str]] = field(default_factory=dict)  # version, JSON
    links: list[tuple[int, int]] = field(default_factory=list)  # activity id, source id
    diary: list[dict] = field(default_factory=list)
    comments: list[dict] = field(default_factory=list)
    sends: list[dict] = field(default_factory=list)
    acknowledgements: list[dict] = field(default_factory=list)  # red flags seen
    left_out: dict[int, str] = field(default_factory=dict)  # activity id -> why not restored


def _rows(conn, table, columns, athlete_id: int) -> list[dict]:
    query = (select(*[table.c[name] for name in columns])
             .where(table.c.athlete_id == athlete_id))
    if "id" in table.c:
        query = query.order_by(table.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def dump_bundle(store: Store, athlete: str) -> Bundle:
    """The athlete's rows as they are stored (one consistent read)."""
    athlete_id = store.athlete_id(athlete, create=False)
    if athlete_id is None:
        raise UnknownAthlete(f"no athlete named {athlete!r} in this store")
    bundle = Bundle()
    with store.engine.connect() as conn, conn.begin():
        bundle.settings = _settings(conn, athlete_id)
        bundle.sources = _rows(conn, schema.source_files, SOURCE_COLUMNS, athlete_id)
        originals = schema.source_originals
        for file_id, compression, data in conn.execute(select(
                originals.c.source_file_id, originals.c.compression, originals.c.data)
                .where(originals.c.athlete_id == athlete_id)):
            bundle.originals[file_id] = (compression, bytes(data))
        bundle.activities = _rows(conn, schema.activities, ACTIVITY_COLUMNS, athlete_id)
        samples, profiles, links = (schema.activity_samples, schema.activity_profiles,
                                    schema.activity_sources)
        for activity_id, data in conn.execute(select(samples.c.activity_id, samples.c.data)
                                              .where(samples.c.athlete_id == athlete_id)):
            bundle.samples[activity_id] = bytes(data)
        for activity_id, version, data in conn.execute(select(
                profiles.c.activity_id, profiles.c.version, profiles.c.data)
                .where(profiles.c.athlete_id == athlete_id)):
            bundle.profiles[activity_id] = (version, data)
        bundle.links = [tuple(row) for row in conn.execute(
            select(links.c.activity_id, links.c.source_file_id)
            .where(links.c.athlete_id == athlete_id)
            .order_by(links.c.activity_id, links.c.source_file_id))]
        bundle.diary = _rows(conn, schema.diary_entries, DIARY_COLUMNS, athlete_id)
        bundle.comments = _rows(conn, schema.diary_comments, COMMENT_COLUMNS, athlete_id)
        bundle.sends = _rows(conn, schema.summary_sends, SEND_COLUMNS, athlete_id)
        bundle.acknowledgements = _rows(conn, schema.flag_acknowledgements,
                                        ACKNOWLEDGEMENT_COLUMNS, athlete_id)
    return bundle


def _settings(conn, athlete_id: int) -> dict[str, str]:
    table = schema.athlete_settings
    return dict(conn.execute(select(table.c.key, table.c.value).where(
        table.c.athlete_id == athlete_id)).all())


def _has_data(conn, athlete_id: int) -> bool:
    for table in (schema.source_files, schema.activities, schema.diary_entries):
        if conn.execute(select(table.c.id).where(
                table.c.athlete_id == athlete_id).limit(1)).first() is not None:
            return True
    return False


def _insert_with_ids(conn, table, rows: list[dict], athlete_id: int) -> dict[int, int]:
    """Insert rows without their old ids; old id -> new id."""
    if not rows:
        return {}
    values = [{**{k: v for k, v in row.items() if k != "id"}, "athlete_id": athlete_id}
              for row in rows]
    new_ids = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                           values).scalars().all()
    return {row["id"]: new for row, new in zip(rows, new_ids, strict=True)}


def restore_bundle(store: Store, athlete: str, bundle: Bundle) -> dict[int, int]:
    """Write ``bundle`` as ``athlete``'s data in one transaction; old -> new activity ids.

    Refused when the athlete already has activities, files or diary entries:
    a restore recreates, it does not merge.
    """
    existed = store.athlete_id(athlete, create=False) is not None
    athlete_id = store.athlete_id(athlete)
    try:
        return _restore(store, athlete, athlete_id, bundle)
    except (KeyError, TypeError, ValueError, SQLAlchemyError) as err:
        if not existed:  # leave no empty athlete behind
            store.delete_athlete(athlete)
        raise StoreError(f"could not restore {athlete}: the export does not hold together "
                         f"({type(err).__name__}: {err})") from err
    except UsageError:
        if not existed:
            store.delete_athlete(athlete)
        raise


def _restore(store: Store, athlete: str, athlete_id: int, bundle: Bundle) -> dict[int, int]:
    with store.engine.begin() as conn:
        if _has_data(conn, athlete_id):
            raise UsageError(f"{athlete} already has data in this store: a restore needs an "
                             "athlete without any (delete it first, or restore under another "
                             "name with --athlete)")
        source_ids = _insert_with_ids(conn, schema.source_files, bundle.sources, athlete_id)
        if bundle.originals:
            conn.execute(schema.source_originals.insert(), [
                {"source_file_id": source_ids[old], "athlete_id": athlete_id,
                 "compression": compression, "data": data}
                for old, (compression, data) in bundle.originals.items()])
        activities = [{**row, "source_file_id": source_ids.get(row["source_file_id"])}
                      for row in bundle.activities]
        activity_ids = _insert_with_ids(conn, schema.activities, activities, athlete_id)
        _insert_children(conn, athlete_id, bundle, activity_ids, source_ids)
        entry_ids = _insert_with_ids(conn, schema.diary_entries, bundle.diary, athlete_id)
        if bundle.comments:
            conn.execute(schema.diary_comments.insert(), [
                {**row, "entry_id": entry_ids[row["entry_id"]], "athlete_id": athlete_id}
                for row in bundle.comments])
        if bundle.sends:
            conn.execute(schema.summary_sends.insert(), [
                {**row, "athlete_id": athlete_id} for row in bundle.sends])
        if bundle.acknowledgements:  # a diary flag's entry under its new id
            conn.execute(schema.flag_acknowledgements.insert(), [
                {**row, "athlete_id": athlete_id, "entry_id": None if row["entry_id"] is None
                 else entry_ids[row["entry_id"]]} for row in bundle.acknowledgements])
        if bundle.settings:
            conn.execute(schema.athlete_settings.insert(), [
                {"athlete_id": athlete_id, "key": key, "value": value}
                for key, value in bundle.settings.items()])
        touch(conn, athlete_id)
    return activity_ids


def _insert_children(conn, athlete_id: int, bundle: Bundle, activity_ids: dict[int, int],
                     source_ids: dict[int, int]) -> None:
    if bundle.samples:
        conn.execute(schema.activity_samples.insert(), [
            {"activity_id": activity_ids[old], "athlete_id": athlete_id,
             "sample_count": sample_count(blob), "data": blob}
            for old, blob in bundle.samples.items()])
    if bundle.profiles:
        conn.execute(schema.activity_profiles.insert(), [
            {"activity_id": activity_ids[old], "athlete_id": athlete_id, "version": version,
             "data": data} for old, (version, data) in bundle.profiles.items()])
    if bundle.links:
        conn.execute(schema.activity_sources.insert(), [
            {"activity_id": activity_ids[activity], "source_file_id": source_ids[source],
             "athlete_id": athlete_id} for activity, source in bundle.links])
