"""Fill a store with a club: N athletes with two years of runs each, accounts and coaches.

Runs are synthetic but complete: samples every 5 s (time, distance, speed,
heart rate, cadence, altitude, position), their profile, a source file row,
settings with an e-mail address and a summary day, and a diary entry now and
then. Written through ``restore_bundle``, the same bulk path an export's
restore takes, one transaction per athlete.

    python benchmarks/team_data.py --db postgresql+psycopg://... --athletes 1000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from datetime import UTC, date, datetime, timedelta

import numpy as np
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from loadwatch.metrics.profile import profile_of
from loadwatch.models import Activity
from loadwatch.samples_codec import encode_samples
from loadwatch.store import Store, schema
from loadwatch.store.bundle import Bundle, restore_bundle

PASSWORD = "bench-password-1"
ATHLETES_PER_COACH = 50
TEMPLATES = 24


def athlete_name(index: int) -> str:
    return f"athlete{index:04d}"


def coach_name(index: int) -> str:
    return f"coach{index:02d}"


def _template(rng: np.random.Generator, minutes: float, pace_s_per_km: float) -> dict:
    """One run's samples, encoded, with its summary and profile."""
    t = np.arange(0, minutes * 60, 5.0)
    speed = 1000 / pace_s_per_km * (1 + 0.05 * np.sin(t / 300)) + rng.normal(0, 0.05, t.size)
    distance = np.cumsum(speed * 5.0) - speed[0] * 5.0
    heart = 120 + 40 * (1 - np.exp(-t / 400)) + rng.normal(0, 2, t.size)
    altitude = 20 + 15 * np.sin(t / 500)
    samples = {"time": t, "distance": distance, "speed": speed, "heart_rate": np.round(heart),
               "cadence": np.full(t.size, 86.0), "altitude": altitude,
               "lat": 52.09 + distance / 111_000 * 0.7, "lon": 5.12 + distance / 111_000 * 0.7}
    summary = {"distance_m": float(distance[-1]), "timer_s": float(t[-1]),
               "elapsed_s": float(t[-1]), "avg_hr": float(heart.mean()),
               "max_hr": float(heart.max()), "avg_cadence": 86.0,
               "elevation_gain_m": float(np.clip(np.diff(altitude), 0, None).sum())}
    activity = Activity(start_time=datetime(2024, 1, 1, tzinfo=UTC), sport="running",
                        sub_sport="street", **summary)
    return {"blob": encode_samples(samples), "summary": summary,
            "profile": json.dumps(profile_of(activity, samples))}


