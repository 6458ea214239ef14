"""Sport names in every language, matched as words: a 'lauf' inside a word is not a run."""

from __future__ import annotations

import pytest

from loadwatch.importers.sports import normalise_sport
from loadwatch.importers.vocab import table

RUN = ("running", None)
TRAIL = ("running", "trail")
TREADMILL = ("running", "treadmill")
XC_SKI = ("cross_country_skiing", None)

CASES = {
    "en": [("Run", RUN), ("Running", RUN), ("TrailRun", TRAIL), ("Treadmill Running", TREADMILL),
           ("Track Running", ("running", "track")), ("VirtualRun", ("running", "virtual_activity")),
           ("Ride", ("cycling", None)), ("NordicSki", XC_SKI), ("Ice Skate", ("ice_skating", None)),
           ("Snowshoe", ("snowshoeing", None)),
           ("Weight Training", ("training", "strength_training")),
           ("Rowing", ("rowing", None)), ("Stride", ("generic", None))],
    "de": [("Lauf", RUN), ("Laufen", RUN), ("Dauerlauf", RUN), ("Waldlauf", RUN), ("Berglauf", RUN),
           ("Traillauf", TRAIL), ("Laufband", TREADMILL), ("Skilanglauf", XC_SKI),
           ("Langlauf", XC_SKI), ("Eislaufen", ("ice_skating", None)),
           ("Schneeschuhlaufen", ("snowshoeing", None)), ("Radfahrt", ("cycling", None)),
           ("Mountainbike-Fahrt", ("cycling", "mountain")), ("Wanderung", ("hiking", None)),
           ("Skilaufen", ("alpine_skiing", None)), ("Schlauf", ("generic", None))],
    "fr": [("Course à pied", RUN), ("Course", RUN), ("Course sur tapis", TREADMILL),
           ("Trail", TRAIL), ("Ski de fond", XC_SKI), ("Patin à glace", ("ice_skating", None)),
           ("Raquettes", ("snowshoeing", None)), ("Vélo", ("cycling", None)),
           ("Randonnée", ("hiking", None)), ("Parcours", ("generic", None))],
    "es": [("Carrera", RUN), ("Correr", RUN), ("Carrera en cinta", TREADMILL),
           ("Esquí de fondo", XC_SKI), ("Patinaje sobre hielo", ("ice_skating", None)),
           ("Raquetas de nieve", ("snowshoeing", None)), ("Ciclismo", ("cycling", None)),
           ("Senderismo", ("hiking", None))],
    "it": [("Corsa", RUN), ("Corsa su tapis roulant", TREADMILL), ("Sci di fondo", XC_SKI),
           ("Pattinaggio su ghiaccio", ("ice_skating", None)), ("Ciaspole", ("snowshoeing", None)),
           ("Ciclismo", ("cycling", None)), ("Escursionismo", ("hiking", None)),
           ("Discorsa", ("generic", None))],
    "nl": [("Hardlopen", RUN), ("Loopband", TREADMILL), ("Langlaufen", XC_SKI),
           ("Schaatsen", ("ice_skating", None)), ("Fietsen", ("cycling", None)),
           ("Wandelen", ("walking", None))],
    "pt": [("Corrida", RUN), ("Corrida em esteira", TREADMILL), ("Esqui de fundo", XC_SKI),
           ("Patinação no gelo", ("ice_skating", None)), ("Ciclismo", ("cycling", None)),
           ("Caminhada", ("walking", None)), ("Natação", ("swimming", None))],
    "nordic": [("Løb", RUN), ("Löpning", RUN), ("Løping", RUN), ("Løbebånd", TREADMILL),
               ("Löpband", TREADMILL), ("Tredemølle", TREADMILL), ("Langrend", XC_SKI),
               ("Längdskidåkning", XC_SKI), ("Langrenn", XC_SKI),
               ("Skøjteløb", ("ice_skating", None)), ("Cykling", ("cycling", None))],
}


@pytest.mark.parametrize(("text", "expected"),
                         [pytest.param(t, e, id=f"{lang}:{t}") for lang, cases in CASES.items()
                          for t, e in cases])
def test_sport_words_per_language(text, expected):
    assert normalise_sport(text) == expected


def test_numeric_gpx_types_case_and_punctuation():
    assert normalise_sport("9") == RUN  # Strava's GPX <type>
    assert normalise_sport("  TRAIL_RUNNING ") == TRAIL
    assert normalise_sport("running") == RUN
    assert normalise_sport(None) == ("generic", None)
    assert normalise_sport("Morning run, easy") == RUN  # a word among others


def test_every_sport_in_the_vocabulary_is_a_fit_name():
    from fitparse import profile

    sports = set(profile.FIELD_TYPES["sport"].values.values())
    sub_sports = set(profile.FIELD_TYPES["sub_sport"].values.values())
    for entry in table("sports")["sports"]:
        sport, sub_sport = entry["fit"]
        assert sport in sports, entry
        assert sub_sport is None or sub_sport in sub_sports, entry
