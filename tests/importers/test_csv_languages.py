"""Activity lists in the languages Strava and Garmin Connect export, built here as text.

Strava's activities.csv: translated headers, the date in the account language's
format (month names), decimal commas in the display columns, repeated columns.
Garmin Connect's Activities.csv: an older generation (a title line, 'Ø HF',
'Fr, 25 Mai 2012 20:31'), the variant without a header row, and its distance
unit told from cadence x stride length x time.
"""

from __future__ import annotations

import pytest

from loadwatch.errors import UsageError
from loadwatch.importers.activity_lists.dates import parse_date
from loadwatch.importers.csv_formats import csv_kind, read_csv
from loadwatch.importers.vocab import table

# Field order of the Strava lists below (the current export's, shortened): display
# columns first, then the program-written ones (metres, seconds with a dot decimal).
STRAVA_HEADERS = {
    "en": ["Activity ID", "Activity Date", "Activity Name", "Activity Type", "Elapsed Time",
           "Distance", "Max Heart Rate", "Filename", "Elapsed Time", "Moving Time", "Distance",
           "Elevation Gain", "Max Heart Rate", "Average Heart Rate", "Perceived Exertion"],
    "de": ["Aktivitäts-ID", "Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart",
           "Verstrichene Zeit", "Distanz", "Max. Herzfrequenz", "Dateiname", "Verstrichene Zeit",
           "Bewegungszeit", "Distanz", "Höhenzunahme", "Max. Herzfrequenz",
           "Durchschnittliche Herzfrequenz", "Gefühlte Anstrengung"],
    "fr": ["ID de l'activité", "Date de l'activité", "Nom de l'activité", "Type d'activité",
           "Temps écoulé", "Distance", "Fréquence cardiaque max.", "Nom du fichier",
           "Temps écoulé", "Temps de déplacement", "Distance", "Dénivelé positif",
           "Fréquence cardiaque max.", "Fréquence cardiaque moyenne", "Effort perçu"],
    "es": ["ID de actividad", "Fecha de la actividad", "Nombre de la actividad",
           "Tipo de actividad", "Tiempo transcurrido", "Distancia", "Frecuencia cardíaca máxima",
           "Nombre del archivo", "Tiempo transcurrido", "Tiempo en movimiento", "Distancia",
           "Desnivel positivo", "Frecuencia cardíaca máxima", "Frecuencia cardíaca media",
           "Esfuerzo percibido"],
    "it": ["ID attività", "Data dell'attività", "Nome attività", "Tipo di attività",
           "Tempo trascorso", "Distanza", "Frequenza cardiaca massima", "Nome file",
           "Tempo trascorso", "Tempo in movimento", "Distanza", "Dislivello positivo",
           "Frequenza cardiaca massima", "Frequenza cardiaca media", "Sforzo percepito"],
    "nl": ["Activiteit-ID", "Activiteitsdatum", "Naam activiteit", "Activiteitstype",
           "Verstreken tijd", "Afstand", "Max. hartslag", "Bestandsnaam", "Verstreken tijd",
           "Beweegtijd", "Afstand", "Hoogteverschil", "Max. hartslag", "Gemiddelde hartslag",
           "Ervaren inspanning"],
    "pt": ["ID da atividade", "Data da atividade", "Nome da atividade", "Tipo de atividade",
           "Tempo decorrido", "Distância", "Frequência cardíaca máxima", "Nome do arquivo",
           "Tempo decorrido", "Tempo em movimento", "Distância", "Ganho de elevação",
           "Frequência cardíaca máxima", "Frequência cardíaca média", "Esforço percebido"],
}
# (date as the language writes 2023-03-12 07:05:10 UTC, display distance, run type)
STRAVA_ROWS = {
    "en": ("Mar 12, 2023, 7:05:10 AM", "10.02", "Run"),
    "de": ("12.03.2023, 07:05:10", "10,02", "Lauf"),
    "fr": ("12 mars 2023, 07:05:10", "10,02", "Course à pied"),
    "es": ("12 mar 2023, 7:05:10", "10,02", "Carrera"),
    "it": ("12 mar 2023, 07:05:10", "10,02", "Corsa"),
    "nl": ("12 mrt 2023, 07:05:10", "10,02", "Hardlopen"),
    "pt": ("12 de mar. de 2023 07:05:10", "10,02", "Corrida"),
}


def _csv(header: list[str], *rows: list[str]) -> bytes:
    def line(cells):
        return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in cells)

    return ("\n".join([line(header), *(line(r) for r in rows)]) + "\n").encode()


def _read(data: bytes, **options):
    return read_csv(data, source_name="list.csv", content_hash="h", options=options)


def _strava_row(language: str) -> list[str]:
    date, display, sport = STRAVA_ROWS[language]
    return ["9100000001", date, "Morgenrunde", sport, "3000", display, "171", "", "3000.0",
            "2950.0", "10020.5", "35.0", "171.0", "148.0", "6.0"]


@pytest.mark.parametrize("language", sorted(STRAVA_HEADERS))
def test_strava_list_in_each_language(language):
    parsed = _read(_csv(STRAVA_HEADERS[language], _strava_row(language)))
    assert parsed.decoder == "csv:strava"
    assert parsed.warnings == []
    (item,) = parsed.activities
    a = item.activity
    assert a.start_time.isoformat() == "2023-03-12T07:05:10+00:00"  # Strava's dates are UTC
    assert (a.sport, a.distance_m, a.timer_s, a.elapsed_s) == ("running", 10020.5, 2950, 3000)
    assert (a.max_hr, a.avg_hr, a.elevation_gain_m, a.rpe) == (171, 148, 35, 6)


