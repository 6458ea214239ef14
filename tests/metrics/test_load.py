"""TRIMP, hrTSS, rTSS, session RPE, the duration default and the fallback chain.

The TRIMP numbers are the published worked examples, not the formula typed
again: fellrnr.com's "TRIMP" page (also quoted in Better Workouts' help on
training load) works a male athlete, HRmax 200, HRrest 40, 30 minutes at 130
bpm, to a TRIMP of 32, and gives 4.37 a minute as the most a man can score;
afitpilot's training lexicon works a 60-minute run at an average of 155 bpm
(rest 55, max 190) to about 118. The constants are those of Morton,
Fitz-Clarke and Banister (1990, J Appl Physiol 69(3):1171-1177).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from loadwatch.metrics.load import (
    hrtss,
    rtss,
    session_loads,
    srpe,
    trimp,
    trimp_constants,
)
from loadwatch.settings import Settings

REST, TOP = 50, 190  # resting and maximum heart rate
THRESHOLD_HR = 162
THRESHOLD_SPEED = 1000 / 240  # 4:00/km


def test_trimp_worked_example_fellrnr():
    # 30 min at 130 bpm, HRmax 200, HRrest 40, a man: "a value of 32".
    assert round(trimp({130: 1800}, 40, 200, "male")) == 32


def test_trimp_per_minute_is_at_most_4_37_for_men():
    # fellrnr.com: "For men this will give a TRIMP value of 0 to 4.37 per minute".
    assert trimp({200: 60}, 40, 200, "male") == pytest.approx(4.37, abs=0.005)
    assert trimp({40: 60}, 40, 200, "male") == 0


def test_trimp_from_an_average_heart_rate_worked_example_afitpilot():
    # 60 min at an average of 155 bpm, rest 55, max 190: "TRIMP ... ≈ 118".
    settings = Settings(sex="male", resting_hr=55, max_hr=190)
    (row,) = session_loads(_activity(avg_hr=155.0), settings).itertuples()
    assert round(row.trimp) == 118


def test_the_sample_path_and_the_average_path_are_one_formula():
    settings = Settings(sex="male", resting_hr=40, max_hr=200)
    from_samples = session_loads(_activity(hr_seconds={130: 1800.0}, timer_s=1800.0),
                                 settings)
    from_average = session_loads(_activity(avg_hr=130.0, timer_s=1800.0), settings)
    assert from_samples["trimp"].iloc[0] == pytest.approx(trimp({130: 1800}, 40, 200, "male"))
    assert from_average["trimp"].iloc[0] == pytest.approx(from_samples["trimp"].iloc[0])


def test_trimp_constants_of_morton_fitz_clarke_and_banister():
    assert trimp_constants("male") == (0.64, 1.92)
    assert trimp_constants("female") == (0.86, 1.67)
    assert trimp_constants(None) == trimp_constants("male")  # sex not set: the men's


def test_hrtss_is_100_for_an_hour_at_threshold():
    # TrainingPeaks' definition: an hour at lactate-threshold heart rate is 100.
    one_hour = trimp({THRESHOLD_HR: 3600}, REST, TOP, "male")
    assert hrtss(one_hour, THRESHOLD_HR, REST, TOP, "male") == pytest.approx(100)
    half_hour = trimp({THRESHOLD_HR: 1800}, REST, TOP, "female")
    assert hrtss(half_hour, THRESHOLD_HR, REST, TOP, "female") == pytest.approx(50)


def test_rtss_is_100_for_an_hour_at_threshold_pace():
    # TrainingPeaks' definition: an hour at threshold pace is 100, and the
    # score goes with the square of the intensity factor.
    assert rtss(1.0, THRESHOLD_SPEED, THRESHOLD_SPEED) == pytest.approx(100)
    assert rtss(1.0, THRESHOLD_SPEED / 2, THRESHOLD_SPEED) == pytest.approx(25)


def test_session_rpe_worked_example_fellrnr():
    # "if an athlete runs for two hours and rates this as an RPE of six, the
    # TRIMPcr10 would be 120 x 6 = 720" (Foster et al. 2001's session RPE).
    assert srpe(6, 120) == 720


def _activity(**values) -> pd.DataFrame:
    row = {"timer_s": 3600.0, "avg_hr": np.nan, "rpe": np.nan, "ngp_speed": np.nan,
           "hr_seconds": {}}
    row.update(values)
    return pd.DataFrame([row])


FULL = Settings(sex="male", resting_hr=REST, max_hr=TOP, threshold_hr=THRESHOLD_HR,
                threshold_pace="4:00/km")


@pytest.mark.parametrize(("activity", "settings", "method", "points"), [
    # heart rate and all HR settings: hrTSS, an hour at threshold
    ({"hr_seconds": {THRESHOLD_HR: 3600.0}, "ngp_speed": 3.0, "rpe": 7.0}, FULL, "hrtss",
     100.0),
    # only an average heart rate: used for the whole duration
    ({"avg_hr": float(THRESHOLD_HR)}, FULL, "hrtss", 100.0),
    # no threshold HR: rTSS from pace, an hour at threshold pace
    ({"hr_seconds": {THRESHOLD_HR: 3600.0}, "ngp_speed": THRESHOLD_SPEED},
     Settings(resting_hr=REST, max_hr=TOP, threshold_pace="4:00/km"), "rtss", 100.0),
    # no pace either: session RPE, 1 h at RPE 7 = 100 points (loadwatch's scale)
    ({"rpe": 7.0}, Settings(resting_hr=REST, max_hr=TOP), "srpe", 100.0),
    # nothing: an hour of easy running at IF 0.75 = 56.25 points (loadwatch's default)
    ({}, Settings(), "duration", 56.25),
])
def test_fallback_chain(activity, settings, method, points):
    (row,) = session_loads(_activity(**activity), settings).itertuples()
    assert row.load_method == method
    assert row.load == pytest.approx(points)


def test_every_computable_load_is_kept_beside_the_chosen_one():
    (row,) = session_loads(_activity(hr_seconds={THRESHOLD_HR: 3600.0},
                                     ngp_speed=THRESHOLD_SPEED / 2, rpe=7.0),
                           FULL).itertuples()
    assert row.trimp == pytest.approx(trimp({THRESHOLD_HR: 3600}, REST, TOP, "male"))
    assert row.rtss == pytest.approx(25)
    assert row.srpe == 420
    assert row.load_method == "hrtss"


def test_loads_say_how_they_were_estimated():
    notes = session_loads(pd.concat([_activity(rpe=7.0), _activity()], ignore_index=True),
                          Settings())["load_note"].tolist()
    assert "session RPE" in notes[0]
    assert "counted as easy running" in notes[1]
    (row,) = session_loads(_activity(avg_hr=150.0),
                           Settings(resting_hr=REST, max_hr=TOP, threshold_hr=170)).itertuples()
    assert "men's constants" in row.load_note
