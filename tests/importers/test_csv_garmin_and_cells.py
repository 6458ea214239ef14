"""Garmin Connect lists of every generation, the distance unit they do not state, and
cells no list should hold (inf, NaN, 1e308, negative, impossible dates)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from loadwatch.errors import NoActivity, UnsupportedFormat, UsageError
from loadwatch.importers.activity_lists.cells import duration_seconds, number
from loadwatch.importers.activity_lists.units import infer_unit, row_unit
from loadwatch.importers.csv_formats import read_csv
from loadwatch.importers.sports import normalise_sport

OLD_GERMAN = ("Aktivitätstyp,Datum,Favorit,Titel,Distanz,Kalorien,Zeit,Ø HF,Max. HF,Aerober TE,"
              "Ø Schrittfrequenz (Laufen),Max. Schrittfrequenz (Laufen),Ø Pace,Beste Pace,"
              "Positiver Höhenunterschied,Negativer Höhenunterschied,Ø Schrittlänge")
# 170 steps/min x 50 min x 1.18 m = 10,030 m: "10.00" is km.
OLD_ROW = ('Laufen,"Fr, 25 Mai 2012 20:31",false,"Abendlauf","10.00","700","00:50:00","150",'
           '"170","3.0","170","190","5:00","4:00","100","100","1.18"')
ENGLISH = ("Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,Aerobic TE,"
           "Avg Run Cadence,Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,"
           "Avg Stride Length,Moving Time,Elapsed Time")


def _read(text: str, **options):
    return read_csv(text.encode(), source_name="Activities.csv", content_hash="h",
                    options=options)


def _english_row(distance: str, cadence: str = "170", stride: str = "1.00",
                 time: str = "01:00:00", date: str = "2024-05-04 07:30:00") -> str:
    return (f'Running,{date},false,"Run","{distance}","700","{time}","150","170","3.0",'
            f'"{cadence}","190","5:00","4:00","30","30","{stride}","{time}","{time}"')


def test_old_generation_title_line_german_header_and_date():
    parsed = _read(f"Aktivitäten\n{OLD_GERMAN}\n{OLD_ROW}\n", timezone="Europe/Berlin")
    (item,) = parsed.activities
    a = item.activity
    assert a.start_time.isoformat() == "2012-05-25T18:31:00+00:00"  # 20:31 CEST
    assert (a.sport, a.distance_m, a.timer_s, a.avg_hr, a.max_hr) == (
        "running", 10000, 3000, 150, 170)
    assert a.elevation_gain_m == 100
    assert item.activity.session_index == 3
    assert parsed.warnings == ["distances read in km: cadence x stride length x time fits km "
                               "in 1 row"]


def test_headerless_variant_takes_the_shared_column_order():
    (item,) = _read(OLD_ROW + "\n", timezone="UTC").activities
    assert (item.activity.distance_m, item.activity.avg_hr) == (10000, 150)
    assert item.activity.start_time.isoformat() == "2012-05-25T20:31:00+00:00"
    with pytest.raises(UnsupportedFormat):  # a list that lost its header is not taken for it
        _read("1,2014-09-12 16:54:28,Evening Ride,Ride,,9462,43057.4,false,,x\n")


def test_unit_inferred_km_and_mi():
    # 170 steps/min x 60 min x 1.00 m = 10,200 m: 10.20 km, or 6.34 mi.
    km = _read(f"{ENGLISH}\n{_english_row('10.20')}\n{_english_row('5.10', time='00:30:00')}\n")
    assert [i.activity.distance_m for i in km.activities] == [10200, 5100]
    mi = _read(f"{ENGLISH}\n{_english_row('6.34')}\n")
    (item,) = mi.activities
    assert item.activity.distance_m == pytest.approx(6.34 * 1609.344)
    assert item.activity.elevation_gain_m == pytest.approx(30 * 0.3048)  # feet with miles
    assert mi.warnings[-1].startswith("distances read in mi")


def test_units_asked_only_when_no_row_tells():
    no_cadence = _english_row("10.20", cadence="--", stride="--")
    walking = _english_row("2.00")  # fits neither unit: cadence of another activity
    with pytest.raises(UsageError, match="--units km or --units mi"):
        _read(f"{ENGLISH}\n{no_cadence}\n{walking}\n")
    telling = _read(f"{ENGLISH}\n{no_cadence}\n{walking}\n{_english_row('6.34')}\n")
    assert [round(i.activity.distance_m) for i in telling.activities] == [16415, 3219, 10203]


def test_the_users_units_and_the_headers_unit_win():
    given = _read(f"{ENGLISH}\n{_english_row('10.20')}\n", units="mi")
    assert given.activities[0].activity.distance_m == pytest.approx(10.2 * 1609.344)
    assert given.warnings[-1] == ("--units mi given, but cadence x stride length x time fits km "
                                  "in 1 row")
    named = _read(f"{ENGLISH.replace('Distance', 'Distance (mi)')}\n{_english_row('6.34')}\n")
    assert named.activities[0].activity.distance_m == pytest.approx(6.34 * 1609.344)


def test_row_unit_needs_every_number():
    assert row_unit(10.2, 170, 1.0, 3600) == "km"
    assert row_unit(6.34, 170, 1.0, 3600) == "mi"
    assert row_unit(8.0, 170, 1.0, 3600) is None  # neither within 8%
    assert row_unit(10.2, None, 1.0, 3600) is None
    assert row_unit(10.2, 170, 0, 3600) is None
    assert infer_unit([(10.2, 170, 1.0, 3600)] * 9 + [(6.34, 170, 1.0, 3600)])[0] == "km"
    assert infer_unit([(10.2, 170, 1.0, 3600), (6.34, 170, 1.0, 3600)])[0] is None


@pytest.mark.parametrize(("text", "value"), [
    ("10,02", 10.02), ("1.393,5", 1393.5), ("1,393", 1393), ("13.78", 13.78), ("171", 171),
    ("2432.77001953125", 2432.77001953125), ("1 393", 1393), ("inf", None), ("-inf", None),
    ("Infinity", None), ("NaN", None), ("nan", None), ("1e308", None), ("1E5", None),
    ("-5", None), ("-0.5", None), ("0x10", None), ("--", None), ("", None), ("1e9", None),
    ("1000000000", None), ("abc", None),
])
def test_numbers_are_finite_and_not_negative(text, value):
    assert number(text) == value


def test_the_decimal_mark_of_a_file_decides_the_ambiguous_cells():
    assert number("1.500", ",") == 1500
    assert number("1,500", ".") == 1500
    assert number("1,5", ",") == 1.5
    assert number("1.5", ".") == 1.5


@pytest.mark.parametrize(("text", "seconds"), [
    ("3600", 3600), ("1:00:00", 3600), ("45:10", 2710), ("00:04:24.5", 264.5),
    ("30:00,75", 1800.75), ("00:NaN:NaN", None), ("NaN", None), ("-0:10:00", None),
    ("1:75:00", None), ("inf", None), ("1e308", None), ("--", None), ("1:2:3:4", None),
])
def test_durations_are_finite_and_not_negative(text, seconds):
    assert duration_seconds(text) == seconds


def test_hostile_cells_in_a_training_log_become_no_value():
    parsed = _read("date,distance_km,duration,avg_hr\n2024-05-01,inf,-0:45:00,1e308\n"
                   "2024-05-02,nan,00:NaN:NaN,-150\n2024-05-03,1e308,0:30:00,NaN\n")
    for item in parsed.activities:
        a = item.activity
        for value in (a.distance_m, a.timer_s, a.elapsed_s, a.avg_hr):
            assert value is None or (math.isfinite(value) and value >= 0)
    assert [i.activity.distance_m for i in parsed.activities] == [None, None, None]


def test_impossible_and_out_of_range_dates_are_named_rows():
    future = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    parsed = _read("date,distance_km,duration\n2024-05-01,5,0:30:00\n2020-02-30,5,0:30:00\n"
                   f"1969-12-31,5,0:30:00\n{future},5,0:30:00\n9999-12-31,5,0:30:00\n")
    assert len(parsed.activities) == 1
    assert parsed.warnings == [
        "row 3: no readable date ('2020-02-30'); left out",
        "row 4: its date 1969-12-31 is before 1970; left out",
        f"row 5: its date {future} is in the future; left out",
        "row 6: its date 9999-12-31 is in the future; left out"]
    strava = ("Activity ID,Activity Date,Activity Type,Distance,Distance\n"
              '1,"Feb 30, 2020, 10:00:00 AM",Run,5.00,5000.0\n')
    with pytest.raises(NoActivity, match="row 2: no readable date"):
        _read(strava)
    garmin = f"{ENGLISH}\n{_english_row('10.20', date='1000-01-01 07:00:00')}\n"
    with pytest.raises(NoActivity, match="row 2: its date 1000-01-01 is before 1970"):
        _read(garmin, units="km")


def test_german_sport_words_in_a_training_log():
    parsed = _read("date,distance_km,duration,sport\n2024-01-08,10,0:55:00,Laufen\n"
                   "2024-01-10,18,1:30:00,Skilanglauf\n2024-01-11,12,1:10:00,Langlauf\n"
                   "2024-01-12,8,0:45:00,Eislaufen\n2024-01-13,6,1:30:00,Schneeschuhlaufen\n"
                   "2024-01-14,21.1,1:45:00,Dauerlauf\n")
    sports = [i.activity.sport for i in parsed.activities]
    assert sports == ["running", "cross_country_skiing", "cross_country_skiing", "ice_skating",
                      "snowshoeing", "running"]
    assert normalise_sport("Waldlauf") == ("running", None)
