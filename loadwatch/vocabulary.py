"""The fixed words loadwatch speaks in, each list in one place.

Metrics, risk rules, the diary, the summary, the command line and the
dashboard all take their words from here: a surface, band, zone, weekday,
urgency or severity is spelled once. Thresholds that give a word its meaning
(where an acute:chronic zone starts) live beside it.

References
----------
.. [1] Frandsen J. et al. (2025). Single-run spikes in running distance and
   injury. Br J Sports Med 59(17):1203-1210.
.. [2] Nielsen R.O. et al. (2014). Excessive progression in weekly running
   distance and risk of running-related injuries. J Orthop Sports Phys Ther
   44(10):739-747.
.. [3] Gabbett T.J. (2016). The training-injury prevention paradox. Br J Sports
   Med 50:273-280 (the 0.8-1.3 "sweet spot" and the danger zone above 1.5).
.. [4] Buist I. et al. (2008). No effect of a graded training program on the
   number of running-related injuries in novice runners. Am J Sports Med
   36:33-39 (the 10% rule).
"""

from __future__ import annotations

# Sports done on foot: their distance counts toward running volume and shows a pace.
FOOT_SPORTS = ("running", "walking", "hiking")

# Surfaces a run can be on; "unknown" when nothing says (a row of an activity list).
SURFACES = ("road", "trail", "track", "treadmill", "grass", "sand", "mixed", "unknown")

# Single-run spike bands (Frandsen et al. 2025 [1]), lowest first; every band
# above "reference" is a spike worth naming.
SPIKE_BANDS = ("reference", "small", "moderate", "large")
RAISED_SPIKE_BANDS = SPIKE_BANDS[1:]

# Weekly change bands (Nielsen et al. 2014 [2]), lowest first.
CHANGE_BANDS = ("regression", "<10%", "10-30%", ">30%")

# Acute:chronic zones (Gabbett 2016 [3]), lowest first, and the ratios that part
# them: low below ACWR_LOW, sweet spot up to ACWR_CAUTION, caution up to
# ACWR_DANGER, danger above.
ACWR_ZONES = ("low", "sweet spot", "caution", "danger")
ACWR_LOW = 0.8
ACWR_CAUTION = 1.3
ACWR_DANGER = 1.5
# Zones whose ratio calls for a lighter week.
ACWR_RAISED_ZONES = ("caution", "danger")

# Where the risk rules draw their lines (``loadwatch.risk``), each with its source.
# Weekly change, percent: the 10% rule of thumb (Buist et al. 2008 [4] found no
# protective effect) and Nielsen et al. 2014's 30% [2]; pain in the diary or a
# bone-stress profile tightens them to 5% and 20%, and the ratios to 1.2 and 1.4.
WEEKLY_CAUTION_PCT = 10.0
WEEKLY_HIGH_PCT = 30.0
TIGHT_WEEKLY_CAUTION_PCT = 5.0
TIGHT_WEEKLY_HIGH_PCT = 20.0
TIGHT_ACWR_CAUTION = 1.2
TIGHT_ACWR_DANGER = 1.4
# A stable base: running in each of the STABLE_BASE_WEEKS weeks before, each
# within WEEKLY_HIGH_PCT of the week before it (the steady week-on-week training
# Nielsen et al. 2014 [2] measured progression in).
STABLE_BASE_WEEKS = 4
# A week of less than this share of the four weeks before it is a near-zero
# week: the week after it is compared in distance, not as a percentage.
NEAR_ZERO_SHARE = 0.25
# Three or more weeks without a run is a break; the first four weeks back are
# compared with the weeks before the break, and a history younger than the
# 30 days of Frandsen et al. 2025's spike reference [1] is still being built.
BREAK_DAYS = 21
RETURN_DAYS = 28
REFERENCE_DAYS = 30
# A reference of fewer runs than this (in the 30 days before a run, or the four
# weeks before a break) is thin: a spike or a comparison against it is one
# severity lower, and says so. loadwatch's own choice: in Frandsen et al. 2025
# runners ran about six times in 30 days (588,071 runs, 5,205 runners, 18 months).
THIN_REFERENCE_RUNS = 3

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# The words of a symptom diary entry. Locations run from the hip down to the
# foot (runners' stress fractures are most often in the shin and foot).
SIDES = ("left", "right", "both")
LOCATIONS = ("groin", "front_hip", "outer_hip", "buttock", "deep_hip", "lower_back",
             "thigh_front", "thigh_outer", "knee_front", "knee_outer", "shin_inner",
             "shin_front", "calf", "achilles", "heel", "arch", "top_of_foot")
