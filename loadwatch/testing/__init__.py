"""Test tooling, not part of loadwatch's API: nothing in the library imports it.

The sample data (``sample_data/make_samples.py``), the benchmarks and the
tests write their FIT files with :mod:`loadwatch.testing.fit_writer`. It ships
with the package only so those scripts run from any installation.
"""
