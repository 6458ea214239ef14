"""Activity lists as CSV, one reader per source: Strava, Garmin Connect, training logs.

``loadwatch.importers.csv_formats`` tells the format from the header and hands
the rows to ``strava``, ``garmin`` or ``log``; ``cells``, ``dates`` and
``headers`` read numbers, dates and column names in every language the
sources write (vocabularies in ``importers/vocabulary/``).
"""