# The body region of each location (the guidance groups its conditions by it).
REGIONS = {"hip": ("groin", "front_hip", "outer_hip", "buttock", "deep_hip", "lower_back",
                   "thigh_front", "thigh_outer"),
           "knee": ("knee_front", "knee_outer"),
           "lower leg": ("shin_inner", "shin_front", "calf", "achilles"),
           "foot": ("heel", "arch", "top_of_foot")}
# The guidance's groups: the body regions, then what is no running injury of one
# region (a joint infection can strike the hip, the knee or any other joint).
GUIDANCE_REGIONS = (*REGIONS, "any joint")
ONSETS = ("sudden", "gradual")
CHARACTERS = ("sharp", "dull", "aching", "burning", "pinching", "throbbing")
# "at_night" is pain that is there all night or wakes the runner (a bone-stress
# sign); "lying_on_side" is pain only when lying on the sore side (typical of
# gluteal tendinopathy, not of bone stress).
WHEN = ("during_run", "after_run", "walking", "at_rest", "at_night", "lying_on_side",
        "after_sitting", "end_of_day", "hip_flexion", "earlier_in_each_run",
        "hills_or_sprints", "hopping", "first_steps", "stairs_or_squatting")
SIGNS = ("swelling", "bruising", "redness", "warmth", "tenderness", "bone_tenderness",
         "clicking", "popping", "catching", "locking", "giving_way", "stiffness", "reduced_range",
         "weakness", "numbness", "fever", "cannot_bear_weight", "limp")
TRIGGERS = ("fall_or_impact", "trip", "mileage_increase", "new_surface", "hills", "speedwork")

# How a diary word reads where "_" -> " " would not say it plainly.
WORD_LABELS = {"at_night": "at night (constant or waking me)",
               "lying_on_side": "only lying on that side",
               "hopping": "hopping on that leg",
               "first_steps": "first steps in the morning",
               "stairs_or_squatting": "stairs, squatting or kneeling",
               "earlier_in_each_run": "earlier in each run",
               "bone_tenderness": "tender at one spot on the bone",
               "warmth": "hot to the touch",
               "numbness": "numbness or tingling",
               "giving_way": "gives way",
               "cannot_bear_weight": "cannot bear weight",
               "top_of_foot": "top of foot",
               "hip_flexion": "lifting the knee (hip flexion)"}


def word_label(word: str) -> str:
    """A diary word as the runner reads it (``at_night`` -> ``at night (constant ...)``)."""
    return WORD_LABELS.get(word, word.replace("_", " "))


# A diary entry's urgency, most pressing first, and what each tells the runner
# (the same words in the terminal, the dashboard and the summary).
URGENCIES = ("urgent", "see_clinician", "self_care")
URGENCY_TEXT = {"urgent": "URGENT: seek medical care now.",
                "see_clinician": "See a clinician: book a visit.",
                "self_care": "Self-care: no warning sign reported. Follow the guidance, and "
                             "see a clinician if it gets worse or does not settle."}

# Said wherever the acute:chronic ratio is shown (Impellizzeri et al. 2020).
ACWR_CAVEAT = ("The acute:chronic ratio is contested (Impellizzeri et al. 2020): read it "
               "as a trend, not a verdict.")

# A risk flag's severity, most severe first (the order flags are listed in).
SEVERITIES = ("urgent", "high", "caution", "info")
SEVERITY_ORDER = {word: rank for rank, word in enumerate(SEVERITIES)}

# Risk flag kinds, named by what the evidence behind the flag covers: bone stress
# (the diary's bone-stress signs), overuse running injury (spikes, weekly change,
# the ratios, terrain: Frandsen et al. 2025, Nielsen et al. 2014), overtraining
# (illness and fatigue after monotonous or unrelieved load: Foster 1998), and a
# warning sign of the diary that is none of these (a possible joint infection).
FLAG_KINDS = ("stress_fracture", "overuse", "overtraining", "symptom")

# The three intensity classes of running time: zones 1-2, zone 3, zones 4-5.
INTENSITIES = ("easy", "moderate", "hard")

# Form (TSB = fitness - fatigue, in load points a day) zones, lowest first, and
# the values that part them: high risk below FORM_OPTIMAL, optimal training up
# to FORM_NEUTRAL, neutral up to FORM_FRESH, fresh above. These are coaching
# conventions, not research findings: the bands of intervals.icu's fitness chart
# (its "grey zone" is called neutral here), after the TSB guidance TrainingPeaks
# popularised; read them as a guide to the trend.
FORM_ZONES = ("high risk", "optimal training", "neutral", "fresh")
FORM_OPTIMAL = -30.0
FORM_NEUTRAL = -10.0
FORM_FRESH = 5.0
FORM_ZONES_SOURCE = ("Form zones: intervals.icu's conventions (after TrainingPeaks), "
                     "a guide from coaching practice, not research findings.")
