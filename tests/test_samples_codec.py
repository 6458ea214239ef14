"""The samples codec: one compressed columnar blob per activity, precise to its resolution."""

from __future__ import annotations

import numpy as np

from loadwatch.importers.fit import read_fit
from loadwatch.samples_codec import decode_samples, encode_samples
from tests.fitbuild import run_file


def test_samples_codec_keeps_precision_and_missing_columns():
    count = 3600
    samples = {
        "time": np.arange(count, dtype=np.float64),
        "distance": np.linspace(0, 42_195.37, count),
        "lat": np.linspace(52.0, 52.1, count),
        "lon": np.linspace(5.0, 5.1, count),
        "heart_rate": np.full(count, 151.0),
        "speed": np.full(count, 3.215),
    }
    samples["heart_rate"][100:110] = np.nan  # a strap drop-out
    decoded = decode_samples(encode_samples(samples))
    # Resolutions: distance 1 cm, position one FIT semicircle (< 1 cm), speed 1 mm/s.
    np.testing.assert_allclose(decoded["distance"], samples["distance"], atol=0.005)
    np.testing.assert_allclose(decoded["lat"], samples["lat"], atol=180 / 2**31)
    np.testing.assert_allclose(decoded["speed"], samples["speed"], atol=0.0005)
    assert np.isnan(decoded["heart_rate"][100:110]).all()
    assert not np.isnan(decoded["heart_rate"][110:]).any()
    assert np.isnan(decoded["power"]).all()
    assert len(decoded["power"]) == count


def test_samples_from_a_fit_file_round_trip_exactly():
    (item,) = read_fit(run_file(600), source_name="run.fit", content_hash="a" * 64).activities
    decoded = decode_samples(encode_samples(item.samples))
    for name, values in item.samples.items():
        np.testing.assert_allclose(decoded[name], values, rtol=0, atol=1e-9, err_msg=name)