def templates(seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [_template(rng, minutes=float(rng.uniform(25, 110)),
                      pace_s_per_km=float(rng.uniform(270, 390))) for _ in range(TEMPLATES)]


def athlete_bundle(index: int, runs: list[dict], today: date, smtp_port: int) -> Bundle:
    """Two years of four to six runs a week, a few diary entries, settings."""
    rng = np.random.default_rng(index)
    bundle = Bundle(settings={"email": f"{athlete_name(index)}@club.example",
                              "summary_day": "monday", "smtp_host": "127.0.0.1",
                              "smtp_port": str(smtp_port), "smtp_starttls": "false",
                              "smtp_from": "loadwatch@club.example", "max_hr": "190"})
    now = datetime.now(UTC).replace(tzinfo=None)
    first = today - timedelta(days=730)
    key = 0
    for day_number in range(730):
        day = first + timedelta(days=day_number)
        if rng.random() > 5 / 7:
            continue
        run = runs[int(rng.integers(len(runs)))]
        key += 1
        start = datetime(day.year, day.month, day.day, 6 + int(rng.integers(12)))
        digest = hashlib.sha256(f"{index}-{key}".encode()).hexdigest()
        bundle.sources.append({"id": key, "content_hash": digest, "source_name": f"{key}.fit",
                               "source_format": "fit", "size_bytes": len(run["blob"]),
                               "decoder": "bench", "warnings": "[]", "imported_at": now})
        bundle.activities.append({
            "id": key, "source_file_id": key, "session_index": 0, "name": "Run",
            "start_time": start, "utc_offset_s": 3600, "sport": "running",
            "sub_sport": "street", "device": "bench", "source_format": "fit",
            "source_name": f"{key}.fit", "content_hash": digest, "warnings": "[]",
            "created_at": now, "rpe": None, "surface_override": None, **run["summary"]})
        bundle.samples[key] = run["blob"]
        bundle.profiles[key] = (json.loads(run["profile"])["version"], run["profile"])
        bundle.links.append((key, key))
    for number, days_ago in enumerate((400, 120, 9)):
        day = today - timedelta(days=days_ago)
        entry = {"date": day.isoformat(), "side": "right", "location": "outer_hip",
                 "pain": 3 + number, "onset": "gradual", "character": ["aching"],
                 "when": ["during_run"], "signs": [], "trigger": None, "weeks": None,
                 "notes": None}
        bundle.diary.append({"id": number + 1, "date": datetime.fromisoformat(entry["date"]),
                             "data": json.dumps(entry), "created_at": now})
    return bundle


def bench_athletes(store: Store) -> int:
    with store.engine.connect() as conn:
        return len(conn.execute(select(schema.athletes.c.id).where(
            schema.athletes.c.name.like("athlete%"))).all())


def fill(store: Store, athletes: int, smtp_port: int = 8025) -> float:
    """Write the club (skipping athletes already there); seconds taken."""
    started = time.perf_counter()
    runs = templates()
    today = date.today()
    password_hash = generate_password_hash(PASSWORD)  # one hash: scrypt is slow on purpose
    existing = set(store.athletes())
    for index in range(athletes):
        name = athlete_name(index)
        if name in existing:
            continue
        restore_bundle(store, name, athlete_bundle(index, runs, today, smtp_port))
        _account(store, name, "athlete", password_hash, store.athlete_id(name))
        if (index + 1) % 100 == 0:
            print(f"  {index + 1} athletes ({time.perf_counter() - started:.0f} s)", flush=True)
    for coach in range((athletes + ATHLETES_PER_COACH - 1) // ATHLETES_PER_COACH):
        name = coach_name(coach)
        if _account(store, name, "coach", password_hash, None):
            followed = range(coach * ATHLETES_PER_COACH,
                             min(athletes, (coach + 1) * ATHLETES_PER_COACH))
            with store.engine.begin() as conn:
                user_id = conn.execute(select(schema.users.c.id).where(
                    schema.users.c.name == name)).scalar_one()
                conn.execute(schema.coach_athletes.insert(), [
                    {"user_id": user_id, "athlete_id": store.athlete_id(athlete_name(i))}
                    for i in followed])
    return time.perf_counter() - started


def _account(store: Store, name: str, role: str, password_hash: str,
             athlete_id: int | None) -> bool:
    with store.engine.begin() as conn:
        if conn.execute(select(schema.users.c.id).where(schema.users.c.name == name)).first():
            return False
        conn.execute(schema.users.insert(), {
            "name": name, "password_hash": password_hash, "role": role,
            "athlete_id": athlete_id, "created_at": datetime.now(UTC).replace(tzinfo=None)})
    return True


def prepare_sends(store: Store, port: int) -> None:
    """Point every athlete's summaries at this run's SMTP server; forget earlier sends."""
    table = schema.athlete_settings
    with store.engine.begin() as conn:
        conn.execute(table.update().where(table.c.key == "smtp_port").values(value=str(port)))
        conn.execute(table.update().where(table.c.key == "summary_day").values(value="monday"))
        conn.execute(schema.summary_sends.delete())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--athletes", type=int, default=1000)
    args = parser.parse_args()
    with Store(args.db) as store:
        seconds = fill(store, args.athletes)
        print(f"{bench_athletes(store)} athletes in the store ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