@pytest.mark.parametrize("language", ["de", "fr", "es", "it", "nl", "pt"])
def test_a_lone_display_distance_reads_its_decimal_comma(language):
    header = STRAVA_HEADERS[language][:8]  # an export without the metres columns
    data = _csv(header, _strava_row(language)[:8])
    with pytest.raises(UsageError, match="--units km or --units mi"):
        _read(data)
    (item,) = _read(data, units="km").activities
    assert item.activity.distance_m == pytest.approx(10020)  # "10,02" km


def test_old_and_current_english_strava_lists():
    old_header = ["id", "date", "name", "type", "description", "elapsed_time", "distance",
                  "commute", "gear", "filename"]
    old = _csv(old_header, ["1", "2014-09-12 16:54:28", "Evening Run", "Run", "", "3000",
                            "10020.5", "false", "", "activities/1.gpx"])
    assert csv_kind(old.decode().splitlines()[0].split(",")) == "strava_old"
    (item,) = _read(old).activities
    assert (item.activity.distance_m, item.activity.elapsed_s) == (10020.5, 3000)
    current = _csv(STRAVA_HEADERS["en"], _strava_row("en"),
                   ["2", "Oct 6, 2022, 11:19:20 PM", "Evening Ride", "Ride", "979", "2.43",
                    "177.0", "", "979.0", "971.0", "2432.77001953125", "0.0", "", "", ""])
    first, second = (i.activity for i in _read(current).activities)
    assert first.sport == "running"
    assert first.distance_m == 10020.5
    assert second.start_time.isoformat() == "2022-10-06T23:19:20+00:00"
    assert (second.sport, second.distance_m, second.max_hr) == ("cycling", 2432.77001953125, 177)


def test_unknown_strava_columns_are_named_briefly():
    header = [*STRAVA_HEADERS["fr"], "Fréquence cardiaque au repos",
              *(f"Colonne {n}" for n in range(12))]
    parsed = _read(_csv(header, _strava_row("fr") + [""] * 13))
    assert parsed.warnings == ["columns not read: Fréquence cardiaque au repos (+12 more)"]
    quiet = _read(_csv([*STRAVA_HEADERS["fr"], "Colonne A", "Colonne B"], _strava_row("fr")))
    assert quiet.warnings == ["2 columns not read"]


MONTHS = {  # one date per language as Strava (CLDR medium) or Garmin writes it
    "en": [("Oct 6, 2022, 11:19:20 PM", "2022-10-06 23:19:20"),
           ("Jan 1, 2023, 12:00:00 AM", "2023-01-01 00:00:00"),
           ("6 Sept 2022, 07:00:00", "2022-09-06 07:00:00")],
    "de": [("06.10.2022, 23:19:20", "2022-10-06 23:19:20"),
           ("Fr, 25 Mai 2012 20:31", "2012-05-25 20:31:00"),
           ("3. März 2023, 08:00:00", "2023-03-03 08:00:00"),
           ("4. Jän. 2023 09:00", "2023-01-04 09:00:00")],
    "fr": [("6 oct. 2022, 23:19:20", "2022-10-06 23:19:20"),
           ("3 févr. 2023, 07:00:00", "2023-02-03 07:00:00"),
           ("mar., 12 mars 2024 08:00", "2024-03-12 08:00:00"),
           ("15 août 2023, 06:30:00", "2023-08-15 06:30:00")],
    "es": [("6 oct 2022, 11:19:20 p. m.", "2022-10-06 23:19:20"),
           ("5 ene 2023, 7:00:00", "2023-01-05 07:00:00"),
           ("1 sept 2023, 7:00:00", "2023-09-01 07:00:00")],
    "it": [("6 ott 2022, 23:19:20", "2022-10-06 23:19:20"),
           ("7 gen 2023, 07:00:00", "2023-01-07 07:00:00"),
           ("2 giu 2023, 07:00:00", "2023-06-02 07:00:00")],
    "nl": [("6 okt 2022, 23:19:20", "2022-10-06 23:19:20"),
           ("3 mrt 2023, 07:00:00", "2023-03-03 07:00:00"),
           ("4 mei 2023, 07:00:00", "2023-05-04 07:00:00")],
    "pt": [("6 de out. de 2022 23:19:20", "2022-10-06 23:19:20"),
           ("2 de fev. de 2023 07:00:00", "2023-02-02 07:00:00"),
           ("06/10/2022, 23:19:20", "2022-10-06 23:19:20")],
    "nordic": [("6. okt. 2022 23.19.20", "2022-10-06 23:19:20"),
               ("6 maj 2023 10:00:00", "2023-05-06 10:00:00")],
}


@pytest.mark.parametrize(("text", "expected"),
                         [pytest.param(t, e, id=f"{lang}:{t}") for lang, cases in MONTHS.items()
                          for t, e in cases])
def test_dates_with_month_names(text, expected):
    assert str(parse_date(text)) == expected


def test_every_month_name_of_the_vocabulary():
    for language, months in table("months")["months"].items():
        for number, names in enumerate(months, start=1):
            for name in names:
                found = parse_date(f"15 {name} 2023, 10:00:00")
                assert found is not None, (language, name)
                assert found.month == number, (language, name)
