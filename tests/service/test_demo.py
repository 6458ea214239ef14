"""``loadwatch demo``'s store: the sample data with the sample runner's heart rates."""

from __future__ import annotations

from datetime import date

from loadwatch.service.demo import DEMO_SETTINGS, demo_day, load_demo
from loadwatch.service.reports import athlete_today, pin_today, training
from loadwatch.service.settings import athlete_settings, heart_rate_gap
from loadwatch.store import Store
from tests.conftest import ROOT


def test_the_demo_sets_heart_rates_so_zones_are_full_and_loads_are_hrtss(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        load_demo(store, athlete="me", folder=ROOT / "sample_data", workers=1)
        assert len(store.activities("me")) == 77
        stored, settings = athlete_settings(store, athlete="me")
        assert stored == DEMO_SETTINGS
        assert heart_rate_gap(settings) is None  # no banner
        runs = training(store, athlete="me").activities
    assert set(runs["load_method"]) == {"hrtss"}
    zones = runs[[f"hr_zone_{n}_s" for n in range(1, 6)]]
    assert zones.notna().all().all()
    assert (zones.sum(axis=1) > 0).all()


def test_the_demo_opens_on_the_day_of_its_last_run_not_weeks_after(tmp_path):
    """Opened long after the sample's last run, the demo still shows a runner mid-training."""
    with Store(f"sqlite:///{tmp_path / 'demo.db'}") as store:
        load_demo(store, athlete="me", folder=ROOT / "sample_data", workers=1)
        day = demo_day(store, athlete="me")
        last = max(a.local_start.date() for a in store.activities("me"))
        assert day == min(last, date.today())
        try:
            pin_today(day)
            assert athlete_today(store, athlete="me") == day
            view = training(store, athlete="me")
            assert view.days.index.max().date() == day
        finally:
            pin_today(None)
        assert athlete_today(store, athlete="me") != day or day == date.today()
